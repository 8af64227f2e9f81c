//===- DataMovement.cpp - shape and data movement dt ops to linalg --------===//
//
// Pure reshapes map onto the tensor dialect (expand/collapse/reshape, slices,
// concat); gathers and index arithmetic become a linalg.generic over the
// result whose body reads the source with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
/// The extents of `type`: constants where static, else the next of
/// `dynamicSizes` (the operands of ops shaped like tensor.empty).
SmallVector<Value> extentsWithSizes(OpBuilder &b, Location loc,
                                    RankedTensorType type,
                                    ValueRange dynamicSizes) {
  SmallVector<Value> extents;
  auto dynamic = dynamicSizes.begin();
  for (int64_t d = 0; d < type.getRank(); ++d)
    extents.push_back(type.isDynamicDim(d)
                          ? *dynamic++
                          : Value(arith::ConstantIndexOp::create(
                                b, loc, type.getDimSize(d))));
  return extents;
}

/// A linalg.generic over `type` (with `extents`) that reads `inputs` through
/// `maps` and computes each element with `body` (given the inputs' elements;
/// linalg.index gives the position).
Value generate(OpBuilder &b, Location loc, RankedTensorType type,
               ArrayRef<Value> extents, ValueRange inputs,
               ArrayRef<AffineMap> maps,
               function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = emptyTensor(b, loc, type.getShape(), type.getElementType(),
                           extents);
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, type, inputs, init, allMaps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, body(nb, l, args.drop_back()));
             })
      .getResult(0);
}

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> in = extentsOf(rewriter, loc, adaptor.getInput()), out;
    for (int64_t p : op.getPermutation())
      out.push_back(in[p]);
    RankedTensorType type = op.getType();
    Value init = emptyTensor(rewriter, loc, type.getShape(),
                             type.getElementType(), out);
    auto transpose = linalg::TransposeOp::create(
        rewriter, loc, adaptor.getInput(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};

/// tensor.reshape to the extents of `shape`, with -1 computed at run time.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Value e : extentsOf(rewriter, loc, adaptor.getInput()))
      total = arith::MulIOp::create(rewriter, loc, total, e);
    Value known = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t e : op.getShape())
      if (e >= 0)
        known = arith::MulIOp::create(
            rewriter, loc, known, arith::ConstantIndexOp::create(rewriter, loc, e));
    SmallVector<Value> extents;
    for (int64_t e : op.getShape())
      extents.push_back(
          e >= 0 ? Value(arith::ConstantIndexOp::create(rewriter, loc, e))
                 : Value(arith::DivUIOp::create(rewriter, loc, total, known)));
    Value shape = tensor::FromElementsOp::create(rewriter, loc, extents);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, op.getType(),
                                                   adaptor.getInput(), shape);
    return success();
  }
};

struct ExpandDimsLowering : OpConversionPattern<ExpandDimsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandDimsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t axis = positiveAxis(op.getAxis(), op.getType().getRank());
    rewriter.replaceOp(op, insertUnitDims(rewriter, op.getLoc(),
                                          adaptor.getInput(), op.getType(),
                                          {axis}));
    return success();
  }
};

struct SqueezeLowering : OpConversionPattern<SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t rank = inType.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    // The verifier allows a dynamic extent here; it must be 1 at run time.
    SmallVector<int64_t> shape(inType.getShape());
    shape[axis] = 1;
    Value input = castTo(rewriter, loc, adaptor.getInput(),
                         RankedTensorType::get(shape, inType.getElementType()));
    SmallVector<ReassociationIndices> groups;
    ReassociationIndices pending;
    for (int64_t d = 0; d < rank; ++d) {
      pending.push_back(d);
      if (d != axis) {
        groups.push_back(pending);
        pending.clear();
      }
    }
    if (!pending.empty() && !groups.empty())
      llvm::append_range(groups.back(), pending);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, op.getType(),
                                                         input, groups);
    return success();
  }
};

struct BroadcastLowering : OpConversionPattern<BroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value input = adaptor.getInput();
    SmallVector<Value> extents =
        extentsWithSizes(rewriter, op.getLoc(), type, adaptor.getDynamicSizes());
    AffineMap map =
        broadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                     type.getShape(), rewriter.getContext());
    rewriter.replaceOp(op, generate(rewriter, op.getLoc(), type, extents, input,
                                    {map},
                                    [](OpBuilder &, Location, ValueRange a) {
                                      return a[0];
                                    }));
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t axis = positiveAxis(op.getAxis(), op.getType().getRank());
    Value result = tensor::ConcatOp::create(rewriter, op.getLoc(), axis,
                                            adaptor.getInputs());
    rewriter.replaceOp(op, castTo(rewriter, op.getLoc(), result, op.getType()));
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    int64_t rank = op.getType().getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    auto start = static_cast<int64_t>(op.getStart());
    // Static extents stay attributes, so the slice keeps a static type.
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)),
        strides(rank, rewriter.getIndexAttr(1));
    offsets[axis] = rewriter.getIndexAttr(start);
    int64_t extent = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    if (std::optional<uint64_t> end = op.getEnd())
      sizes[axis] = rewriter.getIndexAttr(static_cast<int64_t>(*end) - start);
    else if (!ShapedType::isDynamic(extent))
      sizes[axis] = rewriter.getIndexAttr(extent - start);
    else
      sizes[axis] = Value(arith::SubIOp::create(
          rewriter, loc, tensor::DimOp::create(rewriter, loc, input, axis),
          arith::ConstantIndexOp::create(rewriter, loc, start)));
    Value slice = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets,
                                                 sizes, strides);
    rewriter.replaceOp(op, castTo(rewriter, loc, slice, op.getType()));
    return success();
  }
};

