//===- PackedEntryPoints.cpp - one calling convention for every entry -----===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_PACKEDENTRYPOINTS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {
constexpr llvm::StringLiteral kInterfacePrefix = "_mlir_ciface_";
constexpr llvm::StringLiteral kPackedPrefix = "_dtc_entry_";

struct PackedEntryPointsPass
    : dtc::cpu::impl::PackedEntryPointsBase<PackedEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    auto voidType = LLVM::LLVMVoidType::get(&getContext());
    SmallVector<LLVM::LLVMFuncOp> interfaces;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (func.getName().starts_with(kInterfacePrefix) && !func.isExternal())
        interfaces.push_back(func);
    for (LLVM::LLVMFuncOp callee : interfaces) {
      std::string name =
          (kPackedPrefix + callee.getName().drop_front(kInterfacePrefix.size()))
              .str();
      if (module.lookupSymbol(name)) {
        callee.emitError() << "symbol '" << name << "' already exists";
        return signalPassFailure();
      }
      Location loc = callee.getLoc();
      auto wrapper = LLVM::LLVMFuncOp::create(
          b, loc, name, LLVM::LLVMFunctionType::get(voidType, {ptr}));
      OpBuilder::InsertionGuard guard(b);
      Block *body = wrapper.addEntryBlock(b);
      b.setInsertionPointToStart(body);
      Value args = body->getArgument(0);
      SmallVector<Value> operands;
      for (auto [i, type] :
           llvm::enumerate(callee.getFunctionType().getParams())) {
        Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, args,
                                         ArrayRef<LLVM::GEPArg>{int32_t(i)});
        Value address = LLVM::LoadOp::create(b, loc, ptr, slot);
        operands.push_back(LLVM::LoadOp::create(b, loc, type, address));
      }
      LLVM::CallOp::create(b, loc, callee, operands);
      LLVM::ReturnOp::create(b, loc, ValueRange());
    }
  }
};
} // namespace
