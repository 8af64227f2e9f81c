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
