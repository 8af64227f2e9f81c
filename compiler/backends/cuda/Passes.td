//===- Passes.td - passes of the CUDA backend --------------*- tablegen -*-===//

#ifndef DTC_COMPILER_BACKENDS_CUDA_PASSES_TD
#define DTC_COMPILER_BACKENDS_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def LinalgToKernels : Pass<"dtc-cuda-linalg-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Runs each linalg op on buffers as a gpu.launch, one thread per point of its leading parallel loops";
  let description = [{
    Each linalg op of the host code (on memrefs; contractions were already
    given to the runtime's GEMM) becomes its loop nest inside a
    `gpu.launch` of 256-thread blocks. The op's leading parallel loops are
    flattened: thread `blockIdx.x * 256 + threadIdx.x` computes the point of
    that linear index (the innermost loop varies fastest, so neighbouring
    threads touch neighbouring elements), and runs the op's remaining loops
    (reductions, and parallel loops after one) itself. The sizes are run-time
    values: the grid is `ceil(points / 256)` blocks, threads past the last
    point do nothing, and an op with no points launches nothing. An op whose
    first loop is a reduction runs on one thread.

    ```mlir
    linalg.generic ... ins(%a : memref<?x384xf32>) outs(%b : memref<?x384xf32>)
    // becomes
    scf.if %points_nonzero {
      gpu.launch blocks(%bx, ...) in (%gx = %blocks, ...) threads(%tx, ...) in (%c256, ...) {
        // %i, %j from the linear index; the body, when it is in range
      }
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect"];
}

def SyncHostAccesses : Pass<"dtc-cuda-sync-host-accesses", "::mlir::ModuleOp"> {
  let summary = "Waits for launched kernels before the host code reads or writes a buffer";
  let description = [{
    Kernels run asynchronously on the session's stream. Host code that loads
    or stores a buffer element itself (a per-sample rate, an exit decision,
    a run-time check) must first wait for the kernels that wrote it: each such
    `memref.load` or `memref.store` outside a kernel gets a call of the
    runtime's `dtc_rt_device_sync` before it, unless the same block already
    synchronised with no launch or call in between.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def MergeKernelModules : Pass<"dtc-cuda-merge-kernel-modules", "::mlir::ModuleOp"> {
  let summary = "Moves every outlined kernel into one gpu.module, @dtc_kernels";
  let description = [{
    `gpu-kernel-outlining` gives each kernel a module of its own (and the
    same function name in each). One module compiles to one PTX text per
    chip, which the runtime loads once per session. Each kernel takes its old
    module's (unique) name; launches are updated; declarations that several
    modules share are kept once.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def KernelChecksToFlags : Pass<"dtc-cuda-kernel-checks-to-flags", "::mlir::ModuleOp"> {
  let summary = "Turns failed run-time checks inside kernels into an error code the runtime reads";
  let description = [{
    A kernel cannot call the runtime's `dtc_rt_fail` (host code), and a trap
    would leave the CUDA context unusable. Instead, each
    `func.call @dtc_rt_fail(%message)` inside a kernel of `@dtc_kernels`
    stores the check's number into the kernel module's global
    `dtc_device_error` (the first failure wins, by compare-and-swap) and ends
    the thread, so that it never makes the access the check guarded:

    ```mlir
    %flag = llvm.mlir.addressof @dtc_device_error : !llvm.ptr<1>
    %old = llvm.cmpxchg %flag, %c0, %c3 monotonic monotonic : !llvm.ptr<1>, i32
    gpu.return
    ```

    The messages, found through the launches that pass them, are listed in
    the module attribute `dtc.device_checks` (number N is entry N - 1); the
    runtime reads the global when it synchronises and turns a non-zero
    value into the error value of the run, with that message.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::gpu::GPUDialect"];
}

def KernelsToNVVM : Pass<"dtc-cuda-kernels-to-nvvm", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Lowers the kernels of a gpu.module to the LLVM and NVVM dialects, without libdevice";
  let description = [{
    As upstream's `convert-gpu-to-nvvm`, except that math ops lower to LLVM
    intrinsics that the NVPTX backend implements with instructions (`sqrt`,
    `fabs`, `ceil`, `floor`, `fma`, `minnum`, ...) instead of calls into
    CUDA's libdevice. The transcendental functions were already expanded
    into polynomials (dtc-cpu-approximate-math), as on the CPU, so the PTX
    needs no bitcode library from the CUDA toolkit and both targets compute
    the same approximations. Any op that would still need a library call is
    an error naming it.
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", "64",
           "Bit width of the index type in kernels">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

def LaunchesToCalls : Pass<"dtc-cuda-launches-to-calls", "::mlir::ModuleOp"> {
  let summary = "Lowers gpu.launch_func (after gpu-to-llvm) to the runtime's dtc_rt_gpu_launch";
  let description = [{
    Runs on LLVM-dialect host code, after `gpu-to-llvm` gave each launch's
    operands their LLVM types. Each `gpu.launch_func @dtc_kernels::@K`
    becomes

    ```mlir
    llvm.call @dtc_rt_gpu_launch(%name, %gx, %gy, %gz, %bx, %by, %bz,
                                 %shared_bytes, %params, %count)
    ```

    with `%name` the constant string "K" and `%params` an array of pointers
    to the kernel's arguments (the CUDA driver's `kernelParams`). The runtime
    loads the artifact's PTX once per session and launches on the session's
    stream; the host code never sees a CUDA handle, so the same host object
    serves any device the runtime picks.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DTC_COMPILER_BACKENDS_CUDA_PASSES_TD
