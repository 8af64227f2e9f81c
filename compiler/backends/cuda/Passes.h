//===- Passes.h - passes of the CUDA backend --------------------*- C++ -*-===//

#ifndef COMPILER_BACKENDS_CUDA_PASSES_H
#define COMPILER_BACKENDS_CUDA_PASSES_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Pass/Pass.h"

namespace dtc::cuda {

#define GEN_PASS_DECL
#include "compiler/backends/cuda/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/backends/cuda/Passes.h.inc"

} // namespace dtc::cuda

#endif // COMPILER_BACKENDS_CUDA_PASSES_H
