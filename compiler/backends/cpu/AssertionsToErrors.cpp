//===- AssertionsToErrors.cpp - cf.assert as dtc_rt_fail calls ------------===//
//
// A failed check must become an error value of Session::run, never an
// abort of the application's process.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RuntimeCalls.h"
#include "compiler/transforms/SourceLocation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_ASSERTIONSTOERRORS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr StringLiteral kFailName = "dtc_rt_fail";

/// "FILE:LINE:COL: what", from the location and the assertion's text (of
/// generate-runtime-verification's form "ERROR: ...\n^ what\nLocation: ...",
/// or any other).
std::string describe(cf::AssertOp op) {
  std::string what = op.getMsg().str();
  StringRef text = op.getMsg();
  SmallVector<StringRef> lines;
  text.split(lines, '\n');
  for (StringRef line : lines)
    if (line.consume_front("^ ")) {
      what = line.str();
      break;
    }
  return dt::sourceLocation(op.getLoc()) + ": " + what;
}

struct AssertToFailCall : OpRewritePattern<cf::AssertOp> {
  AssertToFailCall(MLIRContext *ctx, SymbolTable &symbols)
      : OpRewritePattern(ctx), symbols(symbols) {}

  LogicalResult matchAndRewrite(cf::AssertOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ok = op.getArg();
    Value failed = arith::XOrIOp::create(
        rewriter, loc, ok, arith::ConstantIntOp::create(rewriter, loc, 1, 1));
    auto branch = scf::IfOp::create(rewriter, loc, failed,
                                    /*withElseRegion=*/false);
    rewriter.setInsertionPointToStart(branch.thenBlock());
    Value text = dtc::cpu::createConstantString(rewriter, loc, symbols,
                                                "__dtc_check_", describe(op));
    func::CallOp::create(rewriter, loc, kFailName, TypeRange{}, text);
    rewriter.eraseOp(op);
    return success();
  }

  SymbolTable &symbols;
};

struct AssertionsToErrorsPass
    : dtc::cpu::impl::AssertionsToErrorsBase<AssertionsToErrorsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    bool any = false;
    module.walk([&](cf::AssertOp) {
      any = true;
      return WalkResult::interrupt();
    });
    if (!any)
      return;
    SymbolTable symbols(module);
    if (failed(dtc::cpu::declareRuntimeFunction(
            symbols, kFailName,
            FunctionType::get(ctx, {LLVM::LLVMPointerType::get(ctx)}, {}))))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    patterns.add<AssertToFailCall>(ctx, symbols);
    walkAndApplyPatterns(module, std::move(patterns));
  }
};

} // namespace
