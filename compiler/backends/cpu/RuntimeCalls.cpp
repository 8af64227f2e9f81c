//===- RuntimeCalls.cpp - calling the runtime from generated code ---------===//

#include "compiler/backends/cpu/RuntimeCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

LogicalResult dtc::cpu::declareRuntimeFunction(SymbolTable &symbols,
                                               StringRef name,
                                               FunctionType type) {
  auto module = cast<ModuleOp>(symbols.getOp());
  if (Operation *existing = symbols.lookup(name)) {
    auto func = dyn_cast<func::FuncOp>(existing);
    if (func && func.getFunctionType() == type)
      return success();
    return existing->emitError()
           << "'" << name << "' is declared with another type than the "
           << "runtime's " << type;
  }
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto func = func::FuncOp::create(builder, module.getLoc(), name, type);
  func.setPrivate();
  symbols.insert(func);
  return success();
}

Value dtc::cpu::createConstantString(OpBuilder &builder, Location loc,
                                     SymbolTable &symbols, StringRef prefix,
                                     StringRef text) {
  std::string name;
  for (unsigned i = 0; name.empty() || symbols.lookup(name); ++i)
    name = (prefix + Twine(i)).str();
  std::string bytes = text.str();
  bytes.push_back('\0');
  Value pointer = LLVM::createGlobalString(loc, builder, name, bytes,
                                           LLVM::Linkage::Internal);
  // createGlobalString inserts the global without telling the table.
  symbols.insert(SymbolTable::lookupSymbolIn(symbols.getOp(), name));
  return pointer;
}
