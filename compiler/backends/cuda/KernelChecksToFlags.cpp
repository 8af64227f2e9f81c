//===- KernelChecksToFlags.cpp - failed checks in kernels as error codes --===//

#include "compiler/backends/cuda/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dtc::cuda {
#define GEN_PASS_DEF_KERNELCHECKSTOFLAGS
#include "compiler/backends/cuda/Passes.h.inc"
} // namespace dtc::cuda

using namespace mlir;

namespace {

constexpr StringLiteral kFailName = "dtc_rt_fail";
constexpr StringLiteral kFlagName = "dtc_device_error";
constexpr StringLiteral kTableName = "dtc.device_checks";
constexpr unsigned kGlobalAddressSpace = 1;

/// The text of the constant string `pointer` points at (an address of, or
/// a GEP into, an llvm.mlir.global holding a string), looked up from
/// `scope`; empty when it is not one.
std::string constantString(Value pointer, Operation *scope) {
  Operation *def = pointer.getDefiningOp();
  while (auto gep = dyn_cast_or_null<LLVM::GEPOp>(def))
    def = gep.getBase().getDefiningOp();
  auto address = dyn_cast_or_null<LLVM::AddressOfOp>(def);
  if (!address)
    return {};
  auto global = dyn_cast_or_null<LLVM::GlobalOp>(
      SymbolTable::lookupNearestSymbolFrom(scope, address.getGlobalNameAttr()));
  auto value = global ? dyn_cast_or_null<StringAttr>(global.getValueOrNull())
                      : nullptr;
  if (!value)
    return {};
  return value.getValue().split('\0').first.str();
}

struct CheckToFlag : OpRewritePattern<func::CallOp> {
  CheckToFlag(MLIRContext *ctx,
              const DenseMap<StringAttr, SmallVector<gpu::LaunchFuncOp>> &launches,
              SmallVector<std::string> &table)
      : OpRewritePattern(ctx), launches(launches), table(table) {}

  /// The message of the check `call` makes: from the constant it passes,
  /// found in the kernel or at the kernel's launches.
  std::string message(func::CallOp call, gpu::GPUFuncOp kernel) const {
    Value pointer = call.getOperand(0);
    std::string text = constantString(pointer, call);
    auto argument = dyn_cast<BlockArgument>(pointer);
    if (text.empty() && argument &&
        argument.getOwner() == &kernel.getBody().front())
      for (gpu::LaunchFuncOp launch : launches.lookup(kernel.getNameAttr())) {
        std::string found = constantString(
            launch.getKernelOperands()[argument.getArgNumber()], launch);
        if (!text.empty() && found != text)
          return "a run-time check failed in kernel " + kernel.getName().str();
        text = found;
      }
    if (text.empty())
      return "a run-time check failed in kernel " + kernel.getName().str();
    return text;
  }

  LogicalResult matchAndRewrite(func::CallOp call,
                                PatternRewriter &rewriter) const override {
    auto kernel = call->getParentOfType<gpu::GPUFuncOp>();
    if (call.getCallee() != kFailName || !kernel ||
        call.getNumOperands() != 1)
      return failure();
    // The check's block goes on to the code it guards: end it instead.
    Operation *next = call->getNextNode();
    auto branch = dyn_cast_or_null<cf::BranchOp>(next);
    if (!branch || !branch.getDestOperands().empty())
      return rewriter.notifyMatchFailure(call, "not a check's own block");

    std::string text = message(call, kernel);
    auto found = llvm::find(table, text);
    int64_t code = (found - table.begin()) + 1;
    if (found == table.end())
      table.push_back(text);

    Location loc = call.getLoc();
    auto i32 = rewriter.getI32Type();
    Value flag = LLVM::AddressOfOp::create(
        rewriter, loc,
        LLVM::LLVMPointerType::get(rewriter.getContext(), kGlobalAddressSpace),
        kFlagName);
    Value zero = LLVM::ConstantOp::create(rewriter, loc, i32, 0);
    Value value = LLVM::ConstantOp::create(rewriter, loc, i32, code);
    LLVM::AtomicCmpXchgOp::create(rewriter, loc, flag, zero, value,
                                  LLVM::AtomicOrdering::monotonic,
                                  LLVM::AtomicOrdering::monotonic);
    rewriter.replaceOpWithNewOp<gpu::ReturnOp>(branch);
    rewriter.eraseOp(call);
    return success();
  }

  const DenseMap<StringAttr, SmallVector<gpu::LaunchFuncOp>> &launches;
  SmallVector<std::string> &table;
};

struct KernelChecksToFlagsPass
    : dtc::cuda::impl::KernelChecksToFlagsBase<KernelChecksToFlagsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    for (auto kernels : module.getOps<gpu::GPUModuleOp>()) {
      bool any = false;
      kernels.walk([&](func::CallOp call) {
        any |= call.getCallee() == kFailName;
      });
      if (!any)
        continue;
      DenseMap<StringAttr, SmallVector<gpu::LaunchFuncOp>> launches;
      module.walk([&](gpu::LaunchFuncOp launch) {
        if (launch.getKernelModuleName() == kernels.getNameAttr())
          launches[launch.getKernelName()].push_back(launch);
      });
      SmallVector<std::string> table;
      if (auto existing = module->getAttrOfType<ArrayAttr>(kTableName))
        for (Attribute text : existing)
          table.push_back(cast<StringAttr>(text).str());
      if (!SymbolTable::lookupSymbolIn(kernels, kFlagName)) {
        OpBuilder builder = OpBuilder::atBlockBegin(kernels.getBody());
        auto i32 = builder.getI32Type();
        LLVM::GlobalOp::create(builder, kernels.getLoc(), i32,
                               /*isConstant=*/false, LLVM::Linkage::External,
                               kFlagName, builder.getI32IntegerAttr(0),
                               /*alignment=*/4, kGlobalAddressSpace);
      }
      RewritePatternSet patterns(ctx);
      patterns.add<CheckToFlag>(ctx, launches, table);
      if (failed(applyPatternsGreedily(kernels, std::move(patterns))))
        return signalPassFailure();
      WalkResult left = kernels.walk([](func::CallOp call) {
        if (call.getCallee() != kFailName)
          return WalkResult::advance();
        call.emitOpError("is a run-time check inside a kernel that is not in "
                         "a block of its own");
        return WalkResult::interrupt();
      });
      if (left.wasInterrupted())
        return signalPassFailure();
      if (auto decl = SymbolTable::lookupSymbolIn(kernels, kFailName))
        if (SymbolTable::symbolKnownUseEmpty(decl, kernels))
          decl->erase();
      SmallVector<Attribute> texts;
      for (const std::string &text : table)
        texts.push_back(StringAttr::get(ctx, text));
      module->setAttr(kTableName, ArrayAttr::get(ctx, texts));
    }
  }
};

} // namespace
