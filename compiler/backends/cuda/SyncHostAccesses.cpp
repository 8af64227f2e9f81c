//===- SyncHostAccesses.cpp - host reads and writes after the kernels -----===//
//
// Buffers live in memory that both the host and the device address (the
// runtime's CUDA sessions allocate managed memory), so host code may load a
// per-sample rate or an exit decision directly, once the stream has caught
// up with it.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/RuntimeCalls.h"
#include "compiler/backends/cuda/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cuda {
#define GEN_PASS_DEF_SYNCHOSTACCESSES
#include "compiler/backends/cuda/Passes.h.inc"
} // namespace dtc::cuda

using namespace mlir;

namespace {

constexpr StringLiteral kSyncName = "dtc_rt_device_sync";

bool isSync(Operation *op) {
  auto call = dyn_cast<func::CallOp>(op);
  return call && call.getCallee() == kSyncName;
}

/// Whether `access` may run before a kernel launched earlier has finished:
/// true unless an earlier op of its block synchronised, with nothing that
/// may launch (a launch, a call, an op with regions) in between.
bool needsSync(Operation *access) {
  for (Operation *op = access->getPrevNode(); op; op = op->getPrevNode()) {
    if (isSync(op))
      return false;
    if (isa<gpu::LaunchOp, gpu::LaunchFuncOp, CallOpInterface>(op) ||
        op->getNumRegions() != 0)
      return true;
  }
  return true;
}

template <typename AccessOp>
struct SyncBeforeAccess : OpRewritePattern<AccessOp> {
  using OpRewritePattern<AccessOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(AccessOp op,
                                PatternRewriter &rewriter) const override {
    if (op->template getParentOfType<gpu::LaunchOp>() ||
        op->template getParentOfType<gpu::GPUModuleOp>() || !needsSync(op))
      return failure();
    func::CallOp::create(rewriter, op.getLoc(), kSyncName, TypeRange{},
                         ValueRange{});
    return success();
  }
};

struct SyncHostAccessesPass
    : dtc::cuda::impl::SyncHostAccessesBase<SyncHostAccessesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    bool any = false;
    module.walk([&](Operation *op) {
      if (isa<memref::LoadOp, memref::StoreOp>(op) &&
          !op->getParentOfType<gpu::LaunchOp>() &&
          !op->getParentOfType<gpu::GPUModuleOp>())
        any = true;
    });
    if (!any)
      return;
    SymbolTable symbols(module);
    if (failed(dtc::cpu::declareRuntimeFunction(
            symbols, kSyncName, FunctionType::get(ctx, {}, {}))))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    patterns.add<SyncBeforeAccess<memref::LoadOp>,
                 SyncBeforeAccess<memref::StoreOp>>(ctx);
    walkAndApplyPatterns(module, std::move(patterns));
  }
};

} // namespace
