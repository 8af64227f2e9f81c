//===- ContractionsToKernels.cpp - f32 contractions as dtc_rt_sgemm calls -===//
//
// Generated loops reach a few GFLOP/s on a GEMM; the runtime's blocked,
// register-tiled kernel reaches the machine's peak. Calling it over strided
// pointers keeps the ABI free of memref descriptors, so a better kernel can
// replace the runtime's without recompiling models.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_CONTRACTIONSTOKERNELS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr StringLiteral kGemmName = "dtc_rt_sgemm";
// Flags of dtc_rt_sgemm (runtime/kernels/KernelAbi.h).
constexpr int64_t kAccumulate = 1, kConstantB = 2;

/// Whether `value` is a view of a function argument marked `dt.param`:
/// memory that does not change while the model is loaded.
bool isParameter(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg || !arg.getOwner()->isEntryBlock())
    return false;
  auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
  return func && func.getArgAttr(arg.getArgNumber(), "dt.param");
}

/// Whether `op` sets every element of `buffer` to +0.0.
bool isZeroFillOf(Operation *op, Value buffer) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op);
  if (!fill || !fill.hasPureBufferSemantics() ||
      fill.getOutputs().front() != buffer)
    return false;
  FloatAttr value;
  return matchPattern(fill.getInputs().front(), m_Constant(&value)) &&
         value.getValue().isPosZero();
}

/// One operand of the call: the address of the element the loop indices
/// select and the element strides along two loop dimensions.
struct StridedOperand {
  Value pointer, stride0, stride1;
};

struct ContractionToKernelCall
    : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics() || !linalg::isaContractionOpInterface(op))
      return rewriter.notifyMatchFailure(op, "not a contraction on buffers");
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (failed(dims) || dims->k.size() != 1 || dims->n.size() != 1 ||
        dims->m.empty())
      return rewriter.notifyMatchFailure(op, "not one k, one n, some m");
    for (OpOperand &operand : op->getOpOperands()) {
      auto type = dyn_cast<MemRefType>(operand.get().getType());
      if (!type || !type.getElementType().isF32() || !type.isStrided())
        return rewriter.notifyMatchFailure(op, "not a strided f32 memref");
    }

    Location loc = op.getLoc();
    Value a = op.getDpsInputOperand(0)->get(),
          b = op.getDpsInputOperand(1)->get(),
          c = op.getDpsInitOperand(0)->get();
    unsigned mDim = dims->m.back(), nDim = dims->n.front(),
             kDim = dims->k.front();
    // Every other parallel dimension becomes a loop around the call.
    SmallVector<unsigned> outer(dims->batch.begin(), dims->batch.end());
    outer.append(dims->m.begin(), dims->m.end() - 1);

    int64_t flags = kAccumulate;
    Operation *previous = op->getPrevNode();
    if (isZeroFillOf(previous, c)) {
      rewriter.eraseOp(previous);
      flags &= ~kAccumulate;
    }
    if (isParameter(b))
      flags |= kConstantB;

    SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
    auto size = [&](unsigned dim) {
      return getValueOrCreateConstantIndexOp(rewriter, loc, ranges[dim].size);
    };
    Value m = size(mDim), n = size(nDim), k = size(kDim);

    // Layouts and base addresses are read once, before the loops.
    auto i64 = [&](Value index) -> Value {
      return arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                        index);
    };
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0),
          one = arith::ConstantIndexOp::create(rewriter, loc, 1),
          four = arith::ConstantIndexOp::create(rewriter, loc, 4);
    struct Layout {
      memref::ExtractStridedMetadataOp meta;
      Value base;
    };
    SmallVector<Layout> layouts;
    for (Value memref : {a, b, c}) {
      auto meta = memref::ExtractStridedMetadataOp::create(rewriter, loc, memref);
      layouts.push_back({meta, memref::ExtractAlignedPointerAsIndexOp::create(
                                   rewriter, loc, meta.getBaseBuffer())});
    }

    // Loops over the outer dimensions; `ivs[d]` is the index of loop
    // dimension d, or null for the dimensions the call covers.
    SmallVector<Value> ivs(op.getNumLoops());
    OpBuilder::InsertionGuard guard(rewriter);
    for (unsigned dim : outer) {
      auto loop = scf::ForOp::create(rewriter, loc, zero, size(dim), one);
      ivs[dim] = loop.getInductionVar();
      rewriter.setInsertionPoint(loop.getBody()->getTerminator());
    }

    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    auto operand = [&](unsigned index, unsigned dim0, unsigned dim1) {
      Layout &layout = layouts[index];
      AffineMap map = maps[index];
      Value offset = layout.meta.getOffset();
      Value stride0 = zero, stride1 = zero;
      for (unsigned r = 0, e = map.getNumResults(); r < e; ++r) {
        unsigned dim = map.getDimPosition(r);
        Value stride = layout.meta.getStrides()[r];
        if (dim == dim0)
          stride0 = stride;
        else if (dim == dim1)
          stride1 = stride;
        else if (ivs[dim])
          offset = arith::AddIOp::create(
              rewriter, loc, offset,
              arith::MulIOp::create(rewriter, loc, ivs[dim], stride));
      }
      Value address = arith::AddIOp::create(
          rewriter, loc, layout.base,
          arith::MulIOp::create(rewriter, loc, offset, four));
      Value pointer = LLVM::IntToPtrOp::create(
          rewriter, loc, LLVM::LLVMPointerType::get(rewriter.getContext()),
          i64(address));
      return StridedOperand{pointer, i64(stride0), i64(stride1)};
    };
    StridedOperand lhs = operand(0, mDim, kDim), rhs = operand(1, kDim, nDim),
                   out = operand(2, mDim, nDim);
    Value flagsValue = arith::ConstantIntOp::create(rewriter, loc, flags, 64);
    func::CallOp::create(
        rewriter, loc, kGemmName, TypeRange{},
        ValueRange{i64(m), i64(n), i64(k), lhs.pointer, lhs.stride0,
                   lhs.stride1, rhs.pointer, rhs.stride0, rhs.stride1,
                   out.pointer, out.stride0, out.stride1, flagsValue});
    rewriter.eraseOp(op);
    return success();
  }
};

struct ContractionsToKernelsPass
    : dtc::cpu::impl::ContractionsToKernelsBase<ContractionsToKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    // The declaration the calls refer to, removed again if nothing calls it.
    auto declaration = dyn_cast_or_null<func::FuncOp>(
        SymbolTable::lookupSymbolIn(module, kGemmName));
    bool declared = declaration != nullptr;
    Type i64 = IntegerType::get(ctx, 64), ptr = LLVM::LLVMPointerType::get(ctx);
    auto type = FunctionType::get(
        ctx, {i64, i64, i64, ptr, i64, i64, ptr, i64, i64, ptr, i64, i64, i64},
        {});
    if (declared && declaration.getFunctionType() != type) {
      declaration.emitError() << "'" << kGemmName
                              << "' is declared with another type than the "
                                 "runtime's "
                              << type;
      return signalPassFailure();
    }
    if (!declared) {
      OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
      declaration = func::FuncOp::create(builder, module.getLoc(), kGemmName, type);
      declaration.setPrivate();
    }
    RewritePatternSet patterns(ctx);
    patterns.add<ContractionToKernelCall>(ctx);
    walkAndApplyPatterns(module, std::move(patterns));
    if (!declared && declaration.symbolKnownUseEmpty(module))
      declaration.erase();
  }
};

} // namespace
