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
// last one into masked code.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_TILEFORVECTORS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

/// Whether `op` maps onto vectors along its innermost loop dimension: that
/// dimension is parallel, every buffer it indexes is read or written
/// contiguously along it (its last dimension, with unit stride), and the
/// body only computes (no loads, no calls: nothing a vector lane cannot
/// do independently).
bool isVectorizable(linalg::LinalgOp op, int64_t width) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op->hasAttr(dtc::cpu::kVectorTileAttr))
    return false;
  unsigned inner = op.getNumLoops() - 1;
  if (!linalg::isParallelIterator(op.getIteratorTypesArray()[inner]))
    return false;
  int64_t extent = op.getStaticLoopRanges()[inner];
  if (!ShapedType::isDynamic(extent) && extent < width)
    return false;
  bool usesInner = false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) // A scalar (a fill's value).
      continue;
    Type element = type.getElementType();
    if (!element.isIntOrFloat())
      return false;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!map.isProjectedPermutation())
      return false;
    std::optional<unsigned> position =
        map.getResultPosition(getAffineDimExpr(inner, op.getContext()));
    if (!position)
      continue; // Broadcast along the vector.
    if (*position != map.getNumResults() - 1)
      return false; // Strided along the vector: a gather.
    auto [strides, offset] = type.getStridesAndOffset();
    if (strides.back() != 1)
      return false;
    usesInner = true;
  }
  if (!usesInner)
    return false;
  for (Operation &inside : op.getBlock()->without_terminator())
    if (!isa<arith::ArithDialect, math::MathDialect>(inside.getDialect()) &&
        !isa<linalg::IndexOp>(inside))
      return false;
  return true;
}

/// Tiles `op` as the file comment says; the tiles are marked
/// kVectorTileAttr.
LogicalResult tileForVectors(RewriterBase &rewriter, linalg::LinalgOp op,
                             int64_t width) {
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
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (isVectorizable(op, vectorWidth))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops)
      if (failed(tileForVectors(rewriter, op, vectorWidth))) {
        op.emitError("cannot tile for vectors");
        return signalPassFailure();
      }
  }
};

} // namespace
