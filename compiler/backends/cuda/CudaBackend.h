//===- CudaBackend.h - the CUDA backend -------------------------*- C++ -*-===//
//
// From linalg on tensors (the same partitioned program the CPU backend
// lowers, compiler/backends/cpu) to host code that launches PTX kernels:
//   bufferization and run-time checks              as on the CPU
//   contractions -> dtc_rt_sgemm calls              the runtime's GEMM (cuBLAS
//                                                   in a CUDA session)
//   other linalg ops -> gpu.launch -> gpu.module    dtc-cuda-linalg-to-kernels,
//                                                   outlining, one module
//   gpu.module -> NVVM -> PTX per chip              in-process (LLVM's NVPTX
//                                                   backend), no CUDA toolkit
//   host -> LLVM, launches -> dtc_rt_gpu_launch     the runtime's executor
// The host object is x86-64 code like the CPU backend's (cpu::emitObject);
// the PTX texts travel next to it in the artifact.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_BACKENDS_CUDA_CUDABACKEND_H
#define COMPILER_BACKENDS_CUDA_CUDABACKEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>
#include <vector>

namespace dtc::cuda {

/// The chips dtc compiles PTX for unless told otherwise: Ampere and Hopper.
const std::vector<std::string> &defaultChips();

/// Dialects and interfaces the CUDA pipeline needs (gpu, nvvm, the NVVM
/// target's serialisation to PTX).
void registerDialects(mlir::DialectRegistry &registry);

struct PipelineOptions {
  /// "sm_80", "sm_90", ...: one PTX text each.
  std::vector<std::string> chips = defaultChips();
  /// 0 to 3: the NVPTX backend's optimisation level.
  unsigned optLevel = 2;
};

/// Fails with an error naming the chip if `chip` is not an "sm_NN" the
/// NVPTX backend knows.
mlir::LogicalResult verifyChips(mlir::ModuleOp module,
                                const std::vector<std::string> &chips);

/// linalg on tensors -> LLVM-dialect host code plus one gpu.binary,
/// @dtc_kernels, holding a PTX text per chip.
void buildLowerToLLVM(mlir::OpPassManager &pm, const PipelineOptions &options);

struct DeviceCode {
  std::string chip;
  std::string ptx;
};

/// What the host code launches: one PTX text per chip, and the messages of
/// the run-time checks inside kernels (dtc-cuda-kernel-checks-to-flags).
struct DeviceProgram {
  std::vector<DeviceCode> code;
  std::vector<std::string> checks;
};

/// The module's gpu.binary and check messages (empty for CPU code).
mlir::FailureOr<DeviceProgram> getDeviceCode(mlir::ModuleOp module);

/// Removes what only the device code needed (the gpu.binary, the container
/// attribute), leaving host code that cpu::emitObject translates.
void stripDeviceCode(mlir::ModuleOp module);

} // namespace dtc::cuda

#endif // COMPILER_BACKENDS_CUDA_CUDABACKEND_H
