//===- DecomposeMoe.cpp - dt.moe into route/dispatch/grouped linear -------===//

#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::dt {
#define GEN_PASS_DEF_DECOMPOSEMOE
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {
struct DecomposeMoeOp : OpRewritePattern<MoeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MoeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value logits = LinearOp::create(rewriter, loc, x, op.getRouter(), Value());
    auto route = MoeRouteOp::create(rewriter, loc, logits, op.getTopK(),
                                    op.getGate());
    Value numExperts = tensor::DimOp::create(rewriter, loc, op.getRouter(), 0);
    auto dispatch =
        MoeDispatchOp::create(rewriter, loc, x, route.getExperts(), numExperts,
                              op.getCapacityFactorAttr());
    Value h = GroupedLinearOp::create(rewriter, loc, dispatch.getRows(),
                                      dispatch.getGroupSizes(), op.getUp(),
                                      op.getUpBias());
    h = createActivation(rewriter, loc, op.getActivation(), h);
    Value o = GroupedLinearOp::create(rewriter, loc, h, dispatch.getGroupSizes(),
                                      op.getDown(), op.getDownBias());
    Value y = MoeCombineOp::create(rewriter, loc, o, dispatch.getSlots(),
                                   route.getGates());
    if (y.getType() != op.getType())
      y = tensor::CastOp::create(rewriter, loc, op.getType(), y);
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct DecomposeMoePass : dt::impl::DecomposeMoeBase<DecomposeMoePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeMoeOp>(&getContext());
    // One rewrite per op, no fixpoint: the walk driver leaves the rest of the
    // IR exactly as it was (no folding on the side).
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
