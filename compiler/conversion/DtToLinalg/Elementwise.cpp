//===- Elementwise.cpp - elementwise dt ops to linalg.generic -------------===//
//
// Each op becomes one linalg.generic over the result's shape; what differs is
// only the scalar computation, written once per op below.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dt;

namespace {
/// 1 / (1 + exp(-x)).
Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = floatConstant(b, loc, x.getType(), 1.0);
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

// The scalar computation of each op, on the elements `args`.
Value scalar(AddOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::AddFOp::create(b, loc, a[0], a[1]);
}
Value scalar(SubOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::SubFOp::create(b, loc, a[0], a[1]);
}
Value scalar(MulOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::MulFOp::create(b, loc, a[0], a[1]);
}
Value scalar(DivOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::DivFOp::create(b, loc, a[0], a[1]);
}
Value scalar(MaximumOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::MaximumFOp::create(b, loc, a[0], a[1]);
}
Value scalar(MinimumOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::MinimumFOp::create(b, loc, a[0], a[1]);
}
Value scalar(ExpOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::ExpOp::create(b, loc, a[0]);
}
Value scalar(LogOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::LogOp::create(b, loc, a[0]);
}
Value scalar(TanhOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::TanhOp::create(b, loc, a[0]);
}
Value scalar(SqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::SqrtOp::create(b, loc, a[0]);
}
Value scalar(RsqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::RsqrtOp::create(b, loc, a[0]);
}
Value scalar(NegOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::NegFOp::create(b, loc, a[0]);
}
Value scalar(AbsOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AbsFOp::create(b, loc, a[0]);
}
Value scalar(ErfOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::ErfOp::create(b, loc, a[0]);
}
Value scalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange a) {
  return sigmoid(b, loc, a[0]);
}
Value scalar(ReluOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::MaximumFOp::create(b, loc, a[0],
                                   floatConstant(b, loc, a[0].getType(), 0.0));
}
Value scalar(SiluOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::MulFOp::create(b, loc, a[0], sigmoid(b, loc, a[0]));
}
Value scalar(GeluOp op, OpBuilder &b, Location loc, ValueRange a) {
  Value x = a[0];
  Type t = x.getType();
  Value half = floatConstant(b, loc, t, 0.5);
  Value one = floatConstant(b, loc, t, 1.0);
  Value inner;
  if (op.getApproximation() == GeluApproximation::erf) {
    // 0.5 x (1 + erf(x / sqrt 2))
    Value scaled = arith::MulFOp::create(b, loc, x,
                                         floatConstant(b, loc, t, M_SQRT1_2));
    inner = math::ErfOp::create(b, loc, scaled);
  } else {
    // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    Value x3 = arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x,
        arith::MulFOp::create(b, loc, floatConstant(b, loc, t, 0.044715), x3));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc,
                              floatConstant(b, loc, t, std::sqrt(2.0 / M_PI)),
                              poly));
  }
  return arith::MulFOp::create(
      b, loc, arith::MulFOp::create(b, loc, half, x),
      arith::AddFOp::create(b, loc, one, inner));
}

/// One linalg.generic over the result, reading each operand through its
/// broadcasting map.
template <typename OpTy>
struct ElementwiseToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    ValueRange inputs = adaptor.getOperands();
    SmallVector<AffineMap> maps;
    for (Value input : inputs)
      maps.push_back(broadcastMap(
          cast<RankedTensorType>(input.getType()).getShape(),
          resultType.getShape(), rewriter.getContext()));
    maps.push_back(rewriter.getMultiDimIdentityMap(resultType.getRank()));
    Value init = emptyForBroadcast(rewriter, loc, resultType, inputs);
    SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, inputs, init, maps, iterators,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          Value out = scalar(op, b, nested, args.drop_back());
          linalg::YieldOp::create(b, nested, out);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void dt::populateElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ElementwiseToGeneric<AddOp>, ElementwiseToGeneric<SubOp>,
               ElementwiseToGeneric<MulOp>, ElementwiseToGeneric<DivOp>,
               ElementwiseToGeneric<MaximumOp>, ElementwiseToGeneric<MinimumOp>,
               ElementwiseToGeneric<ExpOp>, ElementwiseToGeneric<LogOp>,
               ElementwiseToGeneric<TanhOp>, ElementwiseToGeneric<SqrtOp>,
               ElementwiseToGeneric<RsqrtOp>, ElementwiseToGeneric<NegOp>,
               ElementwiseToGeneric<AbsOp>, ElementwiseToGeneric<ErfOp>,
               ElementwiseToGeneric<SigmoidOp>, ElementwiseToGeneric<ReluOp>,
               ElementwiseToGeneric<SiluOp>, ElementwiseToGeneric<GeluOp>>(
      patterns.getContext());
}
