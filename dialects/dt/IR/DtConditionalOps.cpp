//===- DtConditionalOps.cpp - conditional-compute op verifiers ------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
constexpr int64_t kDyn = ShapedType::kDynamic;

/// The value of a constant float scalar or splat, if `v` is one.
std::optional<float> constantFloat(Value v) {
  Attribute attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return static_cast<float>(f.getValueAsDouble());
  if (auto d = dyn_cast<DenseFPElementsAttr>(attr); d && d.isSplat())
    return d.getSplatValue<APFloat>().convertToFloat();
  return std::nullopt;
}

/// Checks a constant top-k against the expert count; returns the static k or
/// kDyn.
FailureOr<int64_t> checkTopK(const ShapeError &err, Value topK,
                             int64_t experts) {
  APInt k;
  if (!topK || !matchPattern(topK, m_ConstantInt(&k)))
    return kDyn;
  int64_t value = k.getSExtValue();
  if (value < 1 || (!ShapedType::isDynamic(experts) && value > experts)) {
    (void)err("top_k ", value, " is outside [1, ", experts, "]");
    return failure();
  }
  return value;
}

LogicalResult checkCapacity(const ShapeError &err,
                            std::optional<APFloat> capacity) {
  if (capacity && !(capacity->convertToDouble() > 0.0))
    return err("capacity_factor must be positive, got ",
               capacity->convertToDouble());
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Token selection.
//===----------------------------------------------------------------------===//

LogicalResult SelectTokensOp::inferReturnTypes(MLIRContext *context,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), s = tensorOf(adaptor.getScores());
  if (!x || !s)
    return failure();
  if (x.getRank() != 3)
    return err("input must be 3-D [B, N, D], got ", x);
  if (s.getRank() != 2)
    return err("scores must be 2-D [B, N], got ", s);
  int64_t b = x.getDimSize(0), n = x.getDimSize(1);
  if (failed(mergeDim(err, b, s.getDimSize(0), "batch", "input", "scores")) ||
      failed(mergeDim(err, n, s.getDimSize(1), "token count", "input", "scores")))
    return failure();
  if (auto r = tensorOf(adaptor.getRate()))
    if (failed(mergeDim(err, b, r.getDimSize(0), "batch", "input", "rate")))
      return failure();
  auto prefix = static_cast<int64_t>(adaptor.getPrefix());
  if (!ShapedType::isDynamic(n) && prefix > n)
    return err("prefix ", prefix, " exceeds the ", n, " tokens");
  int64_t k = kDyn;
  if (std::optional<float> rate = constantFloat(adaptor.getRate())) {
    if (!(*rate > 0.0f && *rate <= 1.0f))
      return err("rate ", *rate, " is outside (0, 1]");
    if (!ShapedType::isDynamic(n))
      k = keptTokenCount(n, prefix, *rate);
  } else if (!ShapedType::isDynamic(n) && prefix == n) {
    k = n;
  }
  results.push_back(
      RankedTensorType::get({b, k, x.getDimSize(2)}, x.getElementType()));
  results.push_back(
      RankedTensorType::get({b, k}, IntegerType::get(context, 64)));
  return success();
}

StringRef SelectTokensOp::getConditionalKind() { return "token_selection"; }

