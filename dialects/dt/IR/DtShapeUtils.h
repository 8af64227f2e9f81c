//===- DtShapeUtils.h - shape rules shared by dt ops ------------*- C++ -*-===//
//
// Shape inference of dt ops runs both when verifying (with a location, so a
// failure is a diagnostic) and when building (without one, silently). These
// helpers keep the messages uniform: "'dt.op' op <operand> ...".
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_DT_IR_DTSHAPEUTILS_H
#define DIALECTS_DT_IR_DTSHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeRange.h"

#include <cstdint>
#include <optional>

namespace mlir::dt {

/// True when each pair has the same element type and compatible shapes: a
/// written result type may be more static than the inferred one.
bool areCompatibleReturnTypes(TypeRange inferred, TypeRange written);

/// Number of tokens token selection keeps: prefix + ceil(rate * (n - prefix)),
/// computed in float32 as the runtime does (MODELS.md section 1).
int64_t keptTokenCount(int64_t n, int64_t prefix, float rate);

/// Reports a shape-rule violation of op `opName` at `loc` (silently when `loc`
/// is empty, i.e. when only inferring) and returns failure.
class ShapeError {
public:
  ShapeError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  LogicalResult operator()(Args &&...args) const {
    return emitOptionalError(loc, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};

/// The extent of a dimension, or ShapedType::kDynamic.
inline int64_t dimOf(RankedTensorType type, int64_t dim) {
  return type.getDimSize(dim);
}

/// Merges two extents that must agree: the static one wins; nullopt if both
/// are static and differ.
std::optional<int64_t> mergeDims(int64_t a, int64_t b);

/// Normalises a possibly negative `axis` for a rank; nullopt if out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace mlir::dt

#endif // DIALECTS_DT_IR_DTSHAPEUTILS_H
