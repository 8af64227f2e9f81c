// RUN: dtc-opt %s --split-input-file --verify-diagnostics --dtc-cuda-linalg-to-kernels | FileCheck %s

// An elementwise op: one thread per element, 256 per block, over a grid of
// ceil(points / 256) blocks sized at run time; the indices come from the
// linear thread index, the innermost varying fastest.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<?x?xf32>, %[[B:.*]]: memref<?x?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[D0:.*]] = memref.dim %[[A]], %[[C0]]
// CHECK: %[[D1:.*]] = memref.dim %[[A]]
// CHECK: %[[POINTS:.*]] = arith.muli %[[D0]], %[[D1]]
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[POINTS]], %[[C0]]
// CHECK: scf.if %[[NONEMPTY]] {
// CHECK:   %[[BLOCKS:.*]] = arith.ceildivsi %[[POINTS]], %[[C256]]
// CHECK:   gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BLOCKS]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]],
// CHECK:     %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]]
// CHECK:     %[[LINEAR:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:     %[[IN:.*]] = arith.cmpi slt, %[[LINEAR]], %[[POINTS]]
// CHECK:     scf.if %[[IN]] {
// CHECK:       arith.remsi %[[LINEAR]]
// CHECK:       arith.divsi %[[LINEAR]]
// CHECK:       memref.load %[[A]]
// CHECK:       math.exp
// CHECK:       memref.store %{{.*}}, %[[B]]
// CHECK:     gpu.terminator
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%a: memref<?x?xf32>, %b: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<?x?xf32>) outs(%b : memref<?x?xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A row reduction: a thread per row, which loops over the reduced dimension.
// CHECK-LABEL: func.func @row_sum
// CHECK: gpu.launch
// CHECK:   scf.if
// CHECK:     scf.for
// CHECK:       memref.load
// CHECK:       arith.addf
// CHECK-NOT: scf.parallel
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>
func.func @row_sum(%a: memref<?x?xf32>, %b: memref<?xf32>) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<?x?xf32>) outs(%b : memref<?xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A full reduction has no parallel loop: one thread of one block.
// CHECK-LABEL: func.func @total
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C1]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]])
// CHECK:   scf.for
#in1 = affine_map<(d0) -> (d0)>
#out1 = affine_map<(d0) -> ()>
func.func @total(%a: memref<?xf32>, %b: memref<f32>) {
  linalg.generic {indexing_maps = [#in1, #out1], iterator_types = ["reduction"]}
      ins(%a : memref<?xf32>) outs(%b : memref<f32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Kernels read buffers: a linalg op on tensors (not bufferized) is an error.
func.func @on_tensors(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{was not mapped to a kernel (it is not on buffers)}}
  %0 = linalg.copy ins(%a : tensor<4xf32>) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
