//===- TileForVectors.cpp - generated loops in vector-sized tiles ---------===//
//
// What is left of a model once its GEMMs are kernel calls (norms, softmax,
// GELU, residuals, attention's running maxima) is linalg on buffers whose
// innermost extent is usually dynamic (tokens) or not a multiple of the
// vector width (197). Each such op becomes loops over its outer dimensions
// (scf.parallel where they are parallel, so they become the pool's tasks)
// around a loop over its innermost dimension in steps of the vector width,
// peeled so that every tile but the last has a static width:
// dtc-cpu-vectorize turns the full tiles into unmasked vector code and the
// last one into masked code. A reduction along the innermost dimension
// (RowReductions.h) gets the same outer loops around one row per op, which
// dtc-cpu-vectorize turns into a loop carrying a vector of partial results.
//
// What the body derives only from values that are constant along a row (a
// norm's mean and 1/sqrt(variance + eps), a scale) is computed once per row
// before the vector loop: left in the body, every vector step would repeat
// it (a divide and a square root per 8 elements for a layer norm), and LLVM
// cannot hoist it since it cannot prove that the row's output does not
// overwrite the buffer that the constant is read from.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RowReductions.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_TILEFORVECTORS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

/// How an op maps onto vectors along its innermost loop dimension.
enum class VectorForm {
  None,
  /// The dimension is parallel: the op is cut into vector-wide steps.
  Steps,
  /// It is a reduction (RowReductions.h): one row per op.
  RowReduction,
};

/// `op`'s form. Every buffer that `op` indexes along its innermost
/// dimension must be read or written contiguously along it (its last
/// dimension, with unit stride; other buffers are broadcast along it), and
/// the body must only compute (no loads, no calls: nothing a vector lane
/// cannot do independently).
VectorForm classify(linalg::LinalgOp op, int64_t width) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op->hasAttr(dtc::cpu::kVectorTileAttr) ||
      op->hasAttr(dtc::cpu::kVectorReductionAttr))
    return VectorForm::None;
  unsigned inner = op.getNumLoops() - 1;
  int64_t extent = op.getStaticLoopRanges()[inner];
  if (!ShapedType::isDynamic(extent) && extent < width)
    return VectorForm::None;
  bool usesInner = false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) // A scalar (a fill's value).
      continue;
    // A memref of i1 holds a byte per element, a vector of i1 in memory a
    // bit per lane.
    Type element = type.getElementType();
    if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
      return VectorForm::None;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!map.isProjectedPermutation())
      return VectorForm::None;
    std::optional<unsigned> position =
        map.getResultPosition(getAffineDimExpr(inner, op.getContext()));
    if (!position)
      continue; // Broadcast along the vector.
    if (*position != map.getNumResults() - 1)
      return VectorForm::None; // Strided along the vector: a gather.
    auto [strides, offset] = type.getStridesAndOffset();
    if (strides.back() != 1)
      return VectorForm::None;
    usesInner = true;
  }
  if (!usesInner)
    return VectorForm::None;
  if (!linalg::isParallelIterator(op.getIteratorTypesArray()[inner])) {
    auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
    return generic && dtc::cpu::matchRowReduction(generic)
               ? VectorForm::RowReduction
               : VectorForm::None;
  }
  for (Operation &inside : op.getBlock()->without_terminator())
    if (!isa<arith::ArithDialect, math::MathDialect>(inside.getDialect()) &&
        !isa<linalg::IndexOp>(inside))
      return VectorForm::None;
  return VectorForm::Steps;
}

