//===- Passes.td - passes of the CPU backend ---------------*- tablegen -*-===//

#ifndef DTC_COMPILER_BACKENDS_CPU_PASSES_TD
#define DTC_COMPILER_BACKENDS_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def CopiesToLinalg : Pass<"dtc-cpu-copies-to-linalg"> {
  let summary = "Rewrites memref.copy as linalg.copy";
  let description = [{
    A memref.copy between strided views (what bufferised concats and slices
    produce) would lower to a call into MLIR's runner library, which the
    runtime must not depend on; as linalg.copy it becomes plain loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // DTC_COMPILER_BACKENDS_CPU_PASSES_TD
