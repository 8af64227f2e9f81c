//===- LaunchesToCalls.cpp - gpu.launch_func as dtc_rt_gpu_launch ---------===//
//
// Upstream's translation of gpu.launch_func embeds the device binary, loads
// it from a global constructor when the host object is loaded, and creates
// and synchronises a stream per launch. The runtime owns all of that here:
// it loads the artifact's PTX for the device it picked when a session
// starts, and launches on the session's stream.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/RuntimeCalls.h"
#include "compiler/backends/cuda/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cuda {
#define GEN_PASS_DEF_LAUNCHESTOCALLS
#include "compiler/backends/cuda/Passes.h.inc"
} // namespace dtc::cuda

using namespace mlir;

namespace {

constexpr StringLiteral kLaunchName = "dtc_rt_gpu_launch";

Value toI64(OpBuilder &builder, Location loc, Value value) {
  auto i64 = builder.getI64Type();
  if (value.getType() == i64)
    return value;
  return LLVM::ZExtOp::create(builder, loc, i64, value);
}

struct LaunchToCall : OpRewritePattern<gpu::LaunchFuncOp> {
  LaunchToCall(MLIRContext *ctx, SymbolTable &symbols)
      : OpRewritePattern(ctx), symbols(symbols) {}

  LogicalResult matchAndRewrite(gpu::LaunchFuncOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getAsyncDependencies().empty() || op.getAsyncToken() ||
        op.getAsyncObject() || op.hasClusterSize())
      return rewriter.notifyMatchFailure(op, "async or clustered launch");
    auto func = op->getParentOfType<LLVM::LLVMFuncOp>();
    if (!func)
      return rewriter.notifyMatchFailure(op, "not in an LLVM function");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i64 = rewriter.getI64Type();

    // The arguments and the array of pointers to them live in the entry
    // block's frame, so that a launch inside a loop does not grow the stack.
    SmallVector<Value> operands(op.getKernelOperands());
    SmallVector<Type> types = llvm::to_vector(
        llvm::map_range(operands, [](Value v) { return v.getType(); }));
    auto argsType = LLVM::LLVMStructType::getLiteral(ctx, types);
    Value args, pointers;
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&func.getBody().front());
      Value one = LLVM::ConstantOp::create(rewriter, loc, i64, 1);
      Value count = LLVM::ConstantOp::create(
          rewriter, loc, i64, std::max<int64_t>(1, operands.size()));
      args = LLVM::AllocaOp::create(rewriter, loc, ptrType, argsType, one);
      pointers = LLVM::AllocaOp::create(rewriter, loc, ptrType, ptrType, count);
    }
    for (auto [index, operand] : llvm::enumerate(operands)) {
      Value field = LLVM::GEPOp::create(
          rewriter, loc, ptrType, argsType, args,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      LLVM::StoreOp::create(rewriter, loc, operand, field);
      Value slot = LLVM::GEPOp::create(
          rewriter, loc, ptrType, ptrType, pointers,
          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
      LLVM::StoreOp::create(rewriter, loc, field, slot);
    }
    Value name = dtc::cpu::createConstantString(
        rewriter, loc, symbols, "__dtc_kernel_", op.getKernelName());
    Value sharedBytes =
        op.getDynamicSharedMemorySize()
            ? toI64(rewriter, loc, op.getDynamicSharedMemorySize())
            : LLVM::ConstantOp::create(rewriter, loc, i64, 0).getResult();
    SmallVector<Value> callOperands{
        name,
        toI64(rewriter, loc, op.getGridSizeX()),
        toI64(rewriter, loc, op.getGridSizeY()),
        toI64(rewriter, loc, op.getGridSizeZ()),
        toI64(rewriter, loc, op.getBlockSizeX()),
        toI64(rewriter, loc, op.getBlockSizeY()),
        toI64(rewriter, loc, op.getBlockSizeZ()),
        sharedBytes,
        pointers,
        LLVM::ConstantOp::create(rewriter, loc, i64, operands.size())};
    LLVM::CallOp::create(rewriter, loc, TypeRange{}, kLaunchName,
                         callOperands);
    rewriter.eraseOp(op);
    return success();
  }

  SymbolTable &symbols;
};

struct LaunchesToCallsPass
    : dtc::cuda::impl::LaunchesToCallsBase<LaunchesToCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (module.walk([](gpu::LaunchFuncOp) { return WalkResult::interrupt(); })
            .wasInterrupted() == false)
      return;
    SymbolTable symbols(module);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    auto type = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(ctx),
        {ptrType, i64, i64, i64, i64, i64, i64, i64, ptrType, i64});
    if (failed(dtc::cpu::declareRuntimeFunction(symbols, kLaunchName, type)))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    patterns.add<LaunchToCall>(ctx, symbols);
    walkAndApplyPatterns(module, std::move(patterns));
    WalkResult left = module.walk([](gpu::LaunchFuncOp op) {
      op.emitOpError("has no lowering to dtc_rt_gpu_launch (async or "
                     "clustered launches are not supported)");
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