/// Moves out of `tile`, whose dimensions but the innermost have one
/// iteration, what its body derives only from inputs that do not vary along
/// the innermost dimension: those inputs are loaded once, the body's ops on
/// them are cloned before `tile`, and a copy of `tile` without those inputs
/// uses the results from above (linalg's vectorizer broadcasts them).
/// Returns the op that replaces `tile`, or `tile` if nothing moves.
///
/// Reading such an input once per row rather than once per element assumes
/// that the row's output does not overwrite it, which holds for bufferized
/// tensor code: an op writes in place only over inputs it reads
/// element-wise.
linalg::LinalgOp hoistRowInvariants(RewriterBase &rewriter,
                                    linalg::LinalgOp tile) {
  auto generic = dyn_cast<linalg::GenericOp>(tile.getOperation());
  if (!generic)
    return tile;
  Location loc = generic.getLoc();
  unsigned inner = generic.getNumLoops() - 1;
  auto isRowInvariant = [&](OpOperand *operand) {
    return isa<MemRefType>(operand->get().getType()) &&
           !generic.getMatchingIndexingMap(operand).isFunctionOfDim(inner);
  };
  if (llvm::none_of(generic.getDpsInputOperands(), isRowInvariant))
    return tile;
  Block *body = generic.getBlock();
  IRMapping invariant;
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  rewriter.setInsertionPoint(generic);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  for (OpOperand *operand : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(operand);
    Value value = operand->get();
    BlockArgument argument = generic.getMatchingBlockArgument(operand);
    if (isRowInvariant(operand)) {
      // Every dimension it indexes has one iteration: a single element.
      SmallVector<Value> indices(map.getNumResults(), zero);
      invariant.map(argument,
                    memref::LoadOp::create(rewriter, loc, value, indices));
    } else if (!isa<MemRefType>(value.getType())) {
      invariant.map(argument, value); // A scalar.
    } else {
      inputs.push_back(value);
      maps.push_back(map);
    }
  }
  auto isInvariant = [&](Value value) {
    return invariant.contains(value) ||
           value.getParentRegion() != &generic.getRegion();
  };
  for (Operation &op : body->without_terminator()) {
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op) ||
        !isSpeculatable(&op) || isa<linalg::IndexOp>(op) ||
        !llvm::all_of(op.getOperands(), isInvariant))
      continue;
    rewriter.clone(op, invariant);
  }
  for (OpOperand &init : generic.getDpsInitsMutable())
    maps.push_back(generic.getMatchingIndexingMap(&init));
  auto hoisted = linalg::GenericOp::create(
      rewriter, loc, TypeRange(), inputs, generic.getDpsInits(), maps,
      generic.getIteratorTypesArray(),
      [&](OpBuilder &builder, Location, ValueRange arguments) {
        IRMapping mapping = invariant;
        unsigned next = 0;
        for (BlockArgument argument : body->getArguments())
          if (!invariant.contains(argument))
            mapping.map(argument, arguments[next++]);
        for (Operation &op : *body) {
          bool moved = op.getNumResults() != 0 &&
                       invariant.contains(op.getResult(0));
          if (!moved)
            builder.clone(op, mapping);
        }
      });
  rewriter.eraseOp(generic);
  return cast<linalg::LinalgOp>(hoisted.getOperation());
}

/// Tiles `op` as the file comment says; the tiles are marked
/// kVectorTileAttr.
LogicalResult tileForVectors(RewriterBase &rewriter, linalg::LinalgOp op,
                             VectorForm form, int64_t width) {
  unsigned loops = op.getNumLoops();
  linalg::LinalgOp tile = op;
  rewriter.setInsertionPoint(op);
  if (loops > 1) {
    // One iteration of every outer dimension per tile.
    SmallVector<int64_t> sizes(loops, 1);
    sizes.back() = 0;
    linalg::LinalgTilingOptions outer;
    outer.setTileSizes(sizes).setLoopType(
        linalg::LinalgTilingLoopType::ParallelLoops);
    FailureOr<linalg::TiledLinalgOp> tiled =
        linalg::tileLinalgOp(rewriter, tile, outer);
    if (failed(tiled))
      return failure();
    rewriter.eraseOp(tile);
    tile = tiled->op;
  }
  tile = hoistRowInvariants(rewriter, tile);
  if (form == VectorForm::RowReduction) {
    tile->setAttr(dtc::cpu::kVectorReductionAttr, rewriter.getUnitAttr());
    return success();
  }
  SmallVector<int64_t> sizes(loops, 0);
  sizes.back() = width;
  linalg::LinalgTilingOptions vectors;
  vectors.setTileSizes(sizes).setLoopType(linalg::LinalgTilingLoopType::Loops);
  rewriter.setInsertionPoint(tile);
  FailureOr<linalg::TiledLinalgOp> tiled =
      linalg::tileLinalgOp(rewriter, tile, vectors);
  if (failed(tiled))
    return failure();
  rewriter.eraseOp(tile);
  tiled->op->setAttr(dtc::cpu::kVectorTileAttr, rewriter.getUnitAttr());
  // The last tile, if partial, gets a loop (and a copy of the op) of its
  // own; the full tiles' sizes become the constant width.
  scf::ForOp partial;
  (void)scf::peelForLoopAndSimplifyBounds(
      rewriter, cast<scf::ForOp>(tiled->loops.back()), partial);
  return success();
}

struct TileForVectorsPass
    : dtc::cpu::impl::TileForVectorsBase<TileForVectorsPass> {
  using TileForVectorsBase::TileForVectorsBase;

  void runOnOperation() override {
    if (vectorWidth < 1)
      return signalPassFailure();
    SmallVector<std::pair<linalg::LinalgOp, VectorForm>> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      VectorForm form = classify(op, vectorWidth);
      if (form != VectorForm::None)
        ops.emplace_back(op, form);
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, form] : ops)
      if (failed(tileForVectors(rewriter, op, form, vectorWidth))) {
        op.emitError("cannot tile for vectors");
        return signalPassFailure();
      }
  }
};

} // namespace