LogicalResult RestoreTokensOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto u = tensorOf(adaptor.getUpdates()), idx = tensorOf(adaptor.getIndices()),
       base = tensorOf(adaptor.getBase());
  if (!u || !idx || !base)
    return failure();
  if (u.getRank() != 3)
    return err("updates must be 3-D [B, K, D], got ", u);
  if (idx.getRank() != 2)
    return err("indices must be 2-D [B, K], got ", idx);
  if (base.getRank() != 3)
    return err("base must be 3-D [B, N, D], got ", base);
  if (failed(checkElementType(err, "updates", u, "base", base)))
    return failure();
  int64_t b = base.getDimSize(0), k = u.getDimSize(1), d = base.getDimSize(2);
  if (failed(mergeDim(err, b, u.getDimSize(0), "batch", "base", "updates")) ||
      failed(mergeDim(err, b, idx.getDimSize(0), "batch", "base", "indices")) ||
      failed(mergeDim(err, k, idx.getDimSize(1), "kept count", "updates",
                   "indices")) ||
      failed(mergeDim(err, d, u.getDimSize(2), "feature dimension", "base",
                   "updates")))
    return failure();
  results.push_back(
      RankedTensorType::get({b, base.getDimSize(1), d}, base.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Early exit.
//===----------------------------------------------------------------------===//

StringRef EarlyExitOp::getConditionalKind() { return "early_exit"; }

LogicalResult EarlyExitOp::verifyRegions() {
  // Thresholds: what each policy reads (semantics.md section 3).
  TypeRange thresholds = getThresholds().getTypes();
  auto isFloat = [](Type t) { return isa<FloatType>(t); };
  auto isInt = [](Type t) { return t.isSignlessInteger(); };
  ExitPolicy policy = getPolicy();
  bool ok = false;
  StringRef expected;
  switch (policy) {
  case ExitPolicy::max_prob:
  case ExitPolicy::entropy:
    ok = thresholds.size() == 1 && isFloat(thresholds[0]);
    expected = "one float threshold";
    break;
  case ExitPolicy::patience:
    ok = thresholds.size() == 1 && isInt(thresholds[0]);
    expected = "one integer patience";
    break;
  case ExitPolicy::recursive:
    ok = thresholds.size() == 2 && llvm::all_of(thresholds, isFloat);
    expected = "two float thresholds (confidence, gain)";
    break;
  }
  if (!ok)
    return emitOpError("policy ")
           << stringifyExitPolicy(policy) << " takes " << expected << ", got "
           << thresholds.size() << " value(s)";

  if (getOffload() && policy != ExitPolicy::recursive)
    return emitOpError("only the recursive policy has an offload result");
  if (!getOffload() && policy == ExitPolicy::recursive)
    return emitOpError("the recursive policy needs an offload result");

  // Inputs share a leading batch dimension; results are per sample.
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  int64_t batch = kDyn;
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() < 1)
      return emitOpError("input #") << i << " must have a batch dimension";
    std::optional<int64_t> m = mergeDims(batch, t.getDimSize(0));
    if (!m)
      return emitOpError("input #") << i << " has batch " << t.getDimSize(0)
                                    << " but earlier inputs have " << batch;
    batch = *m;
  }
  RankedTensorType logits = getLogits().getType();
  if (logits.getRank() != 2)
    return emitOpError("logits result must be 2-D [B, C], got ") << logits;
  SmallVector<std::pair<StringRef, RankedTensorType>> perSample = {
      {"logits", logits}, {"exit_index", getExitIndex().getType()}};
  if (getOffload())
    perSample.push_back({"offload", getOffload().getType()});
  for (auto [name, t] : perSample) {
    if (name != "logits" && t.getRank() != 1)
      return emitOpError(name) << " result must be 1-D [B], got " << t;
    if (!mergeDims(batch, t.getDimSize(0)))
      return emitOpError(name) << " result has batch " << t.getDimSize(0)
                               << " but the inputs have " << batch;
  }

  // Body: (stage index, running inputs...) -> (next inputs..., stage logits).
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size() + 1)
    return emitOpError("body must take the stage index and one argument per "
                       "input: ")
           << getInputs().size() + 1 << " expected, " << body.getNumArguments()
           << " given";
  if (!body.getArgument(0).getType().isIndex())
    return emitOpError("body argument #0 (the stage index) must be index");
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    auto in = cast<RankedTensorType>(v.getType());
    auto arg = dyn_cast<RankedTensorType>(body.getArgument(i + 1).getType());
    if (!arg || arg.getElementType() != in.getElementType() ||
        arg.getRank() != in.getRank() ||
        failed(verifyCompatibleShape(arg.getShape().drop_front(),
                                     in.getShape().drop_front())) ||
        !ShapedType::isDynamic(arg.getDimSize(0)))
      return emitOpError("body argument #")
             << i + 1 << " must match input #" << i << " (" << in
             << ") with a dynamic batch dimension, got "
             << body.getArgument(i + 1).getType();
  }
  auto yield = body.empty() ? YieldOp() : dyn_cast<YieldOp>(body.back());
  if (!yield)
    return emitOpError("body must end with dt.yield");
  if (yield.getValues().size() != getInputs().size() + 1)
    return yield.emitOpError("must yield the next stage's inputs and the "
                             "stage logits: ")
           << getInputs().size() + 1 << " values expected, "
           << yield.getValues().size() << " given";
  for (auto [i, v] : llvm::enumerate(yield.getValues().drop_back())) {
    Type arg = body.getArgument(i + 1).getType();
    if (failed(verifyCompatibleShape(v.getType(), arg)) ||
        getElementTypeOrSelf(v.getType()) != getElementTypeOrSelf(arg))
      return yield.emitOpError("value #")
             << i << " of type " << v.getType()
             << " does not match body argument #" << i + 1 << " of type "
             << arg;
  }
  auto stageLogits =
      dyn_cast<RankedTensorType>(yield.getValues().back().getType());
  if (!stageLogits || stageLogits.getRank() != 2 ||
      stageLogits.getElementType() != logits.getElementType() ||
      !mergeDims(stageLogits.getDimSize(1), logits.getDimSize(1)))
    return yield.emitOpError("last value must be the stage logits, "
                             "compatible with [?, ")
           << logits.getDimSize(1) << "] of " << logits.getElementType()
           << ", got " << yield.getValues().back().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Mixture of experts.
