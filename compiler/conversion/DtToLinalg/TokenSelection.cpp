//===- TokenSelection.cpp - dt.select_tokens to linalg --------------------===//
//
// Per sample, keep the prefix and the K - P best-scoring other tokens (ties
// to the lower index), in their original order (semantics.md section 1), as a
// partial selection without sorting:
//   rank[b, j]  = #{i >= P : s[b, i] > s[b, j] or (== and i < j)}
//   keep[b, j]  = j < P or rank[b, j] < K - P
//   slot[b, j]  = #{i < j : keep[b, i]}             (the output position)
//   index[b, k] = the j kept with slot[b, j] == k
//   output      = dt.gather(input, index)           (lowered by its pattern)
// Each step is a parallel linalg.generic with one reduction: O(N^2) compares
// per sample, small next to the blocks that follow (N = 197: ~40k). K is a
// run-time value computed from the rate.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
struct SelectTokensLowering : OpConversionPattern<SelectTokensOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SelectTokensOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!adaptor.getRate().getType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "per-sample rates");
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), scores = adaptor.getScores();
    Type i64 = rewriter.getI64Type();
    SmallVector<Value> ext = extentsOf(rewriter, loc, x);
    Value batch = ext[0], n = ext[1];
    auto prefix = static_cast<int64_t>(op.getPrefix());

    // K = P + min(N - P, ceil(rate * (N - P))), the product in float32.
    Type f32 = rewriter.getF32Type();
    Value rate = adaptor.getRate();
    if (rate.getType() != f32)
      rate = arith::TruncFOp::create(rewriter, loc, f32, rate);
    Value p = arith::ConstantIndexOp::create(rewriter, loc, prefix);
    Value rest = arith::SubIOp::create(rewriter, loc, n, p);
    Value restF = arith::UIToFPOp::create(
        rewriter, loc, f32, arith::IndexCastOp::create(rewriter, loc, i64, rest));
    Value want = arith::FPToUIOp::create(
        rewriter, loc, i64,
        math::CeilOp::create(rewriter, loc,
                             arith::MulFOp::create(rewriter, loc, rate, restF)));
    Value wantIdx = arith::MinUIOp::create(
        rewriter, loc, arith::IndexCastOp::create(rewriter, loc,
                                                  rewriter.getIndexType(), want),
        rest);
    Value k = arith::AddIOp::create(rewriter, loc, p, wantIdx);
    Value chosen = arith::IndexCastOp::create(rewriter, loc, i64, wantIdx);
    Value prefixI = arith::ConstantIntOp::create(rewriter, loc, i64, prefix);

    // rank[b, j] among the non-prefix tokens.
    Value rank = rankDescending(rewriter, loc, batch, n, scores, prefixI);
    auto kept = [&](OpBuilder &b, Location l, Value position, Value r) -> Value {
      Value inPrefix =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, position, prefixI);
      Value best = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, r, chosen);
      return arith::OrIOp::create(b, l, inPrefix, best);
    };
    // slot[b, j]: kept tokens before j.
    Value slot = countWhere(
        rewriter, loc, batch, n, ValueRange{rank}, {loopMap(rewriter, 3, {0, 2})},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value j = loopIndexI64(b, l, 1), i = loopIndexI64(b, l, 2);
          Value before = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, i, j);
          return arith::AndIOp::create(b, l, before, kept(b, l, i, a[0]));
        });
    // index[b, k] = sum over kept j with slot == k of j.
    Value zero = arith::ConstantIntOp::create(rewriter, loc, i64, 0);
    auto idxType = RankedTensorType::get({ShapedType::kDynamic, ShapedType::kDynamic}, i64);
    Value idxInit = linalg::FillOp::create(
                        rewriter, loc, ValueRange{zero},
                        ValueRange{tensor::EmptyOp::create(
                            rewriter, loc, idxType.getShape(), i64,
                            ValueRange{batch, k})})
                        .getResult(0);
    Value indices =
        linalg::GenericOp::create(
            rewriter, loc, idxType, ValueRange{rank, slot}, idxInit,
            ArrayRef<AffineMap>{loopMap(rewriter, 3, {0, 2}), loopMap(rewriter, 3, {0, 2}),
                                loopMap(rewriter, 3, {0, 1})},
            ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                          utils::IteratorType::parallel,
                                          utils::IteratorType::reduction},
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value out = loopIndexI64(b, l, 1), j = loopIndexI64(b, l, 2);
              Value match = arith::AndIOp::create(
                  b, l, kept(b, l, j, a[0]),
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[1], out));
              Value add = arith::SelectOp::create(b, l, match, j, zero);
              linalg::YieldOp::create(
                  b, l, Value(arith::AddIOp::create(b, l, a[2], add)));
            })
            .getResult(0);
    RankedTensorType outType = op.getOutput().getType();
    Value gathered = GatherOp::create(
        rewriter, loc,
        RankedTensorType::get({outType.getDimSize(0), ShapedType::kDynamic,
                               outType.getDimSize(2)},
                              outType.getElementType()),
        x, indices, rewriter.getI64IntegerAttr(1));
    rewriter.replaceOp(op, {castTo(rewriter, loc, gathered, outType),
                            castTo(rewriter, loc, indices,
                                   op.getIndices().getType())});
    return success();
  }
};
} // namespace

void dt::populateTokenSelectionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SelectTokensLowering>(patterns.getContext());
}
