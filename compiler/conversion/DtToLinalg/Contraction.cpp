//===- Contraction.cpp - dt.linear and dt.matmul to linalg.generic --------===//
//
// Contractions become linalg.generic with one reduction loop, so that later
// passes can tile them or hand them to a microkernel. dt.linear starts its
// accumulator from the bias, which fuses the bias add into the GEMM.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
/// acc + a * b, the body of every contraction here.
void multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Value product = arith::MulFOp::create(b, loc, args[0], args[1]);
  linalg::YieldOp::create(b, loc,
                          Value(arith::AddFOp::create(b, loc, args[2], product)));
}

AffineMap dims(unsigned numDims, ArrayRef<AffineExpr> exprs, MLIRContext *ctx) {
  return AffineMap::get(numDims, 0, exprs, ctx);
}

struct LinearToGeneric : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput(), w = adaptor.getWeight(), bias = adaptor.getBias();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();

    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d + 1 < rank; ++d)
      if (type.isDynamicDim(d))
        dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, x, d));
    if (type.isDynamicDim(rank - 1))
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, w, 0));

    // The accumulator starts as the bias broadcast over the leading
    // dimensions, or as zeros.
    Value init;
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    if (bias) {
      Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                            type.getElementType(), dynamicSizes);
      AffineMap biasMap = dims(rank, {rewriter.getAffineDimExpr(rank - 1)}, ctx);
      init = linalg::GenericOp::create(
                 rewriter, loc, type, bias, empty,
                 ArrayRef<AffineMap>{biasMap,
                                     rewriter.getMultiDimIdentityMap(rank)},
                 parallel,
                 [](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, args[0]);
                 })
                 .getResult(0);
    } else {
      init = zeros(rewriter, loc, type, dynamicSizes);
    }

    // Loops: the leading dimensions, n, then the reduction k.
    unsigned numLoops = rank + 1;
    SmallVector<AffineExpr> xExprs, outExprs;
    for (int64_t d = 0; d + 1 < rank; ++d)
      xExprs.push_back(rewriter.getAffineDimExpr(d));
    xExprs.push_back(rewriter.getAffineDimExpr(rank));
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap wMap = dims(numLoops, {rewriter.getAffineDimExpr(rank - 1),
                                     rewriter.getAffineDimExpr(rank)}, ctx);
    SmallVector<utils::IteratorType> iterators = parallel;
    iterators.push_back(utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{x, w}, init,
        ArrayRef<AffineMap>{dims(numLoops, xExprs, ctx), wMap,
                            dims(numLoops, outExprs, ctx)},
        iterators, multiplyAccumulate);
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct MatmulToGeneric : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank(), batch = rank - 2;
    bool transposed = op.getTransposeRhs();
    ArrayRef<int64_t> resultBatch = type.getShape().take_front(batch);

    // Loops: batch..., m, n, then the reduction k.
    unsigned numLoops = rank + 1;
    AffineExpr m = rewriter.getAffineDimExpr(batch),
               n = rewriter.getAffineDimExpr(batch + 1),
               k = rewriter.getAffineDimExpr(rank);
    auto operandMap = [&](RankedTensorType t, AffineExpr row, AffineExpr col) {
      SmallVector<AffineExpr> exprs = llvm::to_vector(
          broadcastMap(t.getShape().drop_back(2), resultBatch, ctx)
              .getResults());
      exprs.push_back(row);
      exprs.push_back(col);
      return dims(numLoops, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(d));

    // Dynamic extents: batch from whichever operand has it, m from lhs, n
    // from rhs.
    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d < batch; ++d) {
      if (!type.isDynamicDim(d))
        continue;
      for (auto [value, t] : {std::pair<Value, RankedTensorType>{lhs, lhsType},
                              {rhs, rhsType}}) {
        int64_t i = d - (batch - (t.getRank() - 2));
        if (i >= 0 && t.getDimSize(i) != 1) {
          dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, value, i));
          break;
        }
      }
    }
    if (type.isDynamicDim(batch))
      dynamicSizes.push_back(
          tensor::DimOp::create(rewriter, loc, lhs, lhsType.getRank() - 2));
    if (type.isDynamicDim(batch + 1))
      dynamicSizes.push_back(tensor::DimOp::create(
          rewriter, loc, rhs, rhsType.getRank() - (transposed ? 2 : 1)));

    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{lhs, rhs},
        zeros(rewriter, loc, type, dynamicSizes),
        ArrayRef<AffineMap>{operandMap(lhsType, m, k),
                            transposed ? operandMap(rhsType, n, k)
                                       : operandMap(rhsType, k, n),
                            dims(numLoops, outExprs, ctx)},
        iterators, multiplyAccumulate);
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void dt::populateContractionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LinearToGeneric, MatmulToGeneric>(patterns.getContext());
}
