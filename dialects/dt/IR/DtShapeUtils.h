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
#include "mlir/IR/Value.h"

#include <cstdint>
#include <optional>

namespace mlir::dt {

/// True when each pair has the same element type and compatible shapes: a
/// written result type may be more static than the inferred one.
bool areCompatibleReturnTypes(TypeRange inferred, TypeRange written);

/// Number of tokens token selection keeps: prefix + ceil(rate * (n - prefix)),
/// computed in float32 as the runtime does (semantics.md section 1).
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

/// Merges two extents that must agree: the static one wins; nullopt if both
/// are static and differ.
std::optional<int64_t> mergeDims(int64_t a, int64_t b);

/// Normalises a possibly negative `axis` for a rank; nullopt if out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The ranked tensor type of `v`, or null (null value, or another type).
RankedTensorType tensorOf(Value v);

/// Merges extent `b` into `a`, which must agree; on a mismatch reports
/// "<what> mismatch: <aName> has <a> but <bName> has <b>".
LogicalResult mergeDim(const ShapeError &err, int64_t &a, int64_t b,
                       const Twine &what, StringRef aName, StringRef bName);

/// Normalises `axis` for `rank`; on failure reports "axis <axis> is out of
/// range for <of> of rank <rank>".
FailureOr<int64_t> checkAxis(const ShapeError &err, int64_t axis, int64_t rank,
                             StringRef of = "input");

/// Checks that `type` has the element type of `ref`; on failure reports
/// "<name> element type <t> differs from the <refName> element type <r>".
LogicalResult checkElementType(const ShapeError &err, const Twine &name,
                               RankedTensorType type, StringRef refName,
                               RankedTensorType ref);

} // namespace mlir::dt

#endif // DIALECTS_DT_IR_DTSHAPEUTILS_H
