// RUN: dtc-opt %s --dtc-cuda-launches-to-calls | FileCheck %s

// A launch (operands already LLVM values) calls the runtime with the
// kernel's name, the grid and block sizes and an array of pointers to the
// arguments, built in the entry block's frame.
// CHECK-DAG: llvm.func @dtc_rt_gpu_launch(!llvm.ptr, i64, i64, i64, i64, i64, i64, i64, !llvm.ptr, i64)
// CHECK-DAG: llvm.mlir.global internal constant @__dtc_kernel_0("k\00")
// CHECK-LABEL: llvm.func @host
// CHECK-SAME: (%[[P:.*]]: !llvm.ptr, %[[N:.*]]: i64, %[[G:.*]]: i64)
// CHECK-DAG: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-DAG: %[[TWO:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-DAG: %[[ARGS:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(ptr, i64)>
// CHECK-DAG: %[[PTRS:.*]] = llvm.alloca %[[TWO]] x !llvm.ptr
// CHECK: llvm.br ^bb1
// CHECK: ^bb1:
// CHECK: %[[F0:.*]] = llvm.getelementptr %[[ARGS]][0, 0]
// CHECK: llvm.store %[[P]], %[[F0]]
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[PTRS]][0]
// CHECK: llvm.store %[[F0]], %[[S0]]
// CHECK: %[[F1:.*]] = llvm.getelementptr %[[ARGS]][0, 1]
// CHECK: llvm.store %[[N]], %[[F1]]
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[PTRS]][1]
// CHECK: llvm.store %[[F1]], %[[S1]]
// CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @__dtc_kernel_0
// CHECK: %[[NAME:.*]] = llvm.getelementptr %[[ADDR]][0, 0]
// CHECK: llvm.call @dtc_rt_gpu_launch(%[[NAME]], %[[G]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[PTRS]], %[[TWO2:.*]])
// CHECK-NOT: gpu.launch_func
module attributes {gpu.container_module} {
  llvm.func @host(%p: !llvm.ptr, %n: i64, %g: i64) {
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %c256 = llvm.mlir.constant(256 : i64) : i64
    llvm.br ^bb1
  ^bb1:
    gpu.launch_func @dtc_kernels::@k blocks in (%g, %c1, %c1) threads in (%c256, %c1, %c1) : i64 args(%p : !llvm.ptr, %n : i64)
    llvm.return
  }
  gpu.binary @dtc_kernels [#gpu.object<#nvvm.target, "PTX">]
}
