//===- MergeKernelModules.cpp - one gpu.module for all kernels ------------===//

#include "compiler/backends/cuda/Passes.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"

namespace dtc::cuda {
#define GEN_PASS_DEF_MERGEKERNELMODULES
#include "compiler/backends/cuda/Passes.h.inc"
} // namespace dtc::cuda

using namespace mlir;

namespace {

constexpr StringLiteral kMergedName = "dtc_kernels";

struct MergeKernelModulesPass
    : dtc::cuda::impl::MergeKernelModulesBase<MergeKernelModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto modules = llvm::to_vector(module.getOps<gpu::GPUModuleOp>());
    if (modules.empty())
      return;
    if (SymbolTable::lookupSymbolIn(module, kMergedName)) {
      module.emitError() << "'" << kMergedName << "' is already a symbol";
      return signalPassFailure();
    }
    OpBuilder builder(modules.front());
    auto merged = gpu::GPUModuleOp::create(builder, modules.front().getLoc(),
                                           kMergedName);
    Block *dest = merged.getBody();
    SymbolTable mergedSymbols(merged);
    auto *ctx = &getContext();
    DenseMap<SymbolRefAttr, SmallVector<gpu::LaunchFuncOp>> launches;
    module.walk([&](gpu::LaunchFuncOp launch) {
      launches[launch.getKernel()].push_back(launch);
    });
    for (gpu::GPUModuleOp source : modules) {
      StringAttr moduleName = source.getSymNameAttr();
      for (Operation &op :
           llvm::make_early_inc_range(source.getBody()->getOperations())) {
        if (auto kernel = dyn_cast<gpu::GPUFuncOp>(op);
            kernel && kernel.isKernel()) {
          // A module's name is unique; its kernel's name is not.
          StringAttr oldName = kernel.getNameAttr();
          auto newRef = SymbolRefAttr::get(
              StringAttr::get(ctx, kMergedName),
              {FlatSymbolRefAttr::get(moduleName)});
          auto oldRef = SymbolRefAttr::get(moduleName,
                                           {FlatSymbolRefAttr::get(oldName)});
          for (gpu::LaunchFuncOp launch : launches.lookup(oldRef))
            launch.setKernelAttr(newRef);
          kernel.setName(moduleName);
          kernel->moveBefore(dest, dest->end());
          mergedSymbols.insert(kernel);
          continue;
        }
        auto symbol = dyn_cast<SymbolOpInterface>(op);
        if (!symbol) {
          op.emitError("cannot merge this op into the kernel module");
          return signalPassFailure();
        }
        if (Operation *existing = mergedSymbols.lookup(symbol.getNameAttr())) {
          // Declarations the outliner copied into several modules.
          if (!OperationEquivalence::isEquivalentTo(
                  existing, &op, OperationEquivalence::ignoreValueEquivalence,
                  nullptr, OperationEquivalence::IgnoreLocations)) {
            op.emitError() << "'" << symbol.getName()
                           << "' differs between kernel modules";
            return signalPassFailure();
          }
          continue;
        }
        op.moveBefore(dest, dest->end());
        mergedSymbols.insert(&op);
      }
      source.erase();
    }
  }
};

} // namespace
