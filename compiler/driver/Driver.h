//===- Driver.h - the dtc compiler as a library -----------------*- C++ -*-===//
//
// `dtc` is a thin main over compile(): the same compiler is usable from tests
// and other tools. It runs the dt-level pipeline (weights bound, layers
// inlined, knobs fixed, shapes refined), then as far as asked the CPU
// or the CUDA backend (compiler/backends/cpu, cuda); the .dtb artifact attaches after it.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_DRIVER_DRIVER_H
#define COMPILER_DRIVER_DRIVER_H

#include "compiler/backends/cuda/CudaBackend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/SourceMgr.h"

#include <functional>
#include <string>
#include <vector>

namespace dtc {

/// How far compile() lowers the model.
enum class Stage {
  /// dt IR after the dt-level pipeline.
  Dt,
  /// linalg on tensors: every dt op lowered, parameters and knobs are
  /// entry-point arguments.
  Linalg,
  /// The LLVM dialect, ready for translation to LLVM IR and object code.
  LLVM,
};

/// Where the compiled code runs.
enum class Target {
  /// x86-64 host code only (compiler/backends/cpu).
  Cpu,
  /// x86-64 host code that launches PTX kernels (compiler/backends/cuda).
  Cuda,
};

struct CompileOptions {
  Stage stage = Stage::Dt;
  Target target = Target::Cpu;
  /// The CUDA backend's chips and code generation level.
  cuda::PipelineOptions cuda;
  /// The CPU the host code is for (cpu::ObjectOptions::cpu): its vector
  /// width shapes the generated loops.
  std::string cpu = "x86-64-v3";
  /// Vectorise generated loops through the vector dialect (dtc
  /// --vectorizer=vector-dialect) rather than leave them to LLVM's loop
  /// vectoriser (--vectorizer=llvm).
  bool vectorDialect = true;
  /// The .safetensors file bound to the model's parameters; empty to leave
  /// parameter shapes as declared.
  std::string weightsFile;
  /// NAME=VALUE knobs fixed at compile time.
  std::vector<std::string> fixedKnobs;
  /// Extra passes (a textual pipeline without the builtin.module wrapper),
  /// run after the dt-level pipeline; plugin passes go here.
  std::string extraPasses;
  /// Called with the module each time it reaches a stage on the way to
  /// `stage` (the artifact builder reads what lowering will erase); a
  /// failure stops compilation.
  std::function<mlir::LogicalResult(mlir::ModuleOp, Stage)> onStage;
};

/// Adds the dt-level pipeline for `options` to `pm` (anchored on a module).
mlir::LogicalResult buildDtPipeline(mlir::PassManager &pm,
                                    const CompileOptions &options);

/// Parses `sourceMgr`'s main file and lowers it to `options.stage`;
/// diagnostics go to the context's handler. Parsing and each pass are timed
/// under `timing` (a no-op scope unless timing is enabled). If `pipeline` is
/// given, the textual pipelines that ran are appended to it, one per line.
mlir::OwningOpRef<mlir::ModuleOp> compile(llvm::SourceMgr &sourceMgr,
                                          mlir::MLIRContext &context,
                                          const CompileOptions &options,
                                          mlir::TimingScope &timing,
                                          std::string *pipeline = nullptr);

} // namespace dtc

#endif // COMPILER_DRIVER_DRIVER_H
