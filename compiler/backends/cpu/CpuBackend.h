//===- CpuBackend.h - the CPU backend ---------------------------*- C++ -*-===//
//
// From dt IR (after the dt-level pipeline) to x86-64 code:
//   dt-lower-params-and-knobs, convert-dt-to-linalg  -> linalg on tensors
//   one-shot bufferize, deallocation, loops, LLVM     -> LLVM dialect
//   translation, llvm::TargetMachine                 -> LLVM IR, object file
// This is the unoptimised path: loops are scalar, buffers are malloc'd per
// call. Tiling, vectorisation, microkernels, the arena and the runtime's C ABI
// replace those pieces in turn.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_BACKENDS_CPU_CPUBACKEND_H
#define COMPILER_BACKENDS_CPU_CPUBACKEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace dtc::cpu {

/// Dialects and interfaces the CPU pipelines need (bufferization models,
/// LLVM translation).
void registerDialects(mlir::DialectRegistry &registry);

/// dt (after the dt-level pipeline) -> linalg on tensors.
void buildLowerToLinalg(mlir::OpPassManager &pm);

/// Fails, naming each kind of op, if dt ops remain that the CPU backend
/// cannot lower yet.
mlir::LogicalResult checkNoDtOps(mlir::ModuleOp module);

/// linalg on tensors -> linalg on buffers with run-time checks as
/// dtc_rt_fail calls, contractions as dtc_rt_sgemm calls and polynomial
/// math: what the CPU and the CUDA backend share.
void buildBuffersAndChecks(mlir::OpPassManager &pm);

/// Host code (memref, math, arith, index, func, cf) -> LLVM dialect, as
/// both backends' host code needs it.
void buildHostToLLVM(mlir::OpPassManager &pm);

/// linalg on tensors -> LLVM dialect. Entry points keep the C interfaces
/// that dt-lower-params-and-knobs asked for (`_mlir_ciface_NAME`, memref
/// descriptors by pointer). With a nonzero `vectorWidth`, generated loops
/// are vectorised through the vector dialect, `vectorWidth` f32 elements at
/// a time; otherwise LLVM's loop vectoriser does it.
void buildLowerToLLVM(mlir::OpPassManager &pm, int64_t vectorWidth = 0);

/// The f32 elements that one step of a vectorised loop handles on `cpu` (as
/// ObjectOptions names it): two vector registers, 32 with AVX-512, else 16.
/// Two registers give each step two independent chains of arithmetic (a
/// GELU's polynomial is one long chain), as LLVM's interleaving does; one
/// register per step was measured slower than LLVM's loop vectoriser on
/// 1536-element rows (docs/architecture.md).
int64_t vectorStep(llvm::StringRef cpu);

/// Prints `module` (LLVM dialect) as LLVM IR.
mlir::LogicalResult emitLLVMIR(mlir::ModuleOp module, llvm::raw_ostream &os);

struct ObjectOptions {
  /// "x86-64-v3", "x86-64-v4", "native" (this machine's CPU), or any LLVM
  /// CPU name.
  std::string cpu = "x86-64-v3";
  /// 0 to 3, as -O0..-O3: LLVM's optimisation pipeline (which vectorises
  /// the loops) and code generation level.
  unsigned optLevel = 2;
};

/// Writes `module` (LLVM dialect) as an x86-64 ELF object.
mlir::LogicalResult emitObject(mlir::ModuleOp module,
                               const ObjectOptions &options,
                               llvm::raw_pwrite_stream &os);

/// The LLVM name of `cpu` ("native" becomes this machine's CPU).
std::string resolveCpu(llvm::StringRef cpu);

/// The features of `cpu` that the runtime checks before it loads code
/// (runtime/core/CpuFeatures.h).
std::vector<std::string> requiredCpuFeatures(llvm::StringRef cpu);

} // namespace dtc::cpu

#endif // COMPILER_BACKENDS_CPU_CPUBACKEND_H
