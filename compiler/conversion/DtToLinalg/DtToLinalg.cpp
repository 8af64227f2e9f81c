//===- DtToLinalg.cpp - the convert-dt-to-linalg pass ---------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "compiler/conversion/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dt {
#define GEN_PASS_DEF_CONVERTDTTOLINALG
#include "compiler/conversion/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {
struct ConvertDtToLinalgPass
    : dt::impl::ConvertDtToLinalgBase<ConvertDtToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    populateElementwiseToLinalgPatterns(patterns);
    populateContractionToLinalgPatterns(patterns);
    populateNormalizationToLinalgPatterns(patterns);
    populateDataMovementToLinalgPatterns(patterns);
    populateAttentionToLinalgPatterns(patterns);
    populateTokenSelectionToLinalgPatterns(patterns);
    populateExpertsToLinalgPatterns(patterns);

    ConversionTarget target(*context);
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect>();
    target.addIllegalOp<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp,
                        ExpOp, LogOp, TanhOp, SqrtOp, RsqrtOp, NegOp, AbsOp,
                        ErfOp, SigmoidOp, ReluOp, SiluOp, GeluOp, LinearOp,
                        MatmulOp, ReduceSumOp, ReduceMeanOp, ReduceMaxOp,
                        ArgmaxOp, SoftmaxOp, LayerNormOp, RmsNormOp,
                        TransposeOp, ReshapeOp, ExpandDimsOp, SqueezeOp,
                        BroadcastOp, ConcatOp, SliceOp, GatherOp, EmbeddingOp,
                        IotaOp, PatchifyOp, AttentionOp, AttentionWeightsOp, MoeRouteOp,
                        MoeDispatchOp, GroupedLinearOp, MoeCombineOp>();
    // Selection with a scalar rate is lowered; per-sample rates come later.
    target.addDynamicallyLegalOp<SelectTokensOp>([](SelectTokensOp op) {
      return !op.getRate().getType().isIntOrFloat();
    });
    // Other dt ops are lowered by later patterns; leave them in place.
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
