//===- Passes.h - dtc compiler passes ---------------------------*- C++ -*-===//

#ifndef COMPILER_TRANSFORMS_PASSES_H
#define COMPILER_TRANSFORMS_PASSES_H

#include "dialects/dt/IR/DtDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::dt {

#define GEN_PASS_DECL
#include "compiler/transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/transforms/Passes.h.inc"

} // namespace mlir::dt

#endif // COMPILER_TRANSFORMS_PASSES_H
