//===- Driver.h - the dtc compiler as a library -----------------*- C++ -*-===//
//
// `dtc` is a thin main over compile(): the same compiler is usable from tests
// and other tools. Today it runs the dt-level pipeline (weights bound, layers
// inlined, knobs fixed, shapes refined) and emits dt IR; code generation and
// the .dtb artifact attach after it.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_DRIVER_DRIVER_H
#define COMPILER_DRIVER_DRIVER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/SourceMgr.h"

#include <string>
#include <vector>

namespace dtc {

struct CompileOptions {
  /// The .safetensors file bound to the model's parameters; empty to leave
  /// parameter shapes as declared.
  std::string weightsFile;
  /// NAME=VALUE knobs fixed at compile time.
  std::vector<std::string> fixedKnobs;
  /// Extra passes (a textual pipeline without the builtin.module wrapper),
  /// run after the dt-level pipeline; plugin passes go here.
  std::string extraPasses;
};

/// Adds the dt-level pipeline for `options` to `pm` (anchored on a module).
mlir::LogicalResult buildDtPipeline(mlir::PassManager &pm,
                                    const CompileOptions &options);

/// Parses `sourceMgr`'s main file, runs the dt-level pipeline and returns the
/// module; diagnostics go to the context's handler. Parsing and each pass are
/// timed under `timing` (a no-op scope unless timing is enabled).
mlir::OwningOpRef<mlir::ModuleOp> compileToDt(llvm::SourceMgr &sourceMgr,
                                              mlir::MLIRContext &context,
                                              const CompileOptions &options,
                                              mlir::TimingScope &timing);

} // namespace dtc

#endif // COMPILER_DRIVER_DRIVER_H
