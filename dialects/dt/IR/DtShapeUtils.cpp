//===- DtShapeUtils.cpp - shape rules shared by dt ops --------------------===//

#include "dialects/dt/IR/DtShapeUtils.h"

#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;

bool dt::areCompatibleReturnTypes(TypeRange inferred, TypeRange written) {
  if (inferred.size() != written.size())
    return false;
  for (auto [a, b] : llvm::zip_equal(inferred, written)) {
    if (a == b)
      continue;
    auto ta = dyn_cast<RankedTensorType>(a);
    auto tb = dyn_cast<RankedTensorType>(b);
    if (!ta || !tb || ta.getElementType() != tb.getElementType() ||
        failed(verifyCompatibleShape(ta.getShape(), tb.getShape())))
      return false;
  }
  return true;
}

int64_t dt::keptTokenCount(int64_t n, int64_t prefix, float rate) {
  // float32 arithmetic, as the runtime and the numpy references compute it.
  float rest = static_cast<float>(n - prefix);
  int64_t kept = static_cast<int64_t>(std::ceil(rate * rest));
  return prefix + std::min<int64_t>(std::max<int64_t>(kept, 0), n - prefix);
}

std::optional<int64_t> dt::mergeDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a))
    return b;
  if (ShapedType::isDynamic(b) || a == b)
    return a;
  return std::nullopt;
}

std::optional<int64_t> dt::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

RankedTensorType dt::tensorOf(Value v) {
  return v ? dyn_cast<RankedTensorType>(v.getType()) : RankedTensorType();
}

LogicalResult dt::mergeDim(const ShapeError &err, int64_t &a, int64_t b,
                           const Twine &what, StringRef aName,
                           StringRef bName) {
  std::optional<int64_t> merged = mergeDims(a, b);
  if (!merged)
    return err(what.str(), " mismatch: ", aName, " has ", a, " but ", bName,
               " has ", b);
  a = *merged;
  return success();
}

FailureOr<int64_t> dt::checkAxis(const ShapeError &err, int64_t axis,
                                 int64_t rank, StringRef of) {
  if (std::optional<int64_t> a = normalizeAxis(axis, rank))
    return *a;
  (void)err("axis ", axis, " is out of range for ", of, " of rank ", rank);
  return failure();
}

LogicalResult dt::checkElementType(const ShapeError &err, const Twine &name,
                                   RankedTensorType type, StringRef refName,
                                   RankedTensorType ref) {
  if (type.getElementType() == ref.getElementType())
    return success();
  return err(name.str(), " element type ", type.getElementType(),
             " differs from the ", refName, " element type ",
             ref.getElementType());
}
