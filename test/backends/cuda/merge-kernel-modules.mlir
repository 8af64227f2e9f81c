// RUN: dtc-opt %s --split-input-file --verify-diagnostics --dtc-cuda-merge-kernel-modules | FileCheck %s

// Outlining names every kernel after its function; merged, each takes its
// module's unique name, and shared declarations stay once.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: func.func @f
// CHECK:   gpu.launch_func @dtc_kernels::@f_kernel blocks
// CHECK:   gpu.launch_func @dtc_kernels::@f_kernel_0 blocks
// CHECK: gpu.module @dtc_kernels {
// CHECK-DAG: gpu.func @f_kernel(%{{.*}}: memref<?xf32>) kernel
// CHECK-DAG: gpu.func @f_kernel_0(%{{.*}}: memref<?xf32>) kernel
// CHECK-DAG: func.func private @helper(f32) -> f32
// CHECK-NOT: func.func private @helper
// CHECK-NOT: gpu.module
module attributes {gpu.container_module} {
  func.func @f(%m: memref<?xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @f_kernel::@f_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<?xf32>)
    gpu.launch_func @f_kernel_0::@f_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<?xf32>)
    return
  }
  gpu.module @f_kernel {
    func.func private @helper(f32) -> f32
    gpu.func @f_kernel(%m: memref<?xf32>) kernel {
      gpu.return
    }
  }
  gpu.module @f_kernel_0 {
    func.func private @helper(f32) -> f32
    gpu.func @f_kernel(%m: memref<?xf32>) kernel {
      gpu.return
    }
  }
}

// -----

// Two modules that disagree on a symbol cannot share one module.
module attributes {gpu.container_module} {
  gpu.module @a {
    func.func private @helper(f32) -> f32
  }
  gpu.module @b {
    // expected-error @below {{'helper' differs between kernel modules}}
    func.func private @helper(f64) -> f64
  }
}
