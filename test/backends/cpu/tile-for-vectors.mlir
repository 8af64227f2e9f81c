// RUN: dtc-opt %s --pass-pipeline='builtin.module(func.func(dtc-cpu-tile-for-vectors{vector-width=8}))' --split-input-file | FileCheck %s

// Rows in parallel, then the row in steps of 8 with the partial step peeled
// off; the bias is broadcast along the rows. Both tiles are marked.
// CHECK-LABEL: func.func @bias
// CHECK: scf.parallel (%[[ROW:.*]]) =
// CHECK:   scf.for %[[COL:.*]] = %{{.*}} to %[[FULL:.*]] step %[[C8:.*]] {
// CHECK:     memref.subview %{{.*}}[0, %[[COL]]] [1, %{{.*}}]
// CHECK:     linalg.generic {{.*}} attrs = {dtc.vector_tile}
// CHECK:   scf.for %{{.*}} = %[[FULL]] to %{{.*}} step %[[C8]] {
// CHECK:     linalg.generic {{.*}} attrs = {dtc.vector_tile}
func.func @bias(%x: memref<?x?xf32>, %b: memref<?xf32>, %y: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// An outer reduction is a sequential loop around the vector steps.
// CHECK-LABEL: func.func @column_sums
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK:   scf.for %{{.*}} step %{{.*}} {
// CHECK:     linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]{{.*}} attrs = {dtc.vector_tile}
func.func @column_sums(%x: memref<?x384xf32>, %y: memref<384xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%x : memref<?x384xf32>) outs(%y : memref<384xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Left alone: a reduction along the rows (LLVM vectorises it), a transposed
// read (a gather along the vector), a row shorter than a vector, and a body
// that loads from memory.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.
// CHECK-NOT: dtc.vector_tile
// CHECK: return
func.func @left_alone(%x: memref<?x?xf32>, %r: memref<?xf32>, %t: memref<?x?xf32>, %s: memref<?x4xf32>, %table: memref<10xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x?xf32>) outs(%r : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.addf %a, %o : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : memref<?x?xf32>) outs(%t : memref<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%s : memref<?x4xf32>) {
  ^bb0(%o: f32):
    %n = arith.negf %o : f32
    linalg.yield %n : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%t : memref<?x?xf32>) {
  ^bb0(%o: f32):
    %c0 = arith.constant 0 : index
    %v = memref.load %table[%c0] : memref<10xf32>
    linalg.yield %v : f32
  }
  return
}
