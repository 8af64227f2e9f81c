// RUN: dtc-opt %s --dtc-cuda-sync-host-accesses | FileCheck %s

// CHECK: func.func private @dtc_rt_device_sync()

// The host reads what a kernel wrote only after the stream caught up; a
// second access with nothing launched in between needs no second wait, and
// accesses inside kernels none.
// CHECK-LABEL: func.func @read_after_kernel
// CHECK: gpu.launch
// CHECK:   memref.store
// CHECK-NOT: call @dtc_rt_device_sync
// CHECK:   gpu.terminator
// CHECK: call @dtc_rt_device_sync() : () -> ()
// CHECK-NEXT: memref.load
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.addf
// CHECK-NEXT: return
func.func @read_after_kernel(%m: memref<2xf32>, %v: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    memref.store %v, %m[%c0] : memref<2xf32>
    gpu.terminator
  }
  %a = memref.load %m[%c0] : memref<2xf32>
  %b = memref.load %m[%c1] : memref<2xf32>
  %s = arith.addf %a, %b : f32
  return %s : f32
}

// A loop launches in every iteration: each iteration waits before its read.
// CHECK-LABEL: func.func @read_in_loop
// CHECK: scf.for
// CHECK:   call @dtc_rt_device_sync()
// CHECK-NEXT: memref.load
// CHECK:   gpu.launch
// CHECK:   call @dtc_rt_device_sync()
// CHECK-NEXT: memref.store
func.func @read_in_loop(%m: memref<2xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %m[%c0] : memref<2xf32>
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
      memref.store %x, %m[%c1] : memref<2xf32>
      gpu.terminator
    }
    memref.store %x, %m[%c0] : memref<2xf32>
  }
  return
}