/// result[i..., k, r...] = input[i..., indices[i..., k], r...]
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    SmallVector<Value> in = extentsOf(rewriter, loc, input);
    SmallVector<Value> extents = in;
    extents[axis] = extentsOf(rewriter, loc, indices)[axis];
    SmallVector<AffineExpr> idxExprs;
    for (int64_t d = 0; d <= axis; ++d)
      idxExprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap idxMap = AffineMap::get(rank, 0, idxExprs, rewriter.getContext());
    rewriter.replaceOp(
        op, generate(rewriter, loc, type, extents, indices, {idxMap},
                     [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                       SmallVector<Value> at;
                       for (int64_t d = 0; d < rank; ++d)
                         at.push_back(d == axis
                                          ? toIndex(b, l, a[0])
                                          : Value(linalg::IndexOp::create(b, l, d)));
                       return tensor::ExtractOp::create(b, l, input, at);
                     }));
    return success();
  }
};

/// result[i..., d] = table[ids[i...], d]
struct EmbeddingLowering : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value table = adaptor.getTable(), ids = adaptor.getIds();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    SmallVector<Value> extents = extentsOf(rewriter, loc, ids);
    extents.push_back(extentsOf(rewriter, loc, table)[1]);
    SmallVector<AffineExpr> idExprs;
    for (int64_t d = 0; d + 1 < rank; ++d)
      idExprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap idMap = AffineMap::get(rank, 0, idExprs, rewriter.getContext());
    rewriter.replaceOp(
        op, generate(rewriter, loc, type, extents, ids, {idMap},
                     [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                       Value row = toIndex(b, l, a[0]);
                       Value col = linalg::IndexOp::create(b, l, rank - 1);
                       return tensor::ExtractOp::create(b, l, table,
                                                        ValueRange{row, col});
                     }));
    return success();
  }
};

struct IotaLowering : OpConversionPattern<IotaOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    SmallVector<Value> extents =
        extentsWithSizes(rewriter, op.getLoc(), type, adaptor.getDynamicSizes());
    auto axis = static_cast<int64_t>(op.getAxis());
    Type element = type.getElementType();
    rewriter.replaceOp(
        op, generate(rewriter, op.getLoc(), type, extents, {}, {},
                     [&](OpBuilder &b, Location l, ValueRange) -> Value {
                       return arith::IndexCastOp::create(
                           b, l, element, linalg::IndexOp::create(b, l, axis));
                     }));
    return success();
  }
};

/// result[b, n, f] = input[b, (n / (W/p)) p + f / (p C), (n % (W/p)) p +
/// (f / C) % p, f % C]: patches in row-major order, each (row, col, channel).
struct PatchifyLowering : OpConversionPattern<PatchifyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PatchifyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    SmallVector<Value> in = extentsOf(rewriter, loc, input);
    auto p = static_cast<int64_t>(op.getPatchSize());
    Value pv = arith::ConstantIndexOp::create(rewriter, loc, p);
    // Static extents were checked by the verifier; dynamic ones here, or the
    // image would be cropped to whole patches without a word.
    auto inputType = cast<RankedTensorType>(input.getType());
    if (inputType.isDynamicDim(1) || inputType.isDynamicDim(2)) {
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      auto wholePatches = [&](Value extent) -> Value {
        Value rest = arith::RemUIOp::create(rewriter, loc, extent, pv);
        return arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                     rest, zero);
      };
      Value both = arith::AndIOp::create(rewriter, loc, wholePatches(in[1]),
                                         wholePatches(in[2]));
      cf::AssertOp::create(rewriter, loc, both,
                           "the image's height and width must be multiples "
                           "of the patch size " +
                               std::to_string(p));
    }
    Value rowsPerImage = arith::DivUIOp::create(rewriter, loc, in[1], pv);
    Value colsPerImage = arith::DivUIOp::create(rewriter, loc, in[2], pv);
    Value channels = in[3];
    Value patchRow = arith::MulIOp::create(rewriter, loc, pv, channels);
    SmallVector<Value> extents = {
        in[0], arith::MulIOp::create(rewriter, loc, rowsPerImage, colsPerImage),
        arith::MulIOp::create(rewriter, loc, patchRow, pv)};
    rewriter.replaceOp(
        op, generate(rewriter, loc, op.getType(), extents, {}, {},
                     [&](OpBuilder &b, Location l, ValueRange) -> Value {
                       Value batch = linalg::IndexOp::create(b, l, 0);
                       Value n = linalg::IndexOp::create(b, l, 1);
                       Value f = linalg::IndexOp::create(b, l, 2);
                       auto div = [&](Value x, Value y) -> Value {
                         return arith::DivUIOp::create(b, l, x, y);
                       };
                       auto rem = [&](Value x, Value y) -> Value {
                         return arith::RemUIOp::create(b, l, x, y);
                       };
                       auto mul = [&](Value x, Value y) -> Value {
                         return arith::MulIOp::create(b, l, x, y);
                       };
                       auto add = [&](Value x, Value y) -> Value {
                         return arith::AddIOp::create(b, l, x, y);
                       };
                       Value h = add(mul(div(n, colsPerImage), pv),
                                     div(f, patchRow));
                       Value w = add(mul(rem(n, colsPerImage), pv),
                                     rem(div(f, channels), pv));
                       Value c = rem(f, channels);
                       return tensor::ExtractOp::create(
                           b, l, input, ValueRange{batch, h, w, c});
                     }));
    return success();
  }
};
} // namespace

void dt::populateDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<TransposeLowering, ReshapeLowering, ExpandDimsLowering,
               SqueezeLowering, BroadcastLowering, ConcatLowering,
               SliceLowering, GatherLowering, EmbeddingLowering, IotaLowering,
               PatchifyLowering>(patterns.getContext());
}
