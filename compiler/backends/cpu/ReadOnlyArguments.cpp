//===- ReadOnlyArguments.cpp - entry arguments are not the code's ---------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_READONLYARGUMENTS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {
struct ReadOnlyArgumentsPass
    : dtc::cpu::impl::ReadOnlyArgumentsBase<ReadOnlyArgumentsPass> {
  void runOnOperation() override {
    auto readOnly = BoolAttr::get(&getContext(), false);
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgument(i).getType()))
          func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                          readOnly);
    }
  }
};
} // namespace
