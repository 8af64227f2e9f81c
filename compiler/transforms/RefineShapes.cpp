//===- RefineShapes.cpp - propagate static shapes through dt ops ----------===//

#include "compiler/transforms/Passes.h"
#include "compiler/transforms/TypeRefinement.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dt {
#define GEN_PASS_DEF_REFINESHAPES
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {
/// The result types a dt op would have given its current operands.
LogicalResult inferResultTypes(Operation *op, SmallVectorImpl<Type> &types) {
  if (auto infer = dyn_cast<InferTypeOpInterface>(op))
    return infer.inferReturnTypes(op->getContext(), std::nullopt,
                                  op->getOperands(),
                                  op->getRawDictionaryAttrs(),
                                  op->getPropertiesStorage(), op->getRegions(),
                                  types);
  if (op->hasTrait<OpTrait::SameOperandsAndResultType>() &&
      op->getNumResults() == 1) {
    // The operands and the result share one type: the most static of them.
    auto joined = cast<RankedTensorType>(op->getResult(0).getType());
    for (Value operand : op->getOperands()) {
      joined = joinStatic(joined, cast<RankedTensorType>(operand.getType()));
      if (!joined)
        return failure();
    }
    types.push_back(joined);
    return success();
  }
  return failure();
}

/// Makes each result of a dt op as static as inference allows.
struct RefineDtResults : RewritePattern {
  RefineDtResults(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<DtDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> inferred;
    if (failed(inferResultTypes(op, inferred)) ||
        inferred.size() != op->getNumResults())
      return failure();
    bool changed = false;
    for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred)) {
      auto current = dyn_cast<RankedTensorType>(result.getType());
      auto candidate = dyn_cast<RankedTensorType>(type);
      if (!current || !candidate)
        continue;
      RankedTensorType refined = joinStatic(current, candidate);
      if (!refined || refined == current)
        continue;
      refineValueType(rewriter, result, refined);
      changed = true;
    }
    return success(changed);
  }
};

/// dt ops read through a cast that only made a type less static.
struct LookThroughWideningCast : OpRewritePattern<tensor::CastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::CastOp cast,
                                PatternRewriter &rewriter) const override {
    if (!tensor::canFoldIntoConsumerOp(cast))
      return failure();
    bool changed = false;
    for (OpOperand &use : llvm::make_early_inc_range(cast->getUses())) {
      if (!isa<DtDialect>(use.getOwner()->getDialect()))
        continue;
      rewriter.modifyOpInPlace(use.getOwner(),
                               [&] { use.set(cast.getSource()); });
      changed = true;
    }
    return success(changed);
  }
};

struct RefineShapesPass : dt::impl::RefineShapesBase<RefineShapesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RefineDtResults, LookThroughWideningCast>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
