//===- Attention.cpp - dt.attention to linalg -----------------------------===//
//
// The unfused form: split heads ([B, N, H * hd] -> [B, N, H, hd], a pure
// reshape), scores = Q Kᵀ * scale with the mask and the causal limit applied,
// softmax over the keys, then P V, heads joined again. It materialises the
// [B, H, Nq, Nk] score matrix; the flash-style kernel that avoids it comes
// with the CPU backend's attention work, checked against this lowering.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::dt;

namespace {
/// [B, N, H * width] -> [B, N, H, width].
Value splitHeads(OpBuilder &b, Location loc, Value x, OpFoldResult heads,
                 int64_t staticHeads, OpFoldResult width, int64_t staticWidth) {
  auto type = cast<RankedTensorType>(x.getType());
  // expand_shape needs a dynamic source extent when a split part is dynamic.
  if ((ShapedType::isDynamic(staticHeads) || ShapedType::isDynamic(staticWidth)) &&
      !type.isDynamicDim(2)) {
    type = RankedTensorType::get(
        {type.getDimSize(0), type.getDimSize(1), ShapedType::kDynamic},
        type.getElementType());
    x = tensor::CastOp::create(b, loc, type, x);
  }
  auto split = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1), staticHeads, staticWidth},
      type.getElementType());
  SmallVector<OpFoldResult> shape = tensor::getMixedSizes(b, loc, x);
  shape.pop_back();
  shape.push_back(heads);
  shape.push_back(width);
  return tensor::ExpandShapeOp::create(
      b, loc, split, x,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}}, shape);
}

/// A contraction over loops (b, p, q, r, s) with `s` reduced.
Value contract(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
               ArrayRef<unsigned> lhsDims, ArrayRef<unsigned> rhsDims,
               ArrayRef<unsigned> outDims) {
  MLIRContext *ctx = b.getContext();
  auto map = [&](ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return AffineMap::get(5, 0, exprs, ctx);
  };
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{lhs, rhs}, init,
             ArrayRef<AffineMap>{map(lhsDims), map(rhsDims), map(outDims)},
             iterators,
             [](OpBuilder &nb, Location l, ValueRange a) {
               Value product = arith::MulFOp::create(nb, l, a[0], a[1]);
               linalg::YieldOp::create(
                   nb, l, Value(arith::AddFOp::create(nb, l, a[2], product)));
             })
      .getResult(0);
}

