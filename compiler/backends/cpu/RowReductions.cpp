//===- RowReductions.cpp - reductions along rows as vector code -----------===//

#include "compiler/backends/cpu/RowReductions.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

Operation *dtc::cpu::matchRowReduction(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() == 0 ||
      !linalg::isReductionIterator(op.getIteratorTypesArray().back()))
    return nullptr;
  Block *body = op.getBlock();
  BlockArgument output =
      op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  if (!output.getType().isIntOrFloat() || !output.hasOneUse())
    return nullptr;
  SmallVector<Operation *> combiners;
  // Positions count among the outputs, as the yield's operands do.
  if (!matchReduction(op.getRegionOutputArgs(), /*redPos=*/0, combiners) ||
      combiners.size() != 1)
    return nullptr;
  Operation *combiner = combiners.front();
  if (!linalg::getCombinerOpKind(combiner) ||
      !arith::getNeutralElement(combiner))
    return nullptr;
  if (isa<FloatType>(output.getType())) {
    auto fastMath = dyn_cast<arith::ArithFastMathInterface>(combiner);
    if (!fastMath ||
        !arith::bitEnumContainsAll(fastMath.getFastMathFlagsAttr().getValue(),
                                   arith::FastMathFlags::reassoc))
      return nullptr;
  }
  for (Operation &inside : body->without_terminator())
    if (!isa<arith::ArithDialect, math::MathDialect>(inside.getDialect()) ||
        inside.getNumRegions() != 0 ||
        !(OpTrait::hasElementwiseMappableTraits(&inside) ||
          inside.hasTrait<OpTrait::ConstantLike>()))
      return nullptr;
  return combiner;
}

namespace {

/// Emits one step of a row reduction: the body of `row` on `width`
/// elements from `column` on (masked by `mask` when it is set), combined
/// into the partial results `partial`.
class RowStep {
public:
  RowStep(linalg::GenericOp row, Operation *combiner, int64_t width,
          Value zero, const IRMapping &perRow)
      : row(row), combiner(combiner), width(width), zero(zero),
        perRow(perRow) {}

  Value emit(OpBuilder &builder, Value column, Value mask,
             Value partial) {
    Location loc = row.getLoc();
    IRMapping mapping = perRow;
    for (OpOperand *input : row.getDpsInputOperands()) {
      BlockArgument argument = row.getMatchingBlockArgument(input);
      if (mapping.contains(argument))
        continue;
      Value buffer = input->get();
      SmallVector<Value> indices(
          row.getMatchingIndexingMap(input).getNumResults(), zero);
      indices.back() = column;
      auto type = VectorType::get({width}, argument.getType());
      Value loaded;
      if (mask) {
        Value padding = arith::ConstantOp::create(
            builder, loc, type, builder.getZeroAttr(type));
        loaded = vector::MaskedLoadOp::create(builder, loc, type, buffer,
                                              indices, mask, padding);
      } else {
        loaded = vector::LoadOp::create(builder, loc, type, buffer, indices);
      }
      mapping.map(argument, loaded);
    }
    mapping.map(row.getMatchingBlockArgument(row.getDpsInitOperand(0)),
                partial);
    for (Operation &op : row.getBlock()->without_terminator())
      widen(builder, op, mapping);
    return mapping.lookup(combiner->getResult(0));
  }

private:
  /// Clones `op` on vectors of `width` (scalar operands broadcast), or as
  /// it is when all its operands are scalars (a constant, a per-row value).
  void widen(OpBuilder &builder, Operation &op, IRMapping &mapping) {
    SmallVector<Value> operands = llvm::map_to_vector(
        op.getOperands(), [&](Value v) { return mapping.lookupOrDefault(v); });
    if (llvm::none_of(operands, [](Value v) {
          return isa<VectorType>(v.getType());
        })) {
      builder.clone(op, mapping);
      return;
    }
    for (Value &operand : operands)
      if (!isa<VectorType>(operand.getType()))
        operand = vector::BroadcastOp::create(
            builder, op.getLoc(),
            VectorType::get({width}, operand.getType()), operand);
    SmallVector<Type> types = llvm::map_to_vector(
        op.getResultTypes(),
        [&](Type t) -> Type { return VectorType::get({width}, t); });
    OperationState state(op.getLoc(), op.getName(), operands, types,
                         op.getAttrs());
    Operation *wide = builder.create(state);
    mapping.map(op.getResults(), wide->getResults());
  }

