//===- Normalization.cpp - reductions and normalisations to linalg --------===//
//
// Each op is a short sequence of reductions and elementwise maps; fusing them
// (one pass over a row instead of three) is a later, measured optimisation.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::dt;

namespace {
/// Sorted axes in [0, rank).
SmallVector<int64_t> normalized(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> out;
  for (int64_t a : axes)
    out.push_back(a < 0 ? a + rank : a);
  llvm::sort(out);
  return out;
}

/// The map reading a tensor reduced over `axes` from loops over `rank` dims.
AffineMap dropping(ArrayRef<int64_t> axes, int64_t rank, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// The product of `input`'s extents over `axes`, as a float of `type`.
Value countOf(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
              Type type) {
  SmallVector<Value> extents = extentsOf(b, loc, input);
  Value count = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t a : axes)
    count = arith::MulIOp::create(b, loc, count, extents[a]);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  return arith::UIToFPOp::create(b, loc, type, asInt);
}

template <typename OpTy, ReduceKind kind, bool mean>
struct ReductionToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> axes = normalized(op.getAxes(), inType.getRank());
    Value result = reduce(rewriter, loc, input, axes, kind);
    if (mean) {
      Value count = countOf(rewriter, loc, input, axes, inType.getElementType());
      auto id = rewriter.getMultiDimIdentityMap(
          cast<RankedTensorType>(result.getType()).getRank());
      result = mapElements(rewriter, loc, result, inType.getElementType(),
                           result, {id},
                           [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::DivFOp::create(b, l, a[0], count);
                           });
    }
    if (op.getKeepDims())
      result = insertUnitDims(rewriter, loc, result, op.getType(), axes);
    result = castTo(rewriter, loc, result, op.getType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Index of the first largest element along the axis: a reduction carrying
/// (value, index), replacing only on a strictly larger value.
struct ArgmaxToGeneric : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = inType.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    SmallVector<Value> extents = extentsOf(rewriter, loc, input);
    SmallVector<int64_t> shape;
    SmallVector<Value> kept;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis) {
        shape.push_back(inType.getDimSize(d));
        kept.push_back(extents[d]);
      }
    Type element = inType.getElementType(), i64 = rewriter.getI64Type();
    Value lowest = floatConstant(rewriter, loc, element,
                                 -std::numeric_limits<double>::infinity());
    Value zero = arith::ConstantIntOp::create(rewriter, loc, i64, 0);
    Value maxInit = linalg::FillOp::create(rewriter, loc, lowest,
                                           emptyTensor(rewriter, loc, shape,
                                                       element, kept))
                        .getResult(0);
    Value idxInit = linalg::FillOp::create(rewriter, loc, zero,
                                           emptyTensor(rewriter, loc, shape,
                                                       i64, kept))
                        .getResult(0);
    AffineMap out = dropping({axis}, rank, ctx);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{maxInit.getType(), idxInit.getType()}, input,
        ValueRange{maxInit, idxInit},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), out, out},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, axis));
          Value larger = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                               args[0], args[1]);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, larger, args[0], args[1]),
                         arith::SelectOp::create(b, l, larger, index,
                                                 args[2])});
        });
    Value result = generic.getResult(1);
    if (op.getKeepDims())
      result = insertUnitDims(rewriter, loc, result, op.getType(), {axis});
    result = castTo(rewriter, loc, result, op.getType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// exp(x - max) / sum(exp(x - max)) along the axis.
struct SoftmaxToGeneric : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, softmax(rewriter, op.getLoc(), adaptor.getInput(),
                                   positiveAxis(op.getAxis(),
                                                op.getType().getRank())));
    return success();
  }
};

/// Normalises over the last dimension: layer_norm centres and uses the
/// variance, rms_norm the mean square; both scale by `scale` and layer_norm
/// adds `bias`.
template <typename OpTy>
struct NormToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool centred = std::is_same_v<OpTy, LayerNormOp>;
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank(), last = rank - 1;
    Type element = type.getElementType();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap row = dropping({last}, rank, ctx);
    AffineMap feature =
        AffineMap::get(rank, 0, {getAffineDimExpr(last, ctx)}, ctx);
    Value count = countOf(rewriter, loc, x, {last}, element);
    Value epsilon = arith::ConstantOp::create(
        rewriter, loc, rewriter.getFloatAttr(element, op.getEpsilon().convertToDouble()));

    // Every pass over a row reads x and recomputes x - mean rather than
    // reading a centred copy: a row of loads saved per pass, for a subtract.
    SmallVector<Value> inputs = {x};
    SmallVector<AffineMap> maps = {id};
    if (centred) {
      inputs.push_back(reduce(rewriter, loc, x, {last}, ReduceKind::Sum));
      maps.push_back(row);
    }
    auto value = [&](OpBuilder &b, Location l, ValueRange a) -> Value {
      if (!centred)
        return a[0];
      Value mean = arith::DivFOp::create(b, l, a[1], count);
      return arith::SubFOp::create(b, l, a[0], mean);
    };
    Value squares = mapElements(rewriter, loc, x, element, inputs, maps,
                                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                                  Value v = value(b, l, a);
                                  return arith::MulFOp::create(b, l, v, v);
                                });
    unsigned next = inputs.size();
    inputs.append({reduce(rewriter, loc, squares, {last}, ReduceKind::Sum),
                   adaptor.getScale()});
    maps.append({row, feature});
    if constexpr (centred) {
      inputs.push_back(adaptor.getBias());
      maps.push_back(feature);
    }
    Value y = mapElements(
        rewriter, loc, x, element, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value meanSquare = arith::DivFOp::create(b, l, a[next], count);
          Value inv = math::RsqrtOp::create(
              b, l, arith::AddFOp::create(b, l, meanSquare, epsilon));
          Value scaled = arith::MulFOp::create(
              b, l, arith::MulFOp::create(b, l, value(b, l, a), inv),
              a[next + 1]);
          return centred
                     ? Value(arith::AddFOp::create(b, l, scaled, a[next + 2]))
                     : scaled;
        });
    y = castTo(rewriter, loc, y, op.getType());
    rewriter.replaceOp(op, y);
    return success();
  }
};
} // namespace

Value dt::softmax(OpBuilder &b, Location loc, Value x, int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap row = dropping({axis}, rank, b.getContext());
  Type element = type.getElementType();
  Value max = reduce(b, loc, x, {axis}, ReduceKind::Max);
  Value e = mapElements(b, loc, x, element, {x, max}, {id, row},
                        [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                          return math::ExpOp::create(
                              nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                        });
  Value sum = reduce(b, loc, e, {axis}, ReduceKind::Sum);
  return mapElements(b, loc, e, element, {e, sum}, {id, row},
                     [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       return arith::DivFOp::create(nb, l, a[0], a[1]);
                     });
}

void dt::populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReductionToGeneric<ReduceSumOp, ReduceKind::Sum, false>,
               ReductionToGeneric<ReduceMeanOp, ReduceKind::Sum, true>,
               ReductionToGeneric<ReduceMaxOp, ReduceKind::Max, false>,
               ArgmaxToGeneric, SoftmaxToGeneric, NormToGeneric<LayerNormOp>,
               NormToGeneric<RmsNormOp>>(patterns.getContext());
}
