// RUN: dtc-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(dtc-cuda-kernels-to-nvvm))' | FileCheck %s

// Math the NVPTX backend has instructions for stays an LLVM intrinsic, not a
// call into libdevice; thread and block indices become NVVM registers.
// CHECK-LABEL: llvm.func @k
// CHECK-SAME: nvvm.kernel
// CHECK-NOT: __nv_
// CHECK-DAG: nvvm.read.ptx.sreg.ctaid.x
// CHECK-DAG: nvvm.read.ptx.sreg.tid.x
// CHECK-DAG: llvm.intr.sqrt
// CHECK-DAG: llvm.intr.fabs
// CHECK-DAG: llvm.intr.ceil
// CHECK-DAG: llvm.fdiv
// CHECK-NOT: __nv_
gpu.module @kernels {
  gpu.func @k(%m: memref<?xf32>) kernel {
    %b = gpu.block_id x
    %t = gpu.thread_id x
    %i = arith.addi %b, %t : index
    %x = memref.load %m[%i] : memref<?xf32>
    %r = math.rsqrt %x : f32
    %s = math.sqrt %r : f32
    %a = math.absf %s : f32
    %c = math.ceil %a : f32
    memref.store %c, %m[%i] : memref<?xf32>
    gpu.return
  }
}

// -----

// A transcendental function would need libdevice: dtc expands them into
// polynomials first (dtc-cpu-approximate-math), and names any left over.
gpu.module @kernels {
  gpu.func @k(%m: memref<?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %m[%c0] : memref<?xf32>
    // expected-error @below {{failed to legalize operation 'math.sin'}}
    %y = math.sin %x : f32
    memref.store %y, %m[%c0] : memref<?xf32>
    gpu.return
  }
}
