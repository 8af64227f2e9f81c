//===- ContractionsToKernels.cpp - f32 contractions as dtc_rt_sgemm calls -===//
//
// Generated loops reach a few GFLOP/s on a GEMM; the runtime's blocked,
// register-tiled kernel reaches the machine's peak. Calling it over strided
// pointers keeps the ABI free of memref descriptors, so a better kernel can
// replace the runtime's without recompiling models.
//
// An elementwise op marked as a product's epilogue (dtc-cpu-gemm-epilogues)
// is outlined into a function the GEMM calls on each finished block of C.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/OutlinedContext.h"
#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/RuntimeCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/RegionUtils.h"

#include <map>
#include <set>

namespace dtc::cpu {
#define GEN_PASS_DEF_CONTRACTIONSTOKERNELS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr StringLiteral kGemmName = "dtc_rt_sgemm", kFailName = "dtc_rt_fail";
// Flags of dtc_rt_sgemm (runtime/kernels/KernelAbi.h).
constexpr int64_t kAccumulate = 1, kConstantB = 2;

/// The parameter (`dt.param` of a function argument) that `value` is a view
/// of: memory that does not change while the model is loaded.
FlatSymbolRefAttr parameterOf(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg || !arg.getOwner()->isEntryBlock())
    return nullptr;
  auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
  return func ? func.getArgAttrOfType<FlatSymbolRefAttr>(arg.getArgNumber(),
                                                         "dt.param")
              : nullptr;
}

/// A constant B operand as the runtime packs it: a k x n matrix of the
/// parameter, element (i, j) at offset + i * rowStride + j * colStride.
struct ConstantOperandKey {
  FlatSymbolRefAttr parameter;
  int64_t k, n, rowStride, colStride;
  auto tuple() const {
    return std::make_tuple(parameter.getValue(), k, n, rowStride, colStride);
  }
  bool operator<(const ConstantOperandKey &other) const {
    return tuple() < other.tuple();
  }
};
/// Every constant B operand of the module's calls, with the offsets (in
/// elements from the parameter's start) at which it starts.
using ConstantOperands = std::map<ConstantOperandKey, std::set<int64_t>>;

/// A multiple of an index that takes each value of [0, count) in turn.
struct OffsetTerm {
  int64_t count, stride;
};

/// Adds `stride` times `index` to `base` or `terms`: a constant, or the
/// induction variable of an `scf.for` with constant bounds. Fails for any
/// other index.
LogicalResult addIndexTerm(OpFoldResult index, int64_t stride, int64_t &base,
                           SmallVectorImpl<OffsetTerm> &terms) {
  if (std::optional<int64_t> value = getConstantIntValue(index)) {
    base += *value * stride;
    return success();
  }
  auto loop = scf::getForInductionVarOwner(dyn_cast<Value>(index));
  if (!loop)
    return failure();
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound()),
                         upper = getConstantIntValue(loop.getUpperBound()),
                         step = getConstantIntValue(loop.getStep());
  if (!lower || !upper || !step || *step <= 0 || *upper <= *lower)
    return failure();
  base += *lower * stride;
  terms.push_back({(*upper - *lower + *step - 1) / *step, *step * stride});
  return success();
}

/// The offsets from its parameter's start at which `b`, a view of it, can
/// start, given the `terms` the call's loops add: every view between them
/// must have static strides and offsets that are constants or indices of
/// loops with constant bounds. None where they are not known at compile
/// time, or too many.
std::optional<std::set<int64_t>> viewOffsets(Value b,
                                             SmallVector<OffsetTerm> terms) {
  // A compile-time bound on the copies packed, which cost memory.
  constexpr int64_t kMaxOffsets = 4096;
  int64_t base = 0;
  for (Value value = b; !isa<BlockArgument>(value);) {
    Operation *def = value.getDefiningOp();
    if (isa<memref::CastOp, memref::CollapseShapeOp, memref::ExpandShapeOp>(
            def)) {
      value = def->getOperand(0);
      continue;
    }
    auto subview = dyn_cast<memref::SubViewOp>(def);
    if (!subview)
      return std::nullopt;
    auto [strides, offset] = subview.getSourceType().getStridesAndOffset();
    for (auto [index, stride] : llvm::zip(subview.getMixedOffsets(), strides))
      if (ShapedType::isDynamic(stride) ||
          failed(addIndexTerm(index, stride, base, terms)))
        return std::nullopt;
    value = subview.getSource();
  }
  std::set<int64_t> offsets{base};
  for (OffsetTerm term : terms) {
    if (static_cast<int64_t>(offsets.size()) * term.count > kMaxOffsets)
      return std::nullopt;
    std::set<int64_t> next;
    for (int64_t offset : offsets)
      for (int64_t i = 0; i < term.count; ++i)
        next.insert(offset + i * term.stride);
    offsets = std::move(next);
  }
  return offsets;
}

