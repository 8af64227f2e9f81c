//===- DtDialect.cpp - dt dialect registration ----------------------------===//

#include "dialects/dt/IR/DtDialect.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
/// Every dt op may be inlined, so a transformer block written once as a
/// function and called per layer becomes straight-line code. Regions of
/// dt.early_exit are isolated and own their stage structure: nothing is
/// inlined into them from outside, but calls inside a stage are inlined.
struct DtInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

#include "dialects/dt/IR/DtDialect.cpp.inc"

void DtDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/dt/IR/DtOps.cpp.inc"
      >();
  addInterfaces<DtInlinerInterface>();
}

Operation *DtDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (arith::ConstantOp::isBuildableWith(typed, type))
      return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}

/// `dt.name` on an argument or result must be a non-empty string; `dt.param`
/// and `dt.knob` (set by dt-lower-params-and-knobs) must name a symbol.
static LogicalResult verifyValueAttribute(Operation *op, NamedAttribute attr,
                                          StringRef what, unsigned index) {
  StringRef name = attr.getName().getValue();
  if (name == "dt.name") {
    auto text = dyn_cast<StringAttr>(attr.getValue());
    if (!text || text.getValue().empty())
      return op->emitError() << "'dt.name' of " << what << " #" << index
                             << " must be a non-empty string";
    return success();
  }
  if (what == "argument" && (name == "dt.param" || name == "dt.knob")) {
    if (!isa<FlatSymbolRefAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' of argument #" << index
                             << " must be a symbol reference";
    return success();
  }
  return op->emitError() << "unknown attribute '" << name << "' on " << what
                         << " #" << index;
}

LogicalResult DtDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                  unsigned argIndex,
                                                  NamedAttribute attr) {
  return verifyValueAttribute(op, attr, "argument", argIndex);
}

LogicalResult DtDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                     unsigned resultIndex,
                                                     NamedAttribute attr) {
  return verifyValueAttribute(op, attr, "result", resultIndex);
}
