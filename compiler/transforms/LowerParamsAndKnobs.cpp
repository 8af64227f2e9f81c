//===- LowerParamsAndKnobs.cpp - parameters and knobs as arguments --------===//

#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace mlir::dt {
#define GEN_PASS_DEF_LOWERPARAMSANDKNOBS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {
/// Layer `layer` of the stacked `stack`, as a tensor of `type`.
Value layerOf(OpBuilder &b, Location loc, Value stack, Value layer,
              RankedTensorType type) {
  auto stackType = cast<RankedTensorType>(stack.getType());
  int64_t rank = stackType.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      sizes = tensor::getMixedSizes(b, loc, stack),
      strides(rank, b.getIndexAttr(1));
  offsets[0] = layer;
  sizes[0] = b.getIndexAttr(1);
  auto sliceType = RankedTensorType::get(stackType.getShape().drop_front(),
                                         stackType.getElementType());
  Value slice = tensor::ExtractSliceOp::create(b, loc, sliceType, stack,
                                               offsets, sizes, strides);
  return slice.getType() == type
             ? slice
             : Value(tensor::CastOp::create(b, loc, type, slice));
}

/// A layer read past the end of its stack is an error at the read: at
/// compile time where the index's range is known (a constant, a loop with
/// constant bounds), else a run-time check of the compiled code. Unchecked,
/// it would read past the parameter (and dtc would record GEMM operands
/// outside it, which the runtime rejects).
LogicalResult checkLayerIndex(OpBuilder &b, ParamLoadOp load, Value stack) {
  Location loc = load.getLoc();
  Value layer = load.getLayer();
  int64_t layers = cast<RankedTensorType>(stack.getType()).getDimSize(0);
  auto bound = [&](presburger::BoundType type) {
    return ValueBoundsConstraintSet::computeConstantBound(
        type, layer, /*stopCondition=*/nullptr, /*closedUB=*/true);
  };
  FailureOr<int64_t> first = bound(presburger::BoundType::LB);
  FailureOr<int64_t> last = bound(presburger::BoundType::UB);
  if (succeeded(first) && *first < 0)
    return load.emitOpError("reads layer ")
           << *first << " of @" << load.getParam()
           << ": layer indices start at 0";
  if (!ShapedType::isDynamic(layers)) {
    if (succeeded(last) && *last >= layers)
      return load.emitOpError("reads layer ")
             << *last << " of @" << load.getParam() << ", which stacks "
             << layers << " layer" << (layers == 1 ? "" : "s")
             << " (the weights give its leading extent)";
    if (succeeded(first) && succeeded(last))
      return success();
  }
  Value extent = tensor::DimOp::create(b, loc, stack, 0);
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        layer, extent);
  cf::AssertOp::create(b, loc, inRange,
                       "layer index past the stacked layers of @" +
                           load.getParam().str());
  return success();
}

struct LowerParamsAndKnobsPass
    : dt::impl::LowerParamsAndKnobsBase<LowerParamsAndKnobsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ParamOp> params = llvm::to_vector(module.getOps<ParamOp>());
    SmallVector<KnobOp> knobs = llvm::to_vector(module.getOps<KnobOp>());

    // Reads outside an entry point's own body have no argument to become.
    WalkResult misplaced = module.walk([&](Operation *op) {
      if (!isa<ParamLoadOp, KnobGetOp>(op))
        return WalkResult::advance();
      // Arguments are visible up to the nearest isolated region.
      Operation *scope =
          op->getParentWithTrait<OpTrait::IsIsolatedFromAbove>();
      auto func = dyn_cast<func::FuncOp>(scope);
      if (!func) {
        op->emitError() << "cannot become an entry argument inside '"
                        << scope->getName() << "': lower that op first";
        return WalkResult::interrupt();
      }
      if (!func.isPublic()) {
        op->emitError() << "reads a parameter or knob in @" << func.getName()
                        << ", which is not an entry point: inline it first";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (misplaced.wasInterrupted())
      return signalPassFailure();

    MLIRContext *context = &getContext();
    IRRewriter rewriter(context);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      unsigned first = func.getNumArguments();
      llvm::StringMap<Value> paramArgs, knobArgs;
      SmallVector<Type> types;
      SmallVector<DictionaryAttr> attrs;
      SmallVector<Location> locs;
      for (ParamOp param : params) {
        types.push_back(param.getType());
        attrs.push_back(DictionaryAttr::get(
            context, {NamedAttribute(StringAttr::get(context, "dt.param"),
                                     FlatSymbolRefAttr::get(param.getSymNameAttr()))}));
        locs.push_back(param.getLoc());
      }
      for (KnobOp knob : knobs) {
        types.push_back(knob.getType());
        attrs.push_back(DictionaryAttr::get(
            context, {NamedAttribute(StringAttr::get(context, "dt.knob"),
                                     FlatSymbolRefAttr::get(knob.getSymNameAttr()))}));
        locs.push_back(knob.getLoc());
      }
      SmallVector<unsigned> positions(types.size(), first);
      if (failed(func.insertArguments(positions, types, attrs, locs)))
        return signalPassFailure();
      for (auto [i, param] : llvm::enumerate(params))
        paramArgs[param.getSymName()] = entry.getArgument(first + i);
      for (auto [i, knob] : llvm::enumerate(knobs))
        knobArgs[knob.getSymName()] =
            entry.getArgument(first + params.size() + i);

      bool failedCheck = false;
      func.walk([&](ParamLoadOp load) {
        rewriter.setInsertionPoint(load);
        Value stack = paramArgs.lookup(load.getParam());
        if (load.getLayer() && failed(checkLayerIndex(rewriter, load, stack)))
          failedCheck = true;
        Value value =
            load.getLayer()
                ? layerOf(rewriter, load.getLoc(), stack, load.getLayer(),
                          load.getType())
                : (stack.getType() == load.getType()
                       ? stack
                       : Value(tensor::CastOp::create(rewriter, load.getLoc(),
                                                      load.getType(), stack)));
        rewriter.replaceOp(load, value);
      });
      if (failedCheck)
        return signalPassFailure();
      func.walk([&](KnobGetOp get) {
        Value knob = knobArgs.lookup(get.getKnob());
        if (!get.getIndex()) {
          rewriter.replaceOp(get, knob);
          return;
        }
        // Element `index` of a vector knob, or its default past the values
        // the application set.
        rewriter.setInsertionPoint(get);
        Location loc = get.getLoc();
        auto decl = SymbolTable::lookupNearestSymbolFrom<KnobOp>(
            get, get.getKnobAttr());
        Value length = tensor::DimOp::create(rewriter, loc, knob, 0);
        Value set = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult,
                                          get.getIndex(), length);
        auto ifOp = scf::IfOp::create(rewriter, loc, get.getType(), set,
                                      /*withElseRegion=*/true);
        rewriter.setInsertionPointToStart(ifOp.thenBlock());
        scf::YieldOp::create(rewriter, loc,
                             Value(tensor::ExtractOp::create(
                                 rewriter, loc, knob, ValueRange{get.getIndex()})));
        rewriter.setInsertionPointToStart(ifOp.elseBlock());
        scf::YieldOp::create(
            rewriter, loc,
            Value(arith::ConstantOp::create(
                rewriter, loc, cast<TypedAttr>(decl.getDefaultValue()))));
        rewriter.replaceOp(get, ifOp.getResults());
      });
      // Entry points are called from C and C++ with memref descriptors.
      func->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
    }
    for (ParamOp param : params)
      rewriter.eraseOp(param);
    for (KnobOp knob : knobs)
      rewriter.eraseOp(knob);
  }
};
} // namespace
