//===- ReassociateReductions.cpp - vectorisable float reductions ----------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_REASSOCIATEREDUCTIONS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {
struct ReassociateReductionsPass
    : dtc::cpu::impl::ReassociateReductionsBase<ReassociateReductionsPass> {
  void runOnOperation() override {
    getOperation()->walk([](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() == 0)
        return;
      op.getBlock()->walk([](Operation *inner) {
        if (!isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp,
                 arith::MinimumFOp>(inner))
          return;
        auto fastMath = cast<arith::ArithFastMathInterface>(inner);
        arith::FastMathFlags flags = fastMath.getFastMathFlagsAttr().getValue();
        inner->setAttr(fastMath.getFastMathAttrName(),
                       arith::FastMathFlagsAttr::get(
                           inner->getContext(),
                           flags | arith::FastMathFlags::reassoc));
      });
    });
  }
};
} // namespace
