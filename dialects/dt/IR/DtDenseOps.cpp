//===- DtDenseOps.cpp - type inference and verifiers of dense dt ops ------===//
//
// Each inferReturnTypes both computes the result type and checks the operand
// shapes: called by the verifier it reports the first violation, naming the
// operand; called by a builder it fails silently.
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
constexpr int64_t kDyn = ShapedType::kDynamic;

LogicalResult inferElementwiseBinary(std::optional<Location> loc,
                                     StringRef name, Value lhs, Value rhs,
                                     SmallVectorImpl<Type> &results) {
  ShapeError err(loc, name);
  auto l = tensorOf(lhs), r = tensorOf(rhs);
  if (!l || !r)
    return failure();
  if (failed(checkElementType(err, "rhs", r, "lhs", l)))
    return failure();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(l.getShape(), r.getShape(), shape))
    return err("operands are not broadcast-compatible: ", l, " and ", r);
  results.push_back(RankedTensorType::get(shape, l.getElementType()));
  return success();
}

/// The shape left after reducing `axes` (already normalised) of `shape`.
SmallVector<int64_t> reducedShape(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> axes, bool keepDims) {
  SmallVector<int64_t> out;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (!llvm::is_contained(axes, static_cast<int64_t>(i)))
      out.push_back(d);
    else if (keepDims)
      out.push_back(1);
  }
  return out;
}

LogicalResult inferReduction(std::optional<Location> loc, StringRef name,
                             Value input, ArrayRef<int64_t> axes, bool keepDims,
                             Type elementType, SmallVectorImpl<Type> &results) {
  ShapeError err(loc, name);
  auto x = tensorOf(input);
  if (!x)
    return failure();
  if (axes.empty())
    return err("axes must not be empty");
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> a = checkAxis(err, axis, x.getRank());
    if (failed(a))
      return failure();
    if (llvm::is_contained(normalized, *a))
      return err("axis ", axis, " is repeated");
    normalized.push_back(*a);
  }
  results.push_back(RankedTensorType::get(
      reducedShape(x.getShape(), normalized, keepDims),
      elementType ? elementType : x.getElementType()));
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), w = tensorOf(adaptor.getWeight());
  if (!x || !w)
    return failure();
  if (x.getRank() < 1)
    return err("input must have rank >= 1, got ", x);
  if (w.getRank() != 2)
    return err("weight must be 2-D [N, K], got ", w);
  if (failed(checkElementType(err, "weight", w, "input", x)))
    return failure();
  int64_t k = x.getShape().back();
  if (failed(mergeDim(err, k, w.getDimSize(1), "K", "input", "weight")))
    return failure();
  int64_t n = w.getDimSize(0);
  if (auto b = tensorOf(adaptor.getBias())) {
    if (b.getRank() != 1)
      return err("bias must be 1-D [N], got ", b);
    if (failed(checkElementType(err, "bias", b, "input", x)))
      return failure();
    if (failed(mergeDim(err, n, b.getDimSize(0), "N", "weight", "bias")))
      return failure();
  }
  SmallVector<int64_t> shape(x.getShape());
  shape.back() = n;
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto a = tensorOf(adaptor.getLhs()), b = tensorOf(adaptor.getRhs());
  if (!a || !b)
    return failure();
  if (a.getRank() < 2)
    return err("lhs must have rank >= 2, got ", a);
  if (b.getRank() < 2)
    return err("rhs must have rank >= 2, got ", b);
  if (failed(checkElementType(err, "rhs", b, "lhs", a)))
    return failure();
  int64_t rb = b.getRank();
  bool t = adaptor.getTransposeRhs();
  int64_t kB = b.getDimSize(t ? rb - 1 : rb - 2);
  int64_t n = b.getDimSize(t ? rb - 2 : rb - 1);
  int64_t k = a.getShape().back();
  if (failed(mergeDim(err, k, kB, "K", "lhs", "rhs")))
    return failure();
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(a.getShape().drop_back(2),
                                          b.getShape().drop_back(2), batch))
    return err("batch dimensions are not broadcast-compatible: ", a, " and ",
               b);
  batch.push_back(a.getDimSize(a.getRank() - 2));
  batch.push_back(n);
  results.push_back(RankedTensorType::get(batch, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops.
//===----------------------------------------------------------------------===//

#define DT_BINARY_INFER(OP)                                                    \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &results) {         \
    return inferElementwiseBinary(loc, getOperationName(), adaptor.getLhs(),   \
                                  adaptor.getRhs(), results);                  \
  }
DT_BINARY_INFER(AddOp)
DT_BINARY_INFER(SubOp)
DT_BINARY_INFER(MulOp)
DT_BINARY_INFER(DivOp)
DT_BINARY_INFER(MaximumOp)
DT_BINARY_INFER(MinimumOp)
#undef DT_BINARY_INFER

//===----------------------------------------------------------------------===//
// Normalisation and attention.
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  if (!normalizeAxis(static_cast<int64_t>(getAxis()), getInput().getType().getRank()))
    return emitOpError("axis ") << static_cast<int64_t>(getAxis())
                                << " is out of range for input of rank "
                                << getInput().getType().getRank();
  return success();
}

