//===- GemmEpilogues.cpp - elementwise consumers of GEMMs, in place -------===//
//
// A linear layer's activation (GELU after the MLP's first product) reads
// and writes a whole activation after the GEMM wrote it. Run as the GEMM's
// epilogue, on each block of the product while it is still in cache, it
// costs no extra pass over memory. This pass prepares that on tensors: the
// elementwise consumer of a contraction's only use is rewritten to work in
// place on the product (its init becomes the product), so that after
// bufferization it reads and writes the GEMM's output buffer and nothing
// else of it, and is marked for dtc-cpu-contractions-to-kernels to fuse.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RuntimeCalls.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_GEMMEPILOGUES
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

struct ConsumerInPlace : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
        op->hasAttr(dtc::cpu::kGemmEpilogueAttr) ||
        op.getNumParallelLoops() != op.getNumLoops())
      return rewriter.notifyMatchFailure(op, "not an elementwise op");
    OpOperand *init = op.getDpsInitOperand(0);
    AffineMap initMap = op.getMatchingIndexingMap(init);
    if (!initMap.isIdentity() || op.payloadUsesValueFromOperand(init))
      return rewriter.notifyMatchFailure(op, "reads its init");
    if (!llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
          return map.isProjectedPermutation();
        }))
      return rewriter.notifyMatchFailure(op, "an indexing map is no "
                                             "projected permutation");

    OpOperand *product = nullptr;
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
      if (producer && producer->hasOneUse() &&
          dtc::cpu::isSgemmContraction(producer) &&
          op.getMatchingIndexingMap(input) == initMap &&
          input->get().getType() == init->get().getType()) {
        product = input;
        break;
      }
    }
    if (!product)
      return rewriter.notifyMatchFailure(op, "no GEMM product read in place");

    // The product becomes the init; the body reads it through the init's
    // block argument instead of the input's.
    unsigned index = product->getOperandNumber();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *input : op.getDpsInputOperands())
      if (input != product) {
        inputs.push_back(input->get());
        maps.push_back(op.getMatchingIndexingMap(input));
      }
    maps.push_back(initMap);
    auto fused = linalg::GenericOp::create(
        rewriter, op.getLoc(), op.getResultTypes(), inputs,
        ValueRange{product->get()}, maps, op.getIteratorTypesArray());
    fused->setAttr(dtc::cpu::kGemmEpilogueAttr, rewriter.getUnitAttr());
    rewriter.inlineRegionBefore(op.getRegion(), fused.getRegion(),
                                fused.getRegion().end());
    Block &body = fused.getRegion().front();
    body.getArgument(index).replaceAllUsesWith(
        body.getArgument(op.getNumDpsInputs()));
    body.eraseArgument(index);
    rewriter.replaceOp(op, fused->getResults());
    return success();
  }
};

struct GemmEpiloguesPass
    : dtc::cpu::impl::GemmEpiloguesBase<GemmEpiloguesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ConsumerInPlace>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
