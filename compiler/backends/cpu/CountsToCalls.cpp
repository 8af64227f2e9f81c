//===- CountsToCalls.cpp - dt.count as dtc_rt_count calls -----------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RuntimeCalls.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_COUNTSTOCALLS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr StringLiteral kCountName = "dtc_rt_count";

struct CountToCall : OpRewritePattern<dt::CountOp> {
  CountToCall(MLIRContext *ctx, SymbolTable &symbols)
      : OpRewritePattern(ctx), symbols(symbols) {}

  LogicalResult matchAndRewrite(dt::CountOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value name = dtc::cpu::createConstantString(rewriter, loc, symbols,
                                                "__dtc_counter_", op.getName());
    Value index = arith::IndexCastOp::create(rewriter, loc,
                                             rewriter.getI64Type(),
                                             op.getIndex());
    rewriter.replaceOpWithNewOp<func::CallOp>(
        op, kCountName, TypeRange{}, ValueRange{name, index, op.getValue()});
    return success();
  }

  SymbolTable &symbols;
};

struct CountsToCallsPass
    : dtc::cpu::impl::CountsToCallsBase<CountsToCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    bool any = false;
    module.walk([&](dt::CountOp) {
      any = true;
      return WalkResult::interrupt();
    });
    if (!any)
      return;
    SymbolTable symbols(module);
    Type i64 = IntegerType::get(ctx, 64);
    if (failed(dtc::cpu::declareRuntimeFunction(
            symbols, kCountName,
            FunctionType::get(ctx, {LLVM::LLVMPointerType::get(ctx), i64, i64},
                              {}))))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    patterns.add<CountToCall>(ctx, symbols);
    walkAndApplyPatterns(module, std::move(patterns));
  }
};

} // namespace
