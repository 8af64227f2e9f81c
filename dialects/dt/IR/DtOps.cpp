//===- DtOps.cpp - generated op, enum and interface definitions -----------===//
//
// The hand-written parts of each op live by family: DtParamOps.cpp,
// DtDenseOps.cpp, DtConditionalOps.cpp (verifiers, type inference) and
// DtCanonicalize.cpp (folders and rewrite patterns).
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::dt;

#include "dialects/dt/IR/DtEnums.cpp.inc"
#include "dialects/dt/IR/DtInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "dialects/dt/IR/DtOps.cpp.inc"

Value dt::createActivation(OpBuilder &b, Location loc, Activation act, Value x) {
  switch (act) {
  case Activation::relu:
    return ReluOp::create(b, loc, x.getType(), x);
  case Activation::gelu:
    return GeluOp::create(b, loc, x.getType(), x, GeluApproximation::erf);
  case Activation::gelu_tanh:
    return GeluOp::create(b, loc, x.getType(), x, GeluApproximation::tanh);
  case Activation::silu:
    return SiluOp::create(b, loc, x.getType(), x);
  }
  llvm_unreachable("unknown activation");
}