struct AttentionLowering : OpConversionPattern<AttentionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value q = adaptor.getQuery(), k = adaptor.getKey(), v = adaptor.getValue();
    auto qType = cast<RankedTensorType>(q.getType());
    auto vType = cast<RankedTensorType>(v.getType());
    Type element = qType.getElementType();
    auto headDim = static_cast<int64_t>(op.getHeadDim());

    // Head count and value width, static where the feature sizes are.
    SmallVector<Value> qExt = extentsOf(rewriter, loc, q),
                       kExt = extentsOf(rewriter, loc, k),
                       vExt = extentsOf(rewriter, loc, v);
    int64_t d = qType.getDimSize(2), dv = vType.getDimSize(2);
    int64_t staticHeads = ShapedType::isDynamic(d) ? ShapedType::kDynamic : d / headDim;
    int64_t staticVWidth = ShapedType::isDynamic(dv) || ShapedType::isDynamic(staticHeads)
                               ? ShapedType::kDynamic
                               : dv / staticHeads;
    Value heads = arith::DivUIOp::create(
        rewriter, loc, qExt[2], arith::ConstantIndexOp::create(rewriter, loc, headDim));
    Value vWidth = arith::DivUIOp::create(rewriter, loc, vExt[2], heads);
    auto fold = [&](int64_t s, Value v) -> OpFoldResult {
      return ShapedType::isDynamic(s) ? OpFoldResult(v)
                                      : OpFoldResult(rewriter.getIndexAttr(s));
    };
    OpFoldResult h = fold(staticHeads, heads);
    Value qh = splitHeads(rewriter, loc, q, h, staticHeads,
                          rewriter.getIndexAttr(headDim), headDim);
    Value kh = splitHeads(rewriter, loc, k, h, staticHeads,
                          rewriter.getIndexAttr(headDim), headDim);
    Value vh = splitHeads(rewriter, loc, v, h, staticHeads,
                          fold(staticVWidth, vWidth), staticVWidth);

    // scores[b, h, i, j] = sum_e q[b, i, h, e] k[b, j, h, e]
    int64_t nq = qType.getDimSize(1),
            nk = cast<RankedTensorType>(k.getType()).getDimSize(1);
    SmallVector<int64_t> scoreShape = {qType.getDimSize(0), staticHeads, nq, nk};
    SmallVector<Value> scoreExt = {qExt[0], heads, qExt[1], kExt[1]};
    Value scores = contract(rewriter, loc, qh, kh,
                            zeros(rewriter, loc, scoreShape, element, scoreExt),
                            {0, 2, 1, 4}, {0, 3, 1, 4}, {0, 1, 2, 3});

    // Scale, mask and causal limit: key j is visible to query i when
    // j <= i + (Nk - Nq), so decoding with a cache aligns at the end.
    double scale = op.getScale() ? op.getScale()->convertToDouble()
                                 : 1.0 / std::sqrt(static_cast<double>(headDim));
    Value scaleV = floatConstant(rewriter, loc, element, scale);
    Value lowest = floatConstant(rewriter, loc, element,
                                 -std::numeric_limits<double>::infinity());
    Value offset = arith::SubIOp::create(rewriter, loc, kExt[1], qExt[1]);
    bool causal = op.getCausal();
    Value mask = adaptor.getMask();
    SmallVector<Value> inputs = {scores};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(4)};
    if (mask) {
      inputs.push_back(mask);
      maps.push_back(broadcastMap(cast<RankedTensorType>(mask.getType()).getShape(),
                                  scoreShape, rewriter.getContext()));
    }
    Value masked = mapElements(
        rewriter, loc, scores, element, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value s = arith::MulFOp::create(b, l, a[0], scaleV);
          if (mask) {
            s = a[1].getType().isInteger(1)
                    ? Value(arith::SelectOp::create(b, l, a[1], s, lowest))
                    : Value(arith::AddFOp::create(b, l, s, a[1]));
          }
          if (causal) {
            Value i = linalg::IndexOp::create(b, l, 2);
            Value j = linalg::IndexOp::create(b, l, 3);
            Value limit = arith::AddIOp::create(b, l, i, offset);
            Value hidden = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ugt,
                                                 j, limit);
            s = arith::SelectOp::create(b, l, hidden, lowest, s);
          }
          return s;
        });
    Value probabilities = softmax(rewriter, loc, masked, 3);

    // out[b, i, h, e] = sum_j p[b, h, i, j] v[b, j, h, e], heads joined.
    SmallVector<int64_t> outShape = {qType.getDimSize(0), nq, staticHeads,
                                     staticVWidth};
    SmallVector<Value> outExt = {qExt[0], qExt[1], heads, vWidth};
    Value out = contract(rewriter, loc, probabilities, vh,
                         zeros(rewriter, loc, outShape, element, outExt),
                         {0, 2, 1, 4}, {0, 4, 2, 3}, {0, 1, 2, 3});
    Value joined = tensor::CollapseShapeOp::create(
        rewriter, loc, out, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    joined = castTo(rewriter, loc, joined, op.getType());
    rewriter.replaceOp(op, joined);
    return success();
  }
};
/// Row `row` of the queries against every key: per head a [1, Nk] score row,
/// softmax over the keys, then the mean over the heads.
struct AttentionWeightsLowering : OpConversionPattern<AttentionWeightsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AttentionWeightsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value q = adaptor.getQuery(), k = adaptor.getKey();
    auto qType = cast<RankedTensorType>(q.getType());
    Type element = qType.getElementType();
    auto headDim = static_cast<int64_t>(op.getHeadDim());
    SmallVector<Value> qExt = extentsOf(rewriter, loc, q),
                       kExt = extentsOf(rewriter, loc, k);
    int64_t d = qType.getDimSize(2);
    int64_t staticHeads =
        ShapedType::isDynamic(d) ? ShapedType::kDynamic : d / headDim;
    Value heads = arith::DivUIOp::create(
        rewriter, loc, qExt[2], arith::ConstantIndexOp::create(rewriter, loc, headDim));
    OpFoldResult h = ShapedType::isDynamic(staticHeads)
                         ? OpFoldResult(heads)
                         : OpFoldResult(rewriter.getIndexAttr(staticHeads));

    // The query row, [B, 1, D] (a run-time check guards `row` < Nq).
    auto rowType = RankedTensorType::get({qType.getDimSize(0), 1, d}, element);
    Value qRow = tensor::ExtractSliceOp::create(
        rewriter, loc, rowType, q,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(op.getRow()),
                               rewriter.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{tensor::getMixedSize(rewriter, loc, q, 0),
                               rewriter.getIndexAttr(1),
                               tensor::getMixedSize(rewriter, loc, q, 2)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
                               rewriter.getIndexAttr(1)});
    Value qh = splitHeads(rewriter, loc, qRow, h, staticHeads,
                          rewriter.getIndexAttr(headDim), headDim);
    Value kh = splitHeads(rewriter, loc, k, h, staticHeads,
                          rewriter.getIndexAttr(headDim), headDim);

    // scores[b, h, 0, j] = sum_e q[b, 0, h, e] k[b, j, h, e] * scale
    int64_t nk = cast<RankedTensorType>(k.getType()).getDimSize(1);
    SmallVector<int64_t> scoreShape = {qType.getDimSize(0), staticHeads, 1, nk};
    SmallVector<Value> scoreExt = {qExt[0], heads,
                                   arith::ConstantIndexOp::create(rewriter, loc, 1),
                                   kExt[1]};
    Value scores = contract(rewriter, loc, qh, kh,
                            zeros(rewriter, loc, scoreShape, element, scoreExt),
                            {0, 2, 1, 4}, {0, 3, 1, 4}, {0, 1, 2, 3});
    double scale = op.getScale() ? op.getScale()->convertToDouble()
                                 : 1.0 / std::sqrt(static_cast<double>(headDim));
    Value scaleV = floatConstant(rewriter, loc, element, scale);
    Value scaled = mapElements(
        rewriter, loc, scores, element, ValueRange{scores},
        {rewriter.getMultiDimIdentityMap(4)},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::MulFOp::create(b, l, a[0], scaleV);
        });
    Value probabilities = softmax(rewriter, loc, scaled, 3);

    // Mean over the heads: [B, H, 1, Nk] -> [B, Nk].
    Value summed = reduce(rewriter, loc, probabilities, {1, 2}, ReduceKind::Sum);
    Value headsF = arith::UIToFPOp::create(
        rewriter, loc, element,
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), heads));
    Value mean = mapElements(
        rewriter, loc, summed, element, ValueRange{summed},
        {rewriter.getMultiDimIdentityMap(2)},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::DivFOp::create(b, l, a[0], headsF);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, mean, op.getType()));
    return success();
  }
};
} // namespace

void dt::populateAttentionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<AttentionLowering, AttentionWeightsLowering>(patterns.getContext());
}
