//===- DtDialect.h - the dt dialect -----------------------------*- C++ -*-===//

#ifndef DIALECTS_DT_IR_DTDIALECT_H
#define DIALECTS_DT_IR_DTDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "dialects/dt/IR/DtDialect.h.inc"

#endif // DIALECTS_DT_IR_DTDIALECT_H