  linalg::GenericOp row;
  Operation *combiner;
  int64_t width;
  Value zero;
  const IRMapping &perRow;
};

} // namespace

LogicalResult dtc::cpu::vectorizeRowReduction(RewriterBase &rewriter,
                                              linalg::GenericOp row,
                                              int64_t width) {
  Operation *combiner = matchRowReduction(row);
  if (!combiner)
    return failure();
  Location loc = row.getLoc();
  unsigned inner = row.getNumLoops() - 1;
  rewriter.setInsertionPoint(row);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);

  // Inputs that do not vary along the row are read once; the row's length
  // is that of the first input that does.
  IRMapping perRow;
  Value length;
  for (OpOperand *input : row.getDpsInputOperands()) {
    Value value = input->get();
    AffineMap map = row.getMatchingIndexingMap(input);
    BlockArgument argument = row.getMatchingBlockArgument(input);
    if (!isa<MemRefType>(value.getType())) {
      perRow.map(argument, value);
    } else if (!map.isFunctionOfDim(inner)) {
      SmallVector<Value> indices(map.getNumResults(), zero);
      perRow.map(argument,
                 memref::LoadOp::create(rewriter, loc, value, indices));
    } else if (!length) {
      length = rewriter.createOrFold<memref::DimOp>(
          loc, value, map.getNumResults() - 1);
    }
  }
  if (!length)
    return rewriter.notifyMatchFailure(row, "nothing is read along the row");

  // The full steps, from the neutral element on.
  Type element = combiner->getResult(0).getType();
  auto vectorType = VectorType::get({width}, element);
  Value initial = arith::ConstantOp::create(
      rewriter, loc, vectorType,
      DenseElementsAttr::get(vectorType, *arith::getNeutralElement(combiner)));
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  Value full = getValueOrCreateConstantIndexOp(
      rewriter, loc,
      affine::makeComposedFoldedAffineApply(
          rewriter, loc, AffineMap::get(0, 1, s0.floorDiv(width) * width),
          {getAsOpFoldResult(length)}));
  Value step = arith::ConstantIndexOp::create(rewriter, loc, width);
  RowStep rowStep(row, combiner, width, zero, perRow);
  auto loop = scf::ForOp::create(
      rewriter, loc, zero, full, step, ValueRange{initial},
      [&](OpBuilder &builder, Location, Value column, ValueRange partial) {
        scf::YieldOp::create(
            builder, loc,
            rowStep.emit(builder, column, /*mask=*/nullptr, partial.front()));
      });
  Value partial = loop.getResult(0);

  // What is left, masked: lanes past the row's end keep their results.
  std::optional<int64_t> staticLength = getConstantIntValue(length);
  if (!staticLength || *staticLength % width != 0) {
    Value left = arith::SubIOp::create(rewriter, loc, length, full);
    Value mask = vector::CreateMaskOp::create(
        rewriter, loc, VectorType::get({width}, rewriter.getI1Type()),
        ValueRange{left});
    Value last = rowStep.emit(rewriter, full, mask, partial);
    partial = arith::SelectOp::create(rewriter, loc, mask, last, partial);
  }

  // Across the lanes, into what the output held.
  Value output = row.getDpsInitOperand(0)->get();
  SmallVector<Value> indices(cast<MemRefType>(output.getType()).getRank(),
                             zero);
  Value prior = memref::LoadOp::create(rewriter, loc, output, indices);
  arith::FastMathFlags flags = arith::FastMathFlags::none;
  if (auto fastMath = dyn_cast<arith::ArithFastMathInterface>(combiner))
    flags = fastMath.getFastMathFlagsAttr().getValue();
  Value reduced = vector::ReductionOp::create(
      rewriter, loc, *linalg::getCombinerOpKind(combiner), partial, prior,
      flags);
  memref::StoreOp::create(rewriter, loc, reduced, output, indices);
  rewriter.eraseOp(row);
  return success();
}
