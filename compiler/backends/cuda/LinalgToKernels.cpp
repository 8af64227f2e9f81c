//===- LinalgToKernels.cpp - linalg ops on buffers as gpu.launch ----------===//
//
// The simplest mapping that is right for every linalg op and every run-time
// size: one thread per point of the op's leading parallel loops, over a
// one-dimensional grid. Elementwise ops coalesce (neighbouring threads,
// neighbouring elements); a row reduction runs one row per thread. Tiled,
// cooperative kernels for norms, softmax and attention replace this per op.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cuda/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dtc::cuda {
#define GEN_PASS_DEF_LINALGTOKERNELS
#include "compiler/backends/cuda/Passes.h.inc"
} // namespace dtc::cuda

using namespace mlir;

namespace {

constexpr int64_t kBlockSize = 256;

/// The number of leading parallel loops of `op`.
unsigned leadingParallelLoops(linalg::LinalgOp op) {
  unsigned count = 0;
  for (utils::IteratorType type : op.getIteratorTypesArray()) {
    if (type != utils::IteratorType::parallel)
      break;
    ++count;
  }
  return count;
}

/// Replaces `loop` (whose bounds are those of the op's leading loops) by its
/// body at the point of linear index `linear`: the last induction variable
/// varies fastest.
void inlineAtLinearIndex(RewriterBase &rewriter, scf::ParallelOp loop,
                         Value linear) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  unsigned rank = loop.getNumLoops();
  SmallVector<Value> ivs(rank);
  Value rest = linear;
  for (int d = rank - 1; d >= 0; --d) {
    Value lower = loop.getLowerBound()[d];
    Value step = loop.getStep()[d];
    Value trips = arith::CeilDivSIOp::create(
        rewriter, loc,
        arith::SubIOp::create(rewriter, loc, loop.getUpperBound()[d], lower),
        step);
    Value position = d == 0 ? rest
                            : arith::RemSIOp::create(rewriter, loc, rest, trips)
                                  .getResult();
    if (d != 0)
      rest = arith::DivSIOp::create(rewriter, loc, rest, trips);
    ivs[d] = arith::AddIOp::create(
        rewriter, loc, lower,
        arith::MulIOp::create(rewriter, loc, position, step));
  }
  Block *body = loop.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, loop, ivs);
  rewriter.eraseOp(loop);
}

struct LinalgOpToKernel : OpInterfaceRewritePattern<linalg::LinalgOp> {
  LinalgOpToKernel(MLIRContext *context, bool &loweringFailed)
      : OpInterfaceRewritePattern(context), loweringFailed(loweringFailed) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (op->getParentOfType<gpu::LaunchOp>())
      return failure();
    if (!op.hasPureBufferSemantics())
      return rewriter.notifyMatchFailure(op, "not on buffers");
    Location loc = op.getLoc();
    unsigned threadLoops = leadingParallelLoops(op);
    SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
    Value points = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (unsigned d = 0; d < threadLoops; ++d)
      points = arith::MulIOp::create(
          rewriter, loc, points,
          getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].size));

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value nonEmpty = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sgt, points, zero);
    auto ifNonEmpty = scf::IfOp::create(rewriter, loc, nonEmpty,
                                        /*withElseRegion=*/false);
    rewriter.setInsertionPointToStart(ifNonEmpty.thenBlock());
    Value blockSize =
        threadLoops == 0
            ? one
            : arith::ConstantIndexOp::create(rewriter, loc, kBlockSize)
                  .getResult();
    Value blocks =
        arith::CeilDivSIOp::create(rewriter, loc, points, blockSize);
    auto launch = gpu::LaunchOp::create(rewriter, loc, blocks, one, one,
                                        blockSize, one, one);
    Block &body = launch.getBody().front();
    rewriter.setInsertionPointToEnd(&body);
    auto terminator = gpu::TerminatorOp::create(rewriter, loc);
    rewriter.setInsertionPoint(terminator);
    Value linear = arith::AddIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x,
                              launch.getBlockSizeX()),
        launch.getThreadIds().x);
    Value inRange = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::slt, linear, points);
    auto ifInRange = scf::IfOp::create(rewriter, loc, inRange,
                                       /*withElseRegion=*/false);
    rewriter.moveOpBefore(op, ifInRange.thenBlock()->getTerminator());
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::LinalgLoops> loops =
        linalg::linalgOpToParallelLoops(rewriter, op);
    if (failed(loops)) {
      // The IR changed already: report, and let the pass fail.
      op.emitOpError("cannot be lowered to loops for a kernel");
      return markFailed();
    }
    rewriter.eraseOp(op);
    if (threadLoops == 0)
      return success();
    auto outer = loops->empty() ? nullptr
                                : dyn_cast<scf::ParallelOp>(loops->front());
    if (!outer || outer.getNumLoops() != threadLoops) {
      emitError(loc) << "expected the " << threadLoops
                     << " leading parallel loops as one scf.parallel";
      return markFailed();
    }
    inlineAtLinearIndex(rewriter, outer, linear);
    return success();
  }

  LogicalResult markFailed() const {
    loweringFailed = true;
    return success();
  }

  bool &loweringFailed;
};

struct LinalgToKernelsPass
    : dtc::cuda::impl::LinalgToKernelsBase<LinalgToKernelsPass> {
  void runOnOperation() override {
    bool loweringFailed = false;
    RewritePatternSet patterns(&getContext());
    patterns.add<LinalgOpToKernel>(&getContext(), loweringFailed);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))) ||
        loweringFailed)
      return signalPassFailure();
    WalkResult left = getOperation()->walk([](linalg::LinalgOp op) {
      if (op->getParentOfType<gpu::LaunchOp>())
        return WalkResult::advance();
      op.emitOpError("was not mapped to a kernel (it is not on buffers)");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
