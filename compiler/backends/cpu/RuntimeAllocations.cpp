//===- RuntimeAllocations.cpp - buffers from dtc_rt_alloc / dtc_rt_free ---===//
//
// finalize-memref-to-llvm allocates buffers with malloc and frees them with
// free. Renaming the two declarations (and their uses) to the runtime's
// dtc_rt_alloc and dtc_rt_free, which have the same signatures, puts every
// buffer of the compiled code in the hands of the session running it.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_RUNTIMEALLOCATIONS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

struct RuntimeAllocationsPass
    : dtc::cpu::impl::RuntimeAllocationsBase<RuntimeAllocationsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto [from, to] : {std::pair<StringRef, StringRef>{"malloc", "dtc_rt_alloc"},
                            {"free", "dtc_rt_free"}}) {
      auto function = module.lookupSymbol<LLVM::LLVMFuncOp>(from);
      if (!function)
        continue;
      if (!function.isExternal() || module.lookupSymbol(to)) {
        function.emitError() << "cannot redirect '" << from << "' to '" << to
                             << "': "
                             << (function.isExternal()
                                     ? "the module already has that symbol"
                                     : "the module defines it");
        return signalPassFailure();
      }
      auto name = StringAttr::get(&getContext(), to);
      if (failed(SymbolTable::replaceAllSymbolUses(function, name, module)))
        return signalPassFailure();
      SymbolTable::setSymbolName(function, name);
    }
  }
};

} // namespace