//===----------------------------------------------------------------------===//

StringRef MoeOp::getConditionalKind() { return "expert_routing"; }
StringRef MoeRouteOp::getConditionalKind() { return "expert_routing"; }

LogicalResult MoeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), router = tensorOf(adaptor.getRouter()),
       up = tensorOf(adaptor.getUp()), down = tensorOf(adaptor.getDown());
  if (!x || !router || !up || !down)
    return failure();
  if (x.getRank() < 2)
    return err("input must have rank >= 2 [..., T, D], got ", x);
  if (router.getRank() != 2)
    return err("router must be 2-D [E, D], got ", router);
  if (up.getRank() != 3)
    return err("up must be 3-D [E, H, D], got ", up);
  if (down.getRank() != 3)
    return err("down must be 3-D [E, D, H], got ", down);
  for (auto [name, t] : {std::pair<StringRef, RankedTensorType>{"router", router},
                         {"up", up}, {"down", down}})
    if (failed(checkElementType(err, name, t, "input", x)))
      return failure();
  int64_t e = router.getDimSize(0), d = x.getShape().back(),
          h = up.getDimSize(1);
  if (failed(mergeDim(err, d, router.getDimSize(1), "D", "input", "router")) ||
      failed(mergeDim(err, e, up.getDimSize(0), "expert count", "router", "up")) ||
      failed(mergeDim(err, d, up.getDimSize(2), "D", "input", "up")) ||
      failed(mergeDim(err, e, down.getDimSize(0), "expert count", "router",
                   "down")) ||
      failed(mergeDim(err, d, down.getDimSize(1), "D", "input", "down")) ||
      failed(mergeDim(err, h, down.getDimSize(2), "H", "up", "down")))
    return failure();
  for (auto [name, value, inner] :
       {std::tuple<StringRef, Value, int64_t *>{"up_bias", adaptor.getUpBias(), &h},
        {"down_bias", adaptor.getDownBias(), &d}}) {
    auto bias = tensorOf(value);
    if (!bias)
      continue;
    if (bias.getRank() != 2)
      return err(name, " must be 2-D [E, ", name == "up_bias" ? "H" : "D",
                 "], got ", bias);
    if (failed(mergeDim(err, e, bias.getDimSize(0), "expert count", "router",
                     name)) ||
        failed(mergeDim(err, *inner, bias.getDimSize(1), "feature dimension",
                     name == "up_bias" ? "up" : "input", name)))
      return failure();
  }
  if (failed(checkTopK(err, adaptor.getTopK(), e)) ||
      failed(checkCapacity(err, adaptor.getCapacityFactor())))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape.back() = d;
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult MoeRouteOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto logits = tensorOf(adaptor.getLogits());
  if (!logits)
    return failure();
  if (logits.getRank() < 1)
    return err("logits must have rank >= 1 [..., E], got ", logits);
  FailureOr<int64_t> k =
      checkTopK(err, adaptor.getTopK(), logits.getShape().back());
  if (failed(k))
    return failure();
  SmallVector<int64_t> shape(logits.getShape());
  shape.back() = *k;
  results.push_back(RankedTensorType::get(shape, logits.getElementType()));
  results.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult MoeDispatchOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), experts = tensorOf(adaptor.getExperts());
  if (!x || !experts)
    return failure();
  if (x.getRank() < 1)
    return err("input must have rank >= 1 [..., D], got ", x);
  if (experts.getRank() != x.getRank())
    return err("experts must be [..., k] with the input's token dimensions, "
               "got ",
               experts, " for input ", x);
  for (int64_t i = 0; i + 1 < x.getRank(); ++i) {
    int64_t a = x.getDimSize(i);
    if (failed(mergeDim(err, a, experts.getDimSize(i),
                     "token dimension " + std::to_string(i), "input",
                     "experts")))
      return failure();
  }
  if (failed(checkCapacity(err, adaptor.getCapacityFactor())))
    return failure();
  int64_t e = kDyn;
  APInt constE;
  if (matchPattern(adaptor.getNumExperts(), m_ConstantInt(&constE))) {
    e = constE.getSExtValue();
    if (e < 1)
      return err("num_experts ", e, " must be positive");
  }
  Type i64 = IntegerType::get(context, 64);
  results.push_back(
      RankedTensorType::get({kDyn, x.getShape().back()}, x.getElementType()));
  results.push_back(RankedTensorType::get({e}, i64));
  results.push_back(RankedTensorType::get(experts.getShape(), i64));
  return success();
}

