// RUN: dtc-opt %s --dtc-cuda-kernel-checks-to-flags | FileCheck %s

// A failed check inside a kernel records its number in dtc_device_error
// (the first failure wins) and ends the thread before the access it
// guards; the message, passed in by the launch, goes to the module's table.
// CHECK: module attributes {dtc.device_checks = ["model.mlir:3:7: index out of bounds"], gpu.container_module}
// CHECK: gpu.module @dtc_kernels {
// CHECK: llvm.mlir.global external @dtc_device_error(0 : i32) {addr_space = 1 : i32, alignment = 4 : i64} : i32
// CHECK-NOT: @dtc_rt_fail
// CHECK-LABEL: gpu.func @k
// CHECK-DAG: %[[FLAG:.*]] = llvm.mlir.addressof @dtc_device_error : !llvm.ptr<1>
// CHECK-DAG: %[[ZERO:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-DAG: %[[ONE:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK: cf.cond_br %{{.*}}, ^[[OK:.*]], ^[[FAILED:.*]]
// CHECK: ^[[FAILED]]:
// CHECK-NEXT: llvm.cmpxchg %[[FLAG]], %[[ZERO]], %[[ONE]] monotonic monotonic
// CHECK-NEXT: gpu.return
// CHECK: ^[[OK]]:
// CHECK-NEXT: memref.store
module attributes {gpu.container_module} {
  llvm.mlir.global internal constant @__dtc_check_0("model.mlir:3:7: index out of bounds\00") {addr_space = 0 : i32}
  func.func private @dtc_rt_fail(!llvm.ptr)
  func.func @host(%m: memref<?xf32>, %i: index) {
    %c1 = arith.constant 1 : index
    %p = llvm.mlir.addressof @__dtc_check_0 : !llvm.ptr
    %msg = llvm.getelementptr %p[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<36 x i8>
    gpu.launch_func @dtc_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<?xf32>, %i : index, %msg : !llvm.ptr)
    return
  }
  gpu.module @dtc_kernels {
    func.func private @dtc_rt_fail(!llvm.ptr)
    gpu.func @k(%m: memref<?xf32>, %i: index, %msg: !llvm.ptr) kernel {
      %c0 = arith.constant 0 : index
      %n = memref.dim %m, %c0 : memref<?xf32>
      %ok = arith.cmpi ult, %i, %n : index
      cf.cond_br %ok, ^bb2, ^bb1
    ^bb1:
      func.call @dtc_rt_fail(%msg) : (!llvm.ptr) -> ()
      cf.br ^bb2
    ^bb2:
      %zero = arith.constant 0.0 : f32
      memref.store %zero, %m[%i] : memref<?xf32>
      gpu.return
    }
  }
}
