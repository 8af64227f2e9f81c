//===- Helpers.cpp - helpers shared by the dt to linalg patterns ----------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

AffineMap dt::broadcastMap(ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> resultShape,
                           MLIRContext *context) {
  int64_t offset = resultShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, extent] : llvm::enumerate(shape)) {
    int64_t d = offset + i;
    exprs.push_back(extent == 1 && resultShape[d] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(d, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value dt::emptyForBroadcast(OpBuilder &b, Location loc, RankedTensorType type,
                            ValueRange operands) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    Value size;
    for (Value operand : operands) {
      auto t = cast<RankedTensorType>(operand.getType());
      int64_t i = d - (type.getRank() - t.getRank());
      if (i < 0 || t.getDimSize(i) == 1)
        continue;
      size = tensor::DimOp::create(b, loc, operand, i);
      break;
    }
    // Every operand has a static 1 there: so does the result.
    dynamicSizes.push_back(size ? size
                                : arith::ConstantIndexOp::create(b, loc, 1));
  }
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

Value dt::castTo(OpBuilder &b, Location loc, Value value, Type type) {
  return value.getType() == type
             ? value
             : Value(tensor::CastOp::create(b, loc, type, value));
}

Value dt::toIndex(OpBuilder &b, Location loc, Value integer) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), integer);
}

Value dt::loopIndexI64(OpBuilder &b, Location loc, unsigned dim) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                    linalg::IndexOp::create(b, loc, dim));
}

Value dt::floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

SmallVector<Value> dt::extentsOf(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<Value> extents;
  for (int64_t d = 0; d < type.getRank(); ++d)
    extents.push_back(
        type.isDynamicDim(d)
            ? Value(tensor::DimOp::create(b, loc, value, d))
            : Value(arith::ConstantIndexOp::create(b, loc, type.getDimSize(d))));
  return extents;
}

Value dt::emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      Type elementType, ArrayRef<Value> extents) {
  SmallVector<Value> dynamic;
  for (auto [d, extent] : llvm::enumerate(shape))
    if (ShapedType::isDynamic(extent))
      dynamic.push_back(extents[d]);
  return tensor::EmptyOp::create(b, loc, shape, elementType, dynamic);
}

Value dt::reduce(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> axes, ReduceKind kind) {
  auto type = cast<RankedTensorType>(input.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<Value> extents = extentsOf(b, loc, input);
  SmallVector<int64_t> shape;
  SmallVector<Value> kept;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    bool reduced = llvm::is_contained(axes, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (reduced)
      continue;
    shape.push_back(type.getDimSize(d));
    kept.push_back(extents[d]);
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  Type element = type.getElementType();
  Value identity = floatConstant(
      b, loc, element,
      kind == ReduceKind::Sum ? 0.0 : -std::numeric_limits<double>::infinity());
  Value init = linalg::FillOp::create(
                   b, loc, identity, emptyTensor(b, loc, shape, element, kept))
                   .getResult(0);
  AffineMap inMap = b.getMultiDimIdentityMap(type.getRank());
  AffineMap outMap = AffineMap::get(type.getRank(), 0, outExprs, ctx);
  return linalg::GenericOp::create(
             b, loc, init.getType(), input, init,
             ArrayRef<AffineMap>{inMap, outMap}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value r = kind == ReduceKind::Sum
                             ? Value(arith::AddFOp::create(nb, l, args[0], args[1]))
                             : Value(arith::MaximumFOp::create(nb, l, args[0],
                                                               args[1]));
               linalg::YieldOp::create(nb, l, r);
             })
      .getResult(0);
}

Value dt::mapElements(
    OpBuilder &b, Location loc, Value like, Type elementType, ValueRange inputs,
    ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(like.getType());
  Value init = emptyTensor(b, loc, type.getShape(), elementType,
                           extentsOf(b, loc, like));
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, init.getType(), inputs, init, allMaps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, body(nb, l, args.drop_back()));
             })
      .getResult(0);
}

