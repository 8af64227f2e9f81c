//===- Vectorize.cpp - vector-sized tiles as vector-dialect code ----------===//
//
// The tiles dtc-cpu-tile-for-vectors marks become vector transfers and
// arithmetic on vectors (linalg's vectorizer): a full tile unmasked, the
// last, partial one masked to its run-time width. Unit dimensions are then
// cast away so that every vector is one-dimensional, as the target's
// registers are, and transfers of contiguous memory become plain (or
// masked) loads and stores.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RowReductions.h"
#include "compiler/transforms/Canonicalizer.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_VECTORIZE
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

struct VectorizePass : dtc::cpu::impl::VectorizeBase<VectorizePass> {
  using VectorizeBase::VectorizeBase;

  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *context = &getContext();
    if (vectorWidth < 1)
      return signalPassFailure();

    // Rows of reductions: loops carrying vectors of partial results.
    SmallVector<linalg::GenericOp> rows;
    root->walk([&](linalg::GenericOp op) {
      if (op->removeAttr(dtc::cpu::kVectorReductionAttr))
        rows.push_back(op);
    });
    IRRewriter rewriter(context);
    for (linalg::GenericOp row : rows) // One it cannot take stays a loop.
      (void)dtc::cpu::vectorizeRowReduction(rewriter, row, vectorWidth);

    // Full tiles get static sizes: the sizes' affine.min over the loop
    // index folds to the width, and the views and ops take the static types.
    {
      RewritePatternSet patterns(context);
      scf::populateSCFForLoopCanonicalizationPatterns(patterns);
      if (failed(applyPatternsGreedily(
              root, dtc::withCanonicalizations(std::move(patterns)))))
        return signalPassFailure();
    }

    SmallVector<linalg::LinalgOp> tiles;
    root->walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(dtc::cpu::kVectorTileAttr))
        tiles.push_back(op);
    });
    for (linalg::LinalgOp op : tiles) {
      op->removeAttr(dtc::cpu::kVectorTileAttr);
      // A partial tile is masked to its width; the others need no mask.
      SmallVector<int64_t> sizes;
      if (op.hasDynamicShape()) {
        sizes.assign(op.getNumLoops(), 1);
        sizes.back() = vectorWidth;
      }
      SmallVector<bool> scalable(sizes.size(), false);
      if (failed(linalg::vectorizeOpPrecondition(op, sizes, scalable)))
        continue; // Stays a loop, which LLVM may still vectorise.
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op, sizes, scalable);
      if (failed(result))
        continue;
      rewriter.replaceOp(op, result->replacements);
    }

    // One-dimensional vectors; transfers as loads and stores.
    RewritePatternSet patterns(context);
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    vector::populateVectorMaskOpLoweringPatterns(patterns);
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    // Broadcasts and shape casts are left to convert-vector-to-llvm: their
    // lowering and the canonicalizations undo each other.
    if (failed(applyPatternsGreedily(
            root, dtc::withCanonicalizations(std::move(patterns)))))
      return signalPassFailure();
    // What convert-vector-to-llvm cannot lower.
    WalkResult left = root->walk([](Operation *op) {
      if (!isa<vector::TransferReadOp, vector::TransferWriteOp,
               vector::MaskOp>(op))
        return WalkResult::advance();
      op->emitError("dtc-cpu-vectorize left a vector transfer it cannot "
                    "lower (a compiler bug)");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
