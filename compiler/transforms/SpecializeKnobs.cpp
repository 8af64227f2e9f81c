//===- SpecializeKnobs.cpp - fix run-time knobs at compile time -----------===//

#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::dt {
#define GEN_PASS_DEF_SPECIALIZEKNOBS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {
/// Parses `text` as a value of the knob's type (a vector knob: of every
/// element); null on malformed text.
TypedAttr parseKnobValue(KnobOp knob, StringRef text) {
  Type type = knob.getElementType();
  if (auto f = dyn_cast<FloatType>(type)) {
    double value;
    if (text.getAsDouble(value))
      return {};
    return FloatAttr::get(f, value);
  }
  if (type.isInteger(1)) {
    if (text == "true" || text == "1")
      return IntegerAttr::get(type, 1);
    if (text == "false" || text == "0")
      return IntegerAttr::get(type, 0);
    return {};
  }
  int64_t value;
  if (text.getAsInteger(10, value))
    return {};
  return IntegerAttr::get(type, value);
}

double asDouble(TypedAttr value) {
  if (auto f = dyn_cast<FloatAttr>(value))
    return f.getValueAsDouble();
  return static_cast<double>(cast<IntegerAttr>(value).getValue().getSExtValue());
}

struct ReplaceKnobGet : OpRewritePattern<KnobGetOp> {
  ReplaceKnobGet(MLIRContext *context, const llvm::StringMap<TypedAttr> &values)
      : OpRewritePattern(context), values(values) {}

  LogicalResult matchAndRewrite(KnobGetOp op,
                                PatternRewriter &rewriter) const override {
    auto it = values.find(op.getKnob());
    if (it == values.end())
      return rewriter.notifyMatchFailure(op, "knob stays a run-time value");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, it->second);
    return success();
  }

  const llvm::StringMap<TypedAttr> &values;
};

struct SpecializeKnobsPass
    : dt::impl::SpecializeKnobsBase<SpecializeKnobsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    llvm::StringMap<TypedAttr> values;
    SmallVector<KnobOp> specialized;
    for (const std::string &entry : knobs) {
      auto [name, text] = StringRef(entry).split('=');
      name = name.trim();
      text = text.trim();
      if (name.empty() || text.empty()) {
        emitError(module.getLoc()) << "dt-specialize-knobs: malformed entry '" << entry
                           << "', expected NAME=VALUE";
        return signalPassFailure();
      }
      auto knob = symbols.lookup<KnobOp>(name);
      if (!knob) {
        emitError(module.getLoc()) << "dt-specialize-knobs: unknown knob '" << name
                           << "'";
        return signalPassFailure();
      }
      if (values.count(name)) {
        emitError(module.getLoc()) << "dt-specialize-knobs: knob '" << name
                           << "' is given twice";
        return signalPassFailure();
      }
      TypedAttr value = parseKnobValue(knob, text);
      if (!value) {
        knob.emitError() << "dt-specialize-knobs: '" << text
                         << "' is not a value of type " << knob.getElementType()
                         << " for knob '" << name << "'";
        return signalPassFailure();
      }
      if (!knob.contains(asDouble(value))) {
        knob.emitError() << "dt-specialize-knobs: value " << text
                         << " for knob '" << name
                         << "' is outside its declared range";
        return signalPassFailure();
      }
      values[name] = value;
      specialized.push_back(knob);
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ReplaceKnobGet>(&getContext(), values);
    walkAndApplyPatterns(module, std::move(patterns));
    // The artifact no longer exposes a knob that was fixed.
    for (KnobOp knob : specialized)
      knob.erase();
  }
};
} // namespace
