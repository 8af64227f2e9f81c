// RUN: dtc-opt %s --dtc-cpu-read-only-arguments | FileCheck %s
// RUN: dtc-opt %s --dtc-cpu-read-only-arguments | mlir-opt --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s --check-prefix=BUFFERS

// Tensor arguments of entry points become read-only; scalars and private
// functions are left alone.
// CHECK-LABEL: func.func @main
// CHECK-SAME: tensor<4xf32> {bufferization.writable = false}
// CHECK-SAME: %{{.*}}: f32)
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: writable
func.func @main(%x: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %r = tensor.insert %s into %x[%c0] : tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// Writing into the input now goes through a copy.
// BUFFERS-LABEL: func.func @main
// BUFFERS: %[[COPY:.*]] = memref.alloc
// BUFFERS: memref.copy %{{.*}}, %[[COPY]]
// BUFFERS: memref.store %{{.*}}, %[[COPY]]