LogicalResult GroupedLinearOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), sizes = tensorOf(adaptor.getGroupSizes()),
       w = tensorOf(adaptor.getWeight());
  if (!x || !sizes || !w)
    return failure();
  if (x.getRank() != 2)
    return err("input must be 2-D [R, K], got ", x);
  if (sizes.getRank() != 1)
    return err("group_sizes must be 1-D [E], got ", sizes);
  if (w.getRank() != 3)
    return err("weight must be 3-D [E, N, K], got ", w);
  if (failed(checkElementType(err, "weight", w, "input", x)))
    return failure();
  int64_t e = w.getDimSize(0), k = x.getDimSize(1), n = w.getDimSize(1);
  if (failed(mergeDim(err, e, sizes.getDimSize(0), "group count", "weight",
                   "group_sizes")) ||
      failed(mergeDim(err, k, w.getDimSize(2), "K", "input", "weight")))
    return failure();
  if (auto b = tensorOf(adaptor.getBias())) {
    if (b.getRank() != 2)
      return err("bias must be 2-D [E, N], got ", b);
    if (failed(mergeDim(err, e, b.getDimSize(0), "group count", "weight",
                     "bias")) ||
        failed(mergeDim(err, n, b.getDimSize(1), "N", "weight", "bias")))
      return failure();
  }
  results.push_back(
      RankedTensorType::get({x.getDimSize(0), n}, x.getElementType()));
  return success();
}

LogicalResult MoeCombineOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto rows = tensorOf(adaptor.getRows()), slots = tensorOf(adaptor.getSlots()),
       gates = tensorOf(adaptor.getGates());
  if (!rows || !slots || !gates)
    return failure();
  if (rows.getRank() != 2)
    return err("rows must be 2-D [R, D], got ", rows);
  if (slots.getRank() < 1)
    return err("slots must have rank >= 1 [..., k], got ", slots);
  if (failed(verifyCompatibleShape(slots.getShape(), gates.getShape())))
    return err("gates ", gates, " must have the shape of slots ", slots);
  SmallVector<int64_t> shape(slots.getShape());
  shape.back() = rows.getDimSize(1);
  results.push_back(RankedTensorType::get(shape, rows.getElementType()));
  return success();
}
