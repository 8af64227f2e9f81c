//===- DtOps.h - ops of the dt dialect --------------------------*- C++ -*-===//

#ifndef DIALECTS_DT_IR_DTOPS_H
#define DIALECTS_DT_IR_DTOPS_H

#include "dialects/dt/IR/DtDialect.h"
#include "dialects/dt/IR/DtShapeUtils.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/dt/IR/DtEnums.h.inc"
#include "dialects/dt/IR/DtInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/dt/IR/DtOps.h.inc"

namespace mlir::dt {
/// Builds the elementwise op of an expert FFN activation.
Value createActivation(OpBuilder &b, Location loc, Activation act, Value x);
} // namespace mlir::dt

#endif // DIALECTS_DT_IR_DTOPS_H
