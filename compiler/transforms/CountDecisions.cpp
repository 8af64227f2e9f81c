//===- CountDecisions.cpp - dt.count after each conditional op ------------===//
//
// The runtime reports what was skipped: these counters are its source.
// Counting happens at the dt level, before any lowering, so every backend
// reports the same numbers.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "compiler/transforms/SourceLocation.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dt {
#define GEN_PASS_DEF_COUNTDECISIONS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {

std::string counterName(Operation *op, StringRef what) {
  return (what + " at " + sourceLocation(op->getLoc())).str();
}

Value toI64(OpBuilder &b, Location loc, Value v) {
  if (v.getType().isInteger(64))
    return v;
  if (v.getType().isIndex())
    return arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
  return arith::ExtSIOp::create(b, loc, b.getI64Type(), v);
}

/// Entry tensor[i] of the counter, for every i: counts[i] += values[i] (or
/// += 1 at entry values[i] when `histogram`).
void countEach(OpBuilder &b, Location loc, Value tensor, StringRef name,
               bool histogram) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0),
        one = arith::ConstantIndexOp::create(b, loc, 1);
  Value n = tensor::DimOp::create(b, loc, tensor, 0);
  auto loop = scf::ForOp::create(b, loc, zero, n, one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  Value element = tensor::ExtractOp::create(b, loc, tensor, i);
  if (histogram) {
    Value entry = arith::IndexCastOp::create(b, loc, b.getIndexType(), element);
    CountOp::create(b, loc, arith::ConstantIntOp::create(b, loc, 1, 64), name,
                    entry);
  } else {
    CountOp::create(b, loc, toI64(b, loc, element), name, i);
  }
}

struct CountDecisionsPass
    : dt::impl::CountDecisionsBase<CountDecisionsPass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      OpBuilder b(op->getContext());
      b.setInsertionPointAfter(op);
      Location loc = op->getLoc();
      if (auto select = dyn_cast<SelectTokensOp>(op)) {
        // Every sample keeps the same count with a scalar rate.
        std::string name = counterName(op, "tokens kept, offered");
        Value batch = tensor::DimOp::create(b, loc, select.getOutput(), 0);
        Value kept = arith::MulIOp::create(
            b, loc, batch, tensor::DimOp::create(b, loc, select.getOutput(), 1));
        Value offered = arith::MulIOp::create(
            b, loc, batch, tensor::DimOp::create(b, loc, select.getInput(), 1));
        CountOp::create(b, loc, toI64(b, loc, kept), name,
                        arith::ConstantIndexOp::create(b, loc, 0));
        CountOp::create(b, loc, toI64(b, loc, offered), name,
                        arith::ConstantIndexOp::create(b, loc, 1));
      } else if (auto exit = dyn_cast<EarlyExitOp>(op)) {
        countEach(b, loc, exit.getExitIndex(),
                  counterName(op, "samples per exit head"),
                  /*histogram=*/true);
      } else if (auto dispatch = dyn_cast<MoeDispatchOp>(op)) {
        countEach(b, loc, dispatch.getGroupSizes(),
                  counterName(op, "rows per expert"), /*histogram=*/false);
      }
    });
  }
};

} // namespace