/// Records B of `op` in `operands` if it is a parameter read with a static
/// shape and strides at offsets known at compile time.
void recordConstantOperand(linalg::LinalgOp op, FlatSymbolRefAttr parameter,
                           unsigned kDim, unsigned nDim,
                           ConstantOperands &operands) {
  Value b = op.getDpsInputOperand(1)->get();
  auto [strides, offset] = cast<MemRefType>(b.getType()).getStridesAndOffset();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap map = op.getIndexingMapsArray()[1];
  int64_t rowStride = ShapedType::kDynamic, colStride = ShapedType::kDynamic;
  // The call's loops over B's other dimensions move along it too.
  SmallVector<OffsetTerm> terms;
  for (unsigned r = 0, e = map.getNumResults(); r < e; ++r) {
    unsigned dim = map.getDimPosition(r);
    if (dim == kDim)
      rowStride = strides[r];
    else if (dim == nDim)
      colStride = strides[r];
    else if (ShapedType::isDynamic(ranges[dim]) ||
             ShapedType::isDynamic(strides[r]))
      return;
    else
      terms.push_back({ranges[dim], strides[r]});
  }
  if (ShapedType::isDynamic(ranges[kDim]) || ShapedType::isDynamic(ranges[nDim]) ||
      ShapedType::isDynamic(rowStride) || ShapedType::isDynamic(colStride))
    return;
  std::optional<std::set<int64_t>> offsets = viewOffsets(b, std::move(terms));
  if (!offsets)
    return;
  operands[{parameter, ranges[kDim], ranges[nDim], rowStride, colStride}]
      .insert(offsets->begin(), offsets->end());
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

/// Whether `op` touches no buffer's contents: it computes values, or checks
/// them (a failed check calls dtc_rt_fail and does not return).
bool onlyComputesOrChecks(Operation *op) {
  return !op->walk([](Operation *nested) {
              if (auto call = dyn_cast<func::CallOp>(nested))
                return call.getCallee() == kFailName ? WalkResult::advance()
                                                     : WalkResult::interrupt();
              if (auto effects = dyn_cast<MemoryEffectOpInterface>(nested))
                return effects.hasNoEffect() ? WalkResult::advance()
                                             : WalkResult::interrupt();
              // An op whose effects are its body's is judged by its body.
              return nested->hasTrait<OpTrait::HasRecursiveMemoryEffects>()
                         ? WalkResult::advance()
                         : WalkResult::interrupt();
            })
              .wasInterrupted();
}

/// The epilogue marked for the product `contraction` writes into `c`: the
/// first op after it that does more than compute or check values, if that
/// is a marked elementwise op working in place on `c` alone. The ops in
/// between are appended to `between`.
linalg::GenericOp findEpilogue(Operation *contraction, Value c,
                               SmallVectorImpl<Operation *> &between) {
  for (Operation *next = contraction->getNextNode(); next;
       next = next->getNextNode()) {
    auto generic = dyn_cast<linalg::GenericOp>(next);
    if (generic && generic->hasAttr(dtc::cpu::kGemmEpilogueAttr)) {
      if (!generic.hasPureBufferSemantics() || generic.getNumDpsInits() != 1 ||
          generic.getDpsInitOperand(0)->get() != c ||
          llvm::is_contained(generic.getDpsInputs(), c))
        return nullptr;
      return generic;
    }
    if (!onlyComputesOrChecks(next))
      return nullptr;
    between.push_back(next);
  }
  return nullptr;
}

/// (context, row, col, rows, cols) -> (): every epilogue's signature
/// (dtc_rt_epilogue).
FunctionType getEpilogueType(MLIRContext *context) {
  auto index = IndexType::get(context);
  return FunctionType::get(
      context, {LLVM::LLVMPointerType::get(context), index, index, index, index},
      {});
}

/// The values `epilogue` reads: its operands and what its body uses.
SmallVector<Value> epilogueValues(linalg::GenericOp epilogue) {
  llvm::SetVector<Value> used(epilogue->getOperands().begin(),
                              epilogue->getOperands().end());
  getUsedValuesDefinedAbove(epilogue.getRegion(), used);
  return used.takeVector();
}

/// Outlines `epilogue` into a new function over one block of the product:
/// rows along the contraction's dimension `mDim`, columns along `nDim`, the
/// other dimensions at the loop indices `ivs` (by contraction dimension).
/// `outputMap` is the contraction's map of C, whose dimensions are the
/// epilogue's.
func::FuncOp outlineEpilogue(RewriterBase &rewriter, linalg::GenericOp epilogue,
                             AffineMap outputMap, unsigned mDim, unsigned nDim,
                             ArrayRef<Value> ivs,
                             const dtc::cpu::OutlinedContext &captured,
                             SymbolTable &symbols) {
  Location loc = epilogue.getLoc();
  auto parent = epilogue->getParentOfType<func::FuncOp>();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToEnd(&symbols.getOp()->getRegion(0).front());
  auto function = func::FuncOp::create(
      rewriter, loc,
      dtc::cpu::uniqueSymbolName(symbols,
                                 "__dtc_epilogue_" + parent.getSymName() + "_"),
      getEpilogueType(rewriter.getContext()));
  function.setPrivate();
  symbols.insert(function);
  function->setAttr(dtc::cpu::kCallbackAttr, rewriter.getUnitAttr());
  Block *entry = function.addEntryBlock();
  rewriter.setInsertionPointToStart(entry);
  IRMapping mapping;
  captured.load(rewriter, loc, entry->getArgument(0), mapping);

  // The block, along each dimension of C.
  SmallVector<OpFoldResult> offsets, sizes;
  for (unsigned r = 0, e = outputMap.getNumResults(); r < e; ++r) {
    unsigned dim = outputMap.getDimPosition(r);
    if (dim == mDim || dim == nDim) {
      unsigned arg = dim == mDim ? 1 : 2;
      offsets.push_back(entry->getArgument(arg));
      sizes.push_back(entry->getArgument(arg + 2));
    } else {
      offsets.push_back(mapping.lookup(ivs[dim]));
      sizes.push_back(rewriter.getIndexAttr(1));
    }
  }
  Operation *copy = rewriter.clone(*epilogue, mapping);
  copy->removeAttr(dtc::cpu::kGemmEpilogueAttr);
  for (OpOperand &operand : epilogue->getOpOperands()) {
    AffineMap map = epilogue.getMatchingIndexingMap(&operand);
    SmallVector<OpFoldResult> operandOffsets, operandSizes,
        strides(map.getNumResults(), rewriter.getIndexAttr(1));
    for (unsigned r = 0, e = map.getNumResults(); r < e; ++r) {
      operandOffsets.push_back(offsets[map.getDimPosition(r)]);
      operandSizes.push_back(sizes[map.getDimPosition(r)]);
    }
    rewriter.setInsertionPoint(copy);
    Value block = memref::SubViewOp::create(
        rewriter, loc, mapping.lookup(operand.get()), operandOffsets,
        operandSizes, strides);
    copy->setOperand(operand.getOperandNumber(), block);
  }
  // linalg.index in the body counts from the block's start, not C's.
  linalg::offsetIndices(rewriter, cast<linalg::LinalgOp>(copy), offsets);
  rewriter.setInsertionPointToEnd(entry);
  func::ReturnOp::create(rewriter, loc);
  return function;
}

/// One operand of the call: the address of the element the loop indices
/// select and the element strides along two loop dimensions.
struct StridedOperand {
  Value pointer, stride0, stride1;
};

struct ContractionToKernelCall
    : OpInterfaceRewritePattern<linalg::LinalgOp> {
  ContractionToKernelCall(MLIRContext *context, SymbolTable &symbols,
                          ConstantOperands &constantOperands)
      : OpInterfaceRewritePattern(context), converter(context),
        symbols(symbols), constantOperands(constantOperands) {}

  LLVMTypeConverter converter;
  /// The module's, kept up to date as epilogues are outlined.
  SymbolTable &symbols;
  /// The parameters the calls read as B, for packing at load time.
  ConstantOperands &constantOperands;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics() || !dtc::cpu::isSgemmContraction(op))
      return rewriter.notifyMatchFailure(op, "not an f32 GEMM on buffers");
    linalg::ContractionDimensions dims = *linalg::inferContractionDims(op);
    for (OpOperand &operand : op->getOpOperands())
      if (!cast<MemRefType>(operand.get().getType()).isStrided())
        return rewriter.notifyMatchFailure(op, "not a strided memref");

    Location loc = op.getLoc();
    Value a = op.getDpsInputOperand(0)->get(),
          b = op.getDpsInputOperand(1)->get(),
          c = op.getDpsInitOperand(0)->get();
    unsigned mDim = dims.m.back(), nDim = dims.n.front(),
             kDim = dims.k.front();
    // Every other parallel dimension becomes a loop around the call.
    SmallVector<unsigned> outer(dims.batch.begin(), dims.batch.end());
    outer.append(dims.m.begin(), dims.m.end() - 1);
    int64_t flags = kAccumulate;
    Operation *previous = op->getPrevNode();
    if (isZeroFillOf(previous, c)) {
      rewriter.eraseOp(previous);
      flags &= ~kAccumulate;
    }
    if (FlatSymbolRefAttr parameter = parameterOf(b)) {
      flags |= kConstantB;
      recordConstantOperand(op, parameter, kDim, nDim, constantOperands);
    }

    // The epilogue's values travel to it in a context; the checks between
    // the product and the epilogue run before the product.
    SmallVector<Operation *> between;
    linalg::GenericOp epilogue = findEpilogue(op, c, between);
    FailureOr<dtc::cpu::OutlinedContext> captured = failure();
    if (epilogue) {
      // The loop indices, index values like any other, join them below.
      captured = dtc::cpu::OutlinedContext::get(epilogueValues(epilogue),
                                                converter);
      if (failed(captured))
        epilogue = nullptr;
    }
    if (epilogue)
      for (Operation *check : between)
        rewriter.moveOpBefore(check, op);

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
    auto pointerType = LLVM::LLVMPointerType::get(rewriter.getContext());
    Value epilogueFn, epilogueContext;
    if (epilogue) {
      for (unsigned dim : outer)
        (void)captured->add(ivs[dim]); // an index: always has an LLVM type
      epilogueContext =
          captured->allocate(op->getParentOfType<func::FuncOp>(), loc);
      captured->store(rewriter, loc, epilogueContext);
      func::FuncOp function =
          outlineEpilogue(rewriter, epilogue, maps[2], mDim, nDim, ivs,
                          *captured, symbols);
      Value symbol = func::ConstantOp::create(
          rewriter, loc, function.getFunctionType(), function.getSymName());
      epilogueFn = UnrealizedConversionCastOp::create(rewriter, loc,
                                                      pointerType, symbol)
                       .getResult(0);
    } else {
      epilogueFn = epilogueContext =
          LLVM::ZeroOp::create(rewriter, loc, pointerType);
    }
    func::CallOp::create(
        rewriter, loc, kGemmName, TypeRange{},
        ValueRange{i64(m), i64(n), i64(k), lhs.pointer, lhs.stride0,
                   lhs.stride1, rhs.pointer, rhs.stride0, rhs.stride1,
                   out.pointer, out.stride0, out.stride1, flagsValue,
                   epilogueFn, epilogueContext});
    if (epilogue)
      rewriter.eraseOp(epilogue);
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
    auto type = FunctionType::get(ctx,
                                  {i64, i64, i64, ptr, i64, i64, ptr, i64, i64,
                                   ptr, i64, i64, i64, ptr, ptr},
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
    SymbolTable symbols(module);
    ConstantOperands constantOperands;
    patterns.add<ContractionToKernelCall>(ctx, symbols, constantOperands);
    // The greedy driver, since fusing an epilogue erases the op after the
    // matched one; nothing but the pattern runs.
    GreedyRewriteConfig config;
    config.enableFolding(false)
        .enableConstantCSE(false)
        .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(module, std::move(patterns), config)))
      return signalPassFailure();
    if (!declared && declaration.symbolKnownUseEmpty(module))
      declaration.erase();
    recordConstantOperands(module, constantOperands);
  }

  /// Lists `operands` in the module's kConstantGemmOperandsAttr, after
  /// those an earlier run listed.
  static void recordConstantOperands(ModuleOp module,
                                     const ConstantOperands &operands) {
    if (operands.empty())
      return;
    Builder builder(module.getContext());
    SmallVector<Attribute> list;
    if (auto earlier = module->getAttrOfType<ArrayAttr>(
            dtc::cpu::kConstantGemmOperandsAttr))
      list.append(earlier.begin(), earlier.end());
    for (const auto &[key, offsets] : operands) {
      SmallVector<int64_t> sorted(offsets.begin(), offsets.end());
      list.push_back(builder.getDictionaryAttr({
          builder.getNamedAttr("parameter", key.parameter),
          builder.getNamedAttr("k", builder.getI64IntegerAttr(key.k)),
          builder.getNamedAttr("n", builder.getI64IntegerAttr(key.n)),
          builder.getNamedAttr("row_stride",
                               builder.getI64IntegerAttr(key.rowStride)),
          builder.getNamedAttr("col_stride",
                               builder.getI64IntegerAttr(key.colStride)),
          builder.getNamedAttr("offsets",
                               builder.getDenseI64ArrayAttr(sorted)),
      }));
    }
    module->setAttr(dtc::cpu::kConstantGemmOperandsAttr,
                    builder.getArrayAttr(list));
  }
};

} // namespace
