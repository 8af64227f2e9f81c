//===- FuseElementwise.cpp - one loop nest per elementwise chain ----------===//
//
// convert-dt-to-linalg writes one linalg op per dt op, so a chain such as
// a norm's centre, scale and shift, or softmax's subtract and exp, reads
// and writes a full activation per step. Fusing an elementwise producer into
// its consumer keeps the chain in registers. Two fusions are refused:
// into a contraction, which must stay a plain multiply-add for the backends
// to call a GEMM for it; and of a producer with several users, which would
// be computed once per user.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dt {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;

namespace {

bool shouldFuse(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  if (!producer || !producer->hasOneUse())
    return false;
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  return !consumer || !linalg::isaContractionOpInterface(consumer);
}

struct FuseElementwisePass
    : dt::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
