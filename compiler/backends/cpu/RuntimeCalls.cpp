//===- RuntimeCalls.cpp - calling the runtime from generated code ---------===//

#include "compiler/backends/cpu/RuntimeCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace {
/// Declares `name` as a private FuncTy of `type` in `symbols`' module unless
/// it is declared; fails with an error if it is declared otherwise.
template <typename FuncTy, typename TypeTy>
LogicalResult declare(SymbolTable &symbols, StringRef name, TypeTy type) {
  auto module = cast<ModuleOp>(symbols.getOp());
  if (Operation *existing = symbols.lookup(name)) {
    auto func = dyn_cast<FuncTy>(existing);
    if (func && func.getFunctionType() == type)
      return success();
    return existing->emitError()
           << "'" << name << "' is declared with another type than the "
           << "runtime's " << type;
  }
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto func = FuncTy::create(builder, module.getLoc(), name, type);
  if constexpr (std::is_same_v<FuncTy, func::FuncOp>)
    func.setPrivate();
  symbols.insert(func);
  return success();
}
} // namespace

LogicalResult dtc::cpu::declareRuntimeFunction(SymbolTable &symbols,
                                               StringRef name,
                                               FunctionType type) {
  return declare<func::FuncOp>(symbols, name, type);
}

LogicalResult dtc::cpu::declareRuntimeFunction(SymbolTable &symbols,
                                               StringRef name,
                                               LLVM::LLVMFunctionType type) {
  return declare<LLVM::LLVMFuncOp>(symbols, name, type);
}

std::string dtc::cpu::uniqueSymbolName(SymbolTable &symbols,
                                       const Twine &prefix) {
  std::string name;
  for (unsigned i = 0; name.empty() || symbols.lookup(name); ++i)
    name = (prefix + Twine(i)).str();
  return name;
}

Value dtc::cpu::createConstantString(OpBuilder &builder, Location loc,
                                     SymbolTable &symbols, StringRef prefix,
                                     StringRef text) {
  std::string name = uniqueSymbolName(symbols, prefix);
  std::string bytes = text.str();
  bytes.push_back('\0');
  Value pointer = LLVM::createGlobalString(loc, builder, name, bytes,
                                           LLVM::Linkage::Internal);
  // createGlobalString inserts the global without telling the table.
  symbols.insert(SymbolTable::lookupSymbolIn(symbols.getOp(), name));
  return pointer;
}

bool dtc::cpu::isSgemmContraction(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalg::isaContractionOpInterface(linalgOp))
    return false;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(linalgOp);
  if (failed(dims) || dims->k.size() != 1 || dims->n.size() != 1 ||
      dims->m.empty())
    return false;
  return llvm::all_of(op->getOperandTypes(), [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && shaped.getElementType().isF32();
  });
}
