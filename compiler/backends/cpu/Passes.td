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

def ReadOnlyArguments : Pass<"dtc-cpu-read-only-arguments", "::mlir::ModuleOp"> {
  let summary = "Marks every entry-point argument bufferization.writable = false";
  let description = [{
    One-shot bufferization may otherwise write a result in place into a
    function argument's buffer. Entry arguments are never the code's to
    write: inputs belong to the application, and parameters point into the
    read-only mapping of the artifact. Bufferization then copies instead.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def PackedEntryPoints : Pass<"dtc-cpu-packed-entry-points", "::mlir::ModuleOp"> {
  let summary = "Adds a packed-argument wrapper for each entry point";
  let description = [{
    For each C interface `_mlir_ciface_NAME` (an entry point's), defines
    `_dtc_entry_NAME(ptr %args)`: `args[i]` points at the value of the
    interface's i-th argument (for entry points with results, the first is
    the address the results are written to). The runtime calls every entry
    point through this one signature, whatever its arity.

    ```mlir
    llvm.func @_dtc_entry_main(%args: !llvm.ptr) {
      %p0 = llvm.load %args : !llvm.ptr -> !llvm.ptr   // &results
      %a0 = llvm.load %p0 : !llvm.ptr -> !llvm.ptr
      ...
      llvm.call @_mlir_ciface_main(%a0, ...)
      llvm.return
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DTC_COMPILER_BACKENDS_CPU_PASSES_TD