Value dt::insertUnitDims(OpBuilder &b, Location loc, Value value,
                         RankedTensorType type, ArrayRef<int64_t> axes) {
  // Each unit dimension joins the group of the next kept dimension, or of
  // the last one when it comes after all of them.
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    pending.push_back(d);
    if (!llvm::is_contained(axes, d)) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    llvm::append_range(groups.back(), pending);
  return tensor::ExpandShapeOp::create(b, loc, type, value, groups);
}

/// A [B, M] i64 tensor where element (b, m) counts the n in [0, N) for which
/// `counted(b, m, n)` holds: one generic over (b, m, n) reducing n.
Value dt::reduceLast(
    OpBuilder &b, Location loc, ArrayRef<Value> out, Type element, Value init,
    ValueRange inputs, ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<int64_t> shape(out.size(), ShapedType::kDynamic);
  Value empty = emptyTensor(b, loc, shape, element, out);
  Value filled = linalg::FillOp::create(b, loc, init, empty).getResult(0);
  unsigned loops = out.size() + 1;
  SmallVector<AffineMap> allMaps(maps);
  SmallVector<AffineExpr> outExprs;
  for (unsigned d = 0; d < out.size(); ++d)
    outExprs.push_back(b.getAffineDimExpr(d));
  allMaps.push_back(AffineMap::get(loops, 0, outExprs, b.getContext()));
  SmallVector<utils::IteratorType> iterators(out.size(),
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, filled.getType(), inputs, filled, allMaps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l, body(nb, l, args));
             })
      .getResult(0);
}

Value dt::countWhere(
    OpBuilder &b, Location loc, Value batch, Value rows, ValueRange inputs,
    ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> counted) {
  Type i64 = b.getI64Type();
  return reduceLast(
      b, loc, {batch, rows}, i64, arith::ConstantIntOp::create(b, loc, i64, 0),
      inputs, maps, [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        Value hit = counted(nb, l, args.drop_back());
        return arith::AddIOp::create(nb, l, args.back(),
                                     arith::ExtUIOp::create(nb, l, i64, hit));
      });
}

static Value fillZero(OpBuilder &b, Location loc, Value empty) {
  Type element = cast<RankedTensorType>(empty.getType()).getElementType();
  return linalg::FillOp::create(b, loc, dt::floatConstant(b, loc, element, 0.0),
                                empty)
      .getResult(0);
}

Value dt::zeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                Type element, ArrayRef<Value> extents) {
  return fillZero(b, loc, emptyTensor(b, loc, shape, element, extents));
}

Value dt::zeros(OpBuilder &b, Location loc, RankedTensorType type,
                ValueRange dynamicSizes) {
  return fillZero(b, loc,
                  tensor::EmptyOp::create(b, loc, type.getShape(),
                                          type.getElementType(), dynamicSizes));
}

AffineMap dt::loopMap(OpBuilder &b, unsigned loops, ArrayRef<unsigned> dims) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d : dims)
    exprs.push_back(b.getAffineDimExpr(d));
  return AffineMap::get(loops, 0, exprs, b.getContext());
}

Value dt::rankDescending(OpBuilder &b, Location loc, Value batch, Value count,
                         Value scores, Value first) {
  return countWhere(
      b, loc, batch, count, ValueRange{scores, scores},
      {loopMap(b, 3, {0, 2}), loopMap(b, 3, {0, 1})},
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value self = loopIndexI64(nb, l, 1), other = loopIndexI64(nb, l, 2);
        Value higher = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT,
                                             a[0], a[1]);
        Value tie = arith::AndIOp::create(
            nb, l,
            arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ, a[0], a[1]),
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, other, self));
        Value counted = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::uge,
                                              other, first);
        return arith::AndIOp::create(nb, l, counted,
                                     arith::OrIOp::create(nb, l, higher, tie));
      });
}

