//===- Attention.cpp - dt.attention to linalg -----------------------------===//
//
// Flash-style: split heads ([B, N, H * hd] -> [B, N, H, hd], a pure
// reshape), then a loop over tiles of kKeyTile keys that keeps, per query
// row, the running maximum m and sum l of exp(s - m) and the running
// exp(s - m) V, rescaling both when a tile raises the maximum; the output is
// their quotient. Scores exist one tile at a time ([B, H, Nq, kKeyTile]),
// never as the whole [B, H, Nq, Nk] matrix, so memory stays linear in the
// key count. Each tile's products are GEMMs (dtc_rt_sgemm on the CPU).
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::dt;

namespace {
/// Keys per tile of the flash loop: one tile for ViT-sized sequences, whose
/// score rows fit in L2.
constexpr int64_t kKeyTile = 256;

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

/// `size` entries of `x` from `offset` on along dimension `dim`, all of the
/// other dimensions.
Value sliceAlong(OpBuilder &b, Location loc, Value x, unsigned dim,
                 OpFoldResult offset, OpFoldResult size) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  offsets[dim] = offset;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, x);
  sizes[dim] = size;
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, x, offsets, sizes, strides);
}

/// The scores' factor: the op's `scale`, else 1 / sqrt(head_dim).
template <typename OpTy> double scoreScale(OpTy op) {
  return op.getScale() ? op.getScale()->convertToDouble()
                       : 1.0 / std::sqrt(static_cast<double>(op.getHeadDim()));
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

    int64_t nq = qType.getDimSize(1);
    Value scaleV = floatConstant(rewriter, loc, element, scoreScale(op));
    Value lowest = floatConstant(rewriter, loc, element,
                                 -std::numeric_limits<double>::infinity());
    Value zero = floatConstant(rewriter, loc, element, 0.0);
    // Key j is visible to query i when j <= i + (Nk - Nq), so decoding with
    // a cache aligns at the end.
    Value offset = arith::SubIOp::create(rewriter, loc, kExt[1], qExt[1]);
    bool causal = op.getCausal();
    Value mask = adaptor.getMask();

    // Per (b, h, i): the running maximum m and sum l of exp(s - m); per
    // (b, i, h): the running sum acc of exp(s - m) v.
    SmallVector<int64_t> rowShape = {qType.getDimSize(0), staticHeads, nq};
    SmallVector<Value> rowExt = {qExt[0], heads, qExt[1]};
    SmallVector<int64_t> outShape = {qType.getDimSize(0), nq, staticHeads,
                                     staticVWidth};
    SmallVector<Value> outExt = {qExt[0], qExt[1], heads, vWidth};
    Value m0 = linalg::FillOp::create(
                   rewriter, loc, lowest,
                   emptyTensor(rewriter, loc, rowShape, element, rowExt))
                   .getResult(0);
    Value l0 = zeros(rewriter, loc, rowShape, element, rowExt);
    Value acc0 = zeros(rewriter, loc, outShape, element, outExt);
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id3 = rewriter.getMultiDimIdentityMap(3);
    AffineMap id4 = rewriter.getMultiDimIdentityMap(4);
    AffineMap rowOfScore = loopMap(rewriter, 4, {0, 1, 2}); // (b,h,i,j) -> (b,h,i)
    AffineMap rowOfOut = loopMap(rewriter, 4, {0, 2, 1});   // (b,i,h,e) -> (b,h,i)
    // exp(x - m), with m = 0 where a row has seen no visible key yet (an
    // all -inf row stays 0 instead of becoming NaN early).
    auto expBelow = [&](OpBuilder &b, Location l, Value x, Value m) -> Value {
      Value empty = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, m,
                                          lowest);
      Value base = arith::SelectOp::create(b, l, empty, zero, m);
      return math::ExpOp::create(b, l, arith::SubFOp::create(b, l, x, base));
    };

    Value c0 = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value tile = arith::ConstantIndexOp::create(rewriter, loc, kKeyTile);
    auto loop = scf::ForOp::create(
        rewriter, loc, c0, kExt[1], tile, ValueRange{m0, l0, acc0},
        [&](OpBuilder &b, Location l, Value j0, ValueRange carried) {
          Value m = carried[0], sum = carried[1], acc = carried[2];
          Value t = arith::MinUIOp::create(
              b, l, tile, arith::SubIOp::create(b, l, kExt[1], j0));
          Value kt = sliceAlong(b, l, kh, 1, j0, t),
                vt = sliceAlong(b, l, vh, 1, j0, t);

          // s[b, h, i, j] = scale * sum_e q[b, i, h, e] k[b, j0 + j, h, e],
          // masked and causally limited.
          SmallVector<int64_t> scoreShape = {qType.getDimSize(0), staticHeads,
                                             nq, ShapedType::kDynamic};
          Value scores = contract(
              b, l, qh, kt,
              zeros(b, l, scoreShape, element, {qExt[0], heads, qExt[1], t}),
              {0, 2, 1, 4}, {0, 3, 1, 4}, {0, 1, 2, 3});
          SmallVector<Value> inputs = {scores};
          SmallVector<AffineMap> maps = {id4};
          if (mask) {
            auto maskType = cast<RankedTensorType>(mask.getType());
            Value maskTile = mask;
            if (maskType.getShape().back() != 1)
              maskTile = sliceAlong(b, l, mask, maskType.getRank() - 1, j0, t);
            inputs.push_back(maskTile);
            maps.push_back(broadcastMap(
                cast<RankedTensorType>(maskTile.getType()).getShape(),
                scoreShape, ctx));
          }
          Value masked = mapElements(
              b, l, scores, element, inputs, maps,
              [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                Value s = arith::MulFOp::create(nb, nl, a[0], scaleV);
                if (mask)
                  s = a[1].getType().isInteger(1)
                          ? Value(arith::SelectOp::create(nb, nl, a[1], s, lowest))
                          : Value(arith::AddFOp::create(nb, nl, s, a[1]));
                if (causal) {
                  Value i = linalg::IndexOp::create(nb, nl, 2);
                  Value j = arith::AddIOp::create(
                      nb, nl, linalg::IndexOp::create(nb, nl, 3), j0);
                  Value limit = arith::AddIOp::create(nb, nl, i, offset);
                  Value hidden = arith::CmpIOp::create(
                      nb, nl, arith::CmpIPredicate::ugt, j, limit);
                  s = arith::SelectOp::create(nb, nl, hidden, lowest, s);
                }
                return s;
              });

          // The new maximum, the probabilities of this tile under it, and
          // the factor that rescales what earlier tiles summed.
          Value tileMax = reduce(b, l, masked, {3}, ReduceKind::Max);
          Value mNew = mapElements(
              b, l, m, element, ValueRange{m, tileMax}, {id3, id3},
              [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                return arith::MaximumFOp::create(nb, nl, a[0], a[1]);
              });
          Value p = mapElements(
              b, l, masked, element, ValueRange{masked, mNew},
              {id4, rowOfScore},
              [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                return expBelow(nb, nl, a[0], a[1]);
              });
          Value correction = mapElements(
              b, l, m, element, ValueRange{m, mNew}, {id3, id3},
              [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                return expBelow(nb, nl, a[0], a[1]);
              });
          Value tileSum = reduce(b, l, p, {3}, ReduceKind::Sum);
          Value sumNew = mapElements(
              b, l, sum, element, ValueRange{sum, correction, tileSum},
              {id3, id3, id3},
              [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                return arith::AddFOp::create(
                    nb, nl, arith::MulFOp::create(nb, nl, a[0], a[1]), a[2]);
              });
          // acc = acc * correction + p v: the product accumulates onto the
          // rescaled sum.
          Value rescaled = mapElements(
              b, l, acc, element, ValueRange{acc, correction}, {id4, rowOfOut},
              [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                return arith::MulFOp::create(nb, nl, a[0], a[1]);
              });
          Value accNew = contract(b, l, p, vt, rescaled, {0, 2, 1, 4},
                                  {0, 4, 2, 3}, {0, 1, 2, 3});
          scf::YieldOp::create(b, l, ValueRange{mNew, sumNew, accNew});
        });

    // out[b, i, h, e] = acc / l, heads joined.
    Value out = mapElements(
        rewriter, loc, loop.getResult(2), element,
        ValueRange{loop.getResult(2), loop.getResult(1)}, {id4, rowOfOut},
        [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
          return arith::DivFOp::create(nb, nl, a[0], a[1]);
        });
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
    Value scaleV = floatConstant(rewriter, loc, element, scoreScale(op));
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