/// Shared by layer_norm and rms_norm: `vectors` are [D] operands.
static LogicalResult
inferNorm(std::optional<Location> loc, StringRef name, Value input,
          ArrayRef<std::pair<StringRef, Value>> vectors,
          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, name);
  auto x = tensorOf(input);
  if (!x)
    return failure();
  if (x.getRank() < 1)
    return err("input must have rank >= 1, got ", x);
  SmallVector<int64_t> shape(x.getShape());
  for (auto [vname, value] : vectors) {
    auto v = tensorOf(value);
    if (!v)
      return failure();
    if (v.getRank() != 1)
      return err(vname, " must be 1-D [D], got ", v);
    if (failed(checkElementType(err, vname, v, "input", x)))
      return failure();
    if (failed(mergeDim(err, shape.back(), v.getDimSize(0), "D", "input",
                        vname)))
      return failure();
  }
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferNorm(loc, getOperationName(), adaptor.getInput(),
                   {{"scale", adaptor.getScale()}, {"bias", adaptor.getBias()}},
                   results);
}

LogicalResult RmsNormOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferNorm(loc, getOperationName(), adaptor.getInput(),
                   {{"scale", adaptor.getScale()}}, results);
}

LogicalResult AttentionWeightsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto q = tensorOf(adaptor.getQuery()), k = tensorOf(adaptor.getKey());
  if (!q || !k)
    return failure();
  for (auto [name, t] : {std::pair<StringRef, RankedTensorType>{"query", q},
                         {"key", k}})
    if (t.getRank() != 3)
      return err(name, " must be 3-D [B, N, D], got ", t);
  if (failed(checkElementType(err, "key", k, "query", q)))
    return failure();
  int64_t b = q.getDimSize(0), d = q.getDimSize(2);
  if (failed(mergeDim(err, b, k.getDimSize(0), "batch", "query", "key")) ||
      failed(mergeDim(err, d, k.getDimSize(2), "feature dimension", "query",
                      "key")))
    return failure();
  auto headDim = static_cast<int64_t>(adaptor.getHeadDim());
  if (!ShapedType::isDynamic(d) && (headDim <= 0 || d % headDim != 0))
    return err("head_dim ", headDim,
               " does not divide the query feature dimension ", d);
  auto row = static_cast<int64_t>(adaptor.getRow());
  if (!q.isDynamicDim(1) && row >= q.getDimSize(1))
    return err("row ", row, " is not a query position of ", q);
  results.push_back(
      RankedTensorType::get({b, k.getDimSize(1)}, q.getElementType()));
  return success();
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto q = tensorOf(adaptor.getQuery()), k = tensorOf(adaptor.getKey()),
       v = tensorOf(adaptor.getValue());
  if (!q || !k || !v)
    return failure();
  for (auto [name, t] : {std::pair<StringRef, RankedTensorType>{"query", q},
                         {"key", k}, {"value", v}})
    if (t.getRank() != 3)
      return err(name, " must be 3-D [B, N, D], got ", t);
  if (failed(checkElementType(err, "key", k, "query", q)) ||
      failed(checkElementType(err, "value", v, "query", q)))
    return failure();
  int64_t b = q.getDimSize(0), d = q.getDimSize(2), nk = k.getDimSize(1);
  if (failed(mergeDim(err, b, k.getDimSize(0), "batch", "query", "key")) ||
      failed(mergeDim(err, b, v.getDimSize(0), "batch", "query", "value")) ||
      failed(mergeDim(err, d, k.getDimSize(2), "feature dimension", "query",
                      "key")) ||
      failed(mergeDim(err, nk, v.getDimSize(1), "key length", "key", "value")))
    return failure();
  auto headDim = static_cast<int64_t>(adaptor.getHeadDim());
  int64_t heads = kDyn;
  if (!ShapedType::isDynamic(d)) {
    if (d == 0)
      return err("query feature dimension is 0: attention needs at least "
                 "one feature per head");
    if (headDim <= 0 || d % headDim != 0)
      return err("head_dim ", headDim,
                 " does not divide the query feature dimension ", d);
    heads = d / headDim;
  }
  int64_t dv = v.getDimSize(2);
  if (!ShapedType::isDynamic(heads) && !ShapedType::isDynamic(dv) &&
      dv % heads != 0)
    return err("value feature dimension ", dv, " is not divisible by the ",
               heads, " heads");
  if (auto m = tensorOf(adaptor.getMask())) {
    if (m.getRank() > 4)
      return err("mask must have rank <= 4 (broadcast to [B, H, Nq, Nk]), got ",
                 m);
    std::array<int64_t, 4> target = {b, heads, q.getDimSize(1), nk};
    for (int64_t i = 0; i < m.getRank(); ++i) {
      int64_t md = m.getDimSize(m.getRank() - 1 - i), td = target[3 - i];
      if (md != 1 && !ShapedType::isDynamic(md) && !ShapedType::isDynamic(td) &&
          md != td)
        return err("mask ", m, " does not broadcast to [B, H, Nq, Nk] = [",
                   target[0], ", ", target[1], ", ", target[2], ", ", target[3],
                   "]");
    }
  }
  results.push_back(
      RankedTensorType::get({b, q.getDimSize(1), dv}, q.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto table = tensorOf(adaptor.getTable()), ids = tensorOf(adaptor.getIds());
  if (!table || !ids)
    return failure();
  if (table.getRank() != 2)
    return err("table must be 2-D [V, D], got ", table);
  SmallVector<int64_t> shape(ids.getShape());
  shape.push_back(table.getDimSize(1));
  results.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

LogicalResult PatchifyOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  if (x.getRank() != 4)
    return err("input must be 4-D [B, H, W, C], got ", x);
  auto p = static_cast<int64_t>(adaptor.getPatchSize());
  int64_t h = x.getDimSize(1), w = x.getDimSize(2), c = x.getDimSize(3);
  for (auto [name, extent] : {std::pair<StringRef, int64_t>{"height", h},
                              {"width", w}})
    if (!ShapedType::isDynamic(extent) && (p <= 0 || extent % p != 0))
      return err("input ", name, " ", extent,
                 " is not a multiple of the patch size ", p);
  int64_t patches = ShapedType::isDynamic(h) || ShapedType::isDynamic(w)
                        ? kDyn
                        : (h / p) * (w / p);
  int64_t features = ShapedType::isDynamic(c) ? kDyn : p * p * c;
  results.push_back(RankedTensorType::get({x.getDimSize(0), patches, features},
                                          x.getElementType()));
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  ArrayRef<int64_t> target = adaptor.getShape();
  int64_t inferredAt = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1) {
      if (inferredAt >= 0)
        return err("shape may hold at most one -1, got [", target, "]");
      inferredAt = i;
    } else if (d < 0) {
      return err("shape extent ", d, " is negative");
    } else {
      known *= d;
    }
  }
  SmallVector<int64_t> shape(target);
  if (x.hasStaticShape()) {
    int64_t count = x.getNumElements();
    if (inferredAt >= 0) {
      if (known == 0 || count % known != 0)
        return err("cannot reshape ", count, " elements into [", target, "]");
      shape[inferredAt] = count / known;
    } else if (count != known) {
      return err("cannot reshape ", count, " elements into [", target, "]");
    }
  } else if (inferredAt >= 0) {
    shape[inferredAt] = kDyn;
  }
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  if (static_cast<int64_t>(perm.size()) != x.getRank())
    return err("permutation has ", perm.size(), " entries for input of rank ",
               x.getRank());
  SmallVector<int64_t> shape;
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t p : perm) {
    if (p < 0 || p >= x.getRank() || !seen.insert(p).second)
      return err("permutation [", perm, "] is not a permutation of 0..",
                 x.getRank() - 1);
    shape.push_back(x.getDimSize(p));
  }
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult ExpandDimsOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> a = checkAxis(err, axis, x.getRank() + 1, "a result");
  if (failed(a))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape.insert(shape.begin() + *a, 1);
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> a = checkAxis(err, axis, x.getRank());
  if (failed(a))
    return failure();
  if (x.getDimSize(*a) != 1 && !x.isDynamicDim(*a))
    return err("axis ", axis, " has extent ", x.getDimSize(*a),
               ", not 1");
  SmallVector<int64_t> shape(x.getShape());
  shape.erase(shape.begin() + *a);
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult BroadcastOp::verify() {
  RankedTensorType in = getInput().getType(), out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("result element type ")
           << out.getElementType() << " differs from the input element type "
           << in.getElementType();
  if (in.getRank() > out.getRank())
    return emitOpError("cannot broadcast ")
           << in << " to the lower-rank " << out;
  int64_t offset = out.getRank() - in.getRank();
  for (int64_t i = 0; i < in.getRank(); ++i) {
    int64_t a = in.getDimSize(i), b = out.getDimSize(i + offset);
    if (a != 1 && !mergeDims(a, b))
      return emitOpError("input dimension ")
             << i << " of extent " << a << " cannot broadcast to " << b;
  }
  if (getDynamicSizes().size() != static_cast<size_t>(out.getNumDynamicDims()))
    return emitOpError("needs one size operand per dynamic dimension: ")
           << out.getNumDynamicDims() << " expected, "
           << getDynamicSizes().size() << " given";
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return err("needs at least one input");
  auto first = tensorOf(inputs.front());
  if (!first)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> a = checkAxis(err, axis, first.getRank(), "inputs");
  if (failed(a))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    auto t = tensorOf(value);
    if (!t)
      return failure();
    std::string name = "input #" + std::to_string(i + 1);
    if (t.getRank() != first.getRank())
      return err(name, " has rank ", t.getRank(), " but input #0 has rank ",
                 first.getRank());
    if (failed(checkElementType(err, name, t, "input #0", first)))
      return failure();
    for (int64_t d = 0; d < t.getRank(); ++d) {
      if (d == *a) {
        shape[d] = ShapedType::isDynamic(shape[d]) ||
                           ShapedType::isDynamic(t.getDimSize(d))
                       ? kDyn
                       : shape[d] + t.getDimSize(d);
        continue;
      }
      if (failed(mergeDim(err, shape[d], t.getDimSize(d),
                          "dimension " + Twine(d), "input #0", name)))
        return failure();
    }
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput());
  if (!x)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> a = checkAxis(err, axis, x.getRank());
  if (failed(a))
    return failure();
  auto start = static_cast<int64_t>(adaptor.getStart());
  int64_t extent = x.getDimSize(*a);
  if (start < 0)
    return err("start ", start, " is negative");
  int64_t size = kDyn;
  if (std::optional<uint64_t> endAttr = adaptor.getEnd()) {
    auto end = static_cast<int64_t>(*endAttr);
    if (end <= start)
      return err("end ", end, " must be greater than start ", start);
    if (!ShapedType::isDynamic(extent) && end > extent)
      return err("end ", end, " exceeds the extent ", extent, " of axis ", *a);
    size = end - start;
  } else if (!ShapedType::isDynamic(extent)) {
    if (start >= extent)
      return err("start ", start, " is not below the extent ", extent,
                 " of axis ", *a);
    size = extent - start;
  }
  SmallVector<int64_t> shape(x.getShape());
  shape[*a] = size;
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto x = tensorOf(adaptor.getInput()), idx = tensorOf(adaptor.getIndices());
  if (!x || !idx)
    return failure();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> a = checkAxis(err, axis, x.getRank());
  if (failed(a))
    return failure();
  if (idx.getRank() != *a + 1)
    return err("indices must have rank axis + 1 = ", *a + 1, ", got ", idx);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < *a; ++d) {
    int64_t extent = x.getDimSize(d);
    if (failed(mergeDim(err, extent, idx.getDimSize(d),
                        "batch dimension " + Twine(d), "input", "indices")))
      return failure();
    shape.push_back(extent);
  }
  shape.push_back(idx.getDimSize(*a));
  llvm::append_range(shape, x.getShape().drop_front(*a + 1));
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult IotaOp::verify() {
  RankedTensorType type = getResult().getType();
  if (getDynamicSizes().size() != static_cast<size_t>(type.getNumDynamicDims()))
    return emitOpError("needs one size operand per dynamic dimension: ")
           << type.getNumDynamicDims() << " expected, "
           << getDynamicSizes().size() << " given";
  if (!normalizeAxis(static_cast<int64_t>(getAxis()), type.getRank()) ||
      static_cast<int64_t>(getAxis()) < 0)
    return emitOpError("axis ") << static_cast<int64_t>(getAxis())
                                << " is out of range for a result of rank "
                                << type.getRank();
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

#define DT_REDUCE_INFER(OP)                                                    \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &results) {         \
    return inferReduction(loc, getOperationName(), adaptor.getInput(),         \
                          adaptor.getAxes(), adaptor.getKeepDims(), Type(),    \
                          results);                                            \
  }
DT_REDUCE_INFER(ReduceSumOp)
DT_REDUCE_INFER(ReduceMeanOp)
DT_REDUCE_INFER(ReduceMaxOp)
#undef DT_REDUCE_INFER

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  return inferReduction(loc, getOperationName(), adaptor.getInput(), {axis},
                        adaptor.getKeepDims(), IntegerType::get(context, 64),
                        results);
}
