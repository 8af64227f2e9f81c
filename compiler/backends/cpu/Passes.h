//===- Passes.h - passes of the CPU backend ---------------------*- C++ -*-===//

#ifndef COMPILER_BACKENDS_CPU_PASSES_H
#define COMPILER_BACKENDS_CPU_PASSES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Pass/Pass.h"

namespace dtc::cpu {

#define GEN_PASS_DECL
#include "compiler/backends/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/backends/cpu/Passes.h.inc"

/// Marks a linalg op that covers one vector's width of its innermost
/// dimension (dtc-cpu-tile-for-vectors), for dtc-cpu-vectorize.
inline constexpr llvm::StringLiteral kVectorTileAttr = "dtc.vector_tile";

/// Marks one row of a reduction along the innermost dimension
/// (dtc-cpu-tile-for-vectors), for dtc-cpu-vectorize.
inline constexpr llvm::StringLiteral kVectorReductionAttr =
    "dtc.vector_reduction";

} // namespace dtc::cpu

#endif // COMPILER_BACKENDS_CPU_PASSES_H
