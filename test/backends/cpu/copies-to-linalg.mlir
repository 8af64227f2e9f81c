// RUN: dtc-opt %s --dtc-cpu-copies-to-linalg | FileCheck %s

// A copy between strided views becomes a linalg.copy (plain loops later),
// not a call into MLIR's runner library.
// CHECK-LABEL: func.func @strided
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xf32, strided<[8, 1], offset: ?>>) outs(%{{.*}} : memref<2x3xf32>)
func.func @strided(%src: memref<2x3xf32, strided<[8, 1], offset: ?>>, %dst: memref<2x3xf32>) {
  memref.copy %src, %dst : memref<2x3xf32, strided<[8, 1], offset: ?>> to memref<2x3xf32>
  return
}
