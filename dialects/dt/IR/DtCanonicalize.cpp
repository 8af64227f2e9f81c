//===- DtCanonicalize.cpp - folders and canonicalisation patterns ---------===//
//
// Folds that make conditional compute free when a knob is a constant that
// disables it: a keep rate of 1 is the identity, and routing every token to
// every expert is a dense softmax-weighted sum (no permutation needed).
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::dt;

/// Whether `attr` is a float splat (or scalar) equal to `value`.
static bool isSplat(Attribute attr, double value) {
  if (auto d = dyn_cast_if_present<DenseFPElementsAttr>(attr))
    return d.isSplat() && d.getSplatValue<APFloat>().convertToDouble() == value;
  if (auto f = dyn_cast_if_present<FloatAttr>(attr))
    return f.getValueAsDouble() == value;
  return false;
}

/// `keep` if the op's result type equals its type (no broadcast happened).
static OpFoldResult identityIfSameType(Value keep, Type resultType) {
  return keep.getType() == resultType ? OpFoldResult(keep) : OpFoldResult();
}

//===----------------------------------------------------------------------===//
// Elementwise identities: x + 0, x - 0, x * 1, x / 1.
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (isSplat(adaptor.getRhs(), 0.0))
    return identityIfSameType(getLhs(), getType());
  if (isSplat(adaptor.getLhs(), 0.0))
    return identityIfSameType(getRhs(), getType());
  return {};
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplat(adaptor.getRhs(), 0.0))
    return identityIfSameType(getLhs(), getType());
  return {};
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (isSplat(adaptor.getRhs(), 1.0))
    return identityIfSameType(getLhs(), getType());
  if (isSplat(adaptor.getLhs(), 1.0))
    return identityIfSameType(getRhs(), getType());
  return {};
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplat(adaptor.getRhs(), 1.0))
    return identityIfSameType(getLhs(), getType());
  return {};
}

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  // reshape(reshape(x)) == reshape(x): only the final shape matters.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  // Same type with at most one unknown extent: the element count pins it.
  if (getInput().getType() == getType() && getType().getNumDynamicDims() <= 1)
    return getInput();
  return {};
}

OpFoldResult BroadcastOp::fold(FoldAdaptor) {
  // Broadcasting to the same static shape changes nothing.
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [i, p] : llvm::enumerate(getPermutation()))
    if (static_cast<int64_t>(i) != p)
      return {};
  return identityIfSameType(getInput(), getType());
}

//===----------------------------------------------------------------------===//
// Token selection at rate 1 is the identity.
//===----------------------------------------------------------------------===//

namespace {
struct FoldFullRateSelection : OpRewritePattern<SelectTokensOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SelectTokensOp op,
                                PatternRewriter &rewriter) const override {
    Attribute rate;
    if (!matchPattern(op.getRate(), m_Constant(&rate)) || !isSplat(rate, 1.0))
      return rewriter.notifyMatchFailure(op, "rate is not the constant 1");
    Location loc = op.getLoc();
    Value input = op.getInput();
    Value output = input;
    if (output.getType() != op.getOutput().getType())
      output = tensor::CastOp::create(rewriter, loc, op.getOutput().getType(),
                                      output);
    // Every position is kept: indices are 0..N-1 in each row.
    RankedTensorType inType = op.getInput().getType();
    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d < 2; ++d)
      if (inType.isDynamicDim(d))
        dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, input, d));
    auto iotaType = RankedTensorType::get(
        {inType.getDimSize(0), inType.getDimSize(1)}, rewriter.getI64Type());
    Value indices = IotaOp::create(rewriter, loc, iotaType, dynamicSizes,
                                   rewriter.getI64IntegerAttr(1));
    if (indices.getType() != op.getIndices().getType())
      indices = tensor::CastOp::create(rewriter, loc, op.getIndices().getType(),
                                       indices);
    rewriter.replaceOp(op, {output, indices});
    return success();
  }
};
} // namespace

void SelectTokensOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                 MLIRContext *context) {
  patterns.add<FoldFullRateSelection>(context);
}

//===----------------------------------------------------------------------===//
// Routing every token to all E experts is a dense weighted sum.
//===----------------------------------------------------------------------===//

namespace {
/// With top_k == E every gate variant is the softmax over all E logits, and a
/// capacity of at least ceil(c * T) >= T drops nothing. The dense form needs
/// no counting, permutation or grouped GEMM: batched matmuls over the stacked
/// expert weights.
struct DenseMoeWhenAllExpertsChosen : OpRewritePattern<MoeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MoeOp op,
                                PatternRewriter &rewriter) const override {
    int64_t experts = op.getRouter().getType().getDimSize(0);
    APInt k;
    if (ShapedType::isDynamic(experts) ||
        !matchPattern(op.getTopK(), m_ConstantInt(&k)) ||
        k.getSExtValue() != experts)
      return rewriter.notifyMatchFailure(op, "top_k is not the expert count");
    if (std::optional<APFloat> c = op.getCapacityFactor();
        c && c->convertToDouble() < 1.0)
      return rewriter.notifyMatchFailure(op, "capacity may drop tokens");

    Location loc = op.getLoc();
    Value x = op.getInput();
    Value logits = LinearOp::create(rewriter, loc, x, op.getRouter(), Value());
    Value gates = SoftmaxOp::create(rewriter, loc, logits.getType(), logits,
                                    rewriter.getI64IntegerAttr(-1));
    // [..., T, D] -> [..., 1, T, D] so the expert axis broadcasts in.
    Value xe = ExpandDimsOp::create(rewriter, loc, x, -3);
    auto expertLinear = [&](Value in, Value weight, Value bias) -> Value {
      Value out = MatmulOp::create(rewriter, loc, in, weight,
                                   /*transpose_rhs=*/true);
      if (!bias)
        return out;
      Value b = ExpandDimsOp::create(rewriter, loc, bias, -2); // [E, 1, N]
      return AddOp::create(rewriter, loc, out, b);
    };
    Value h = expertLinear(xe, op.getUp(), op.getUpBias()); // [..., E, T, H]
    h = createActivation(rewriter, loc, op.getActivation(), h);
    Value o = expertLinear(h, op.getDown(), op.getDownBias()); // [..., E, T, D]
    // gates [..., T, E] -> [..., E, T, 1].
    int64_t rank = cast<RankedTensorType>(gates.getType()).getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    Value g = TransposeOp::create(rewriter, loc, gates, perm);
    g = ExpandDimsOp::create(rewriter, loc, g, -1);
    Value weighted = MulOp::create(rewriter, loc, o, g);
    Value y = ReduceSumOp::create(rewriter, loc, weighted,
                                  ArrayRef<int64_t>{-3}, /*keep_dims=*/false);
    if (y.getType() != op.getType())
      y = tensor::CastOp::create(rewriter, loc, op.getType(), y);
    rewriter.replaceOp(op, y);
    return success();
  }
};
} // namespace

void MoeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<DenseMoeWhenAllExpertsChosen>(context);
}
