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

// A layer norm's last step: what derives only from the row's sums (the
// mean, 1/sqrt(variance + eps)) is computed once per row, before the vector
// loop; the tiles keep the element-wise rest. An integer division is not
// moved (it may trap on rows the op would not divide), nor is linalg.index.
// CHECK-LABEL: func.func @normalize
// CHECK: scf.parallel (%[[ROW:.*]]) =
// CHECK-DAG: %[[SUM:.*]] = memref.load %{{.*}}[%[[C0:.*]]] : memref<1xf32
// CHECK-DAG: %[[SQ:.*]] = memref.load %{{.*}}[%[[C0]]] : memref<1xf32
// CHECK-DAG: %[[MEAN:.*]] = arith.divf %[[SUM]], %[[N:.*]] : f32
// CHECK-DAG: %[[VAR:.*]] = arith.divf %[[SQ]], %[[N]] : f32
// CHECK: %[[EPS:.*]] = arith.addf %[[VAR]]
// CHECK: %[[STD:.*]] = math.sqrt %[[EPS]] : f32
// CHECK: scf.for
// CHECK:   linalg.generic {{.*}} ins(%{{[^,]*}} : memref<1x?xf32{{.*}}) outs(
// CHECK:   ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:     %[[CENTRED:.*]] = arith.subf %[[X]], %[[MEAN]] : f32
// CHECK:     arith.divf %[[CENTRED]], %[[STD]] : f32
// CHECK:     arith.divsi
// CHECK:     linalg.index 0
// CHECK:   attrs = {dtc.vector_tile}
func.func @normalize(%x: memref<?x?xf32>, %sum: memref<?xf32>, %sq: memref<?xf32>, %k: memref<?xi32>, %n: f32, %y: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %sum, %sq, %k, %n : memref<?x?xf32>, memref<?xf32>, memref<?xf32>, memref<?xi32>, f32) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %s: f32, %q: f32, %kk: i32, %nn: f32, %o: f32):
    %eps = arith.constant 1.0e-6 : f32
    %mean = arith.divf %s, %nn : f32
    %var = arith.divf %q, %nn : f32
    %ve = arith.addf %var, %eps : f32
    %std = math.sqrt %ve : f32
    %c = arith.subf %a, %mean : f32
    %r = arith.divf %c, %std : f32
    %seven = arith.constant 7 : i32
    %div = arith.divsi %seven, %kk : i32
    %row = linalg.index 0 : index
    %ri = arith.index_cast %row : index to i32
    %t = arith.addi %div, %ri : i32
    %tf = arith.sitofp %t : i32 to f32
    %out = arith.addf %r, %tf : f32
    linalg.yield %out : f32
  }
  return
}

// -----

// A reduction along the rows: one row per op, marked for dtc-cpu-vectorize;
// the row's mean is read once, outside the op.
// CHECK-LABEL: func.func @sum_squares
// CHECK: scf.parallel (%[[ROW:.*]]) =
// CHECK:   %[[MEAN:.*]] = memref.load %{{.*}} : memref<1xf32
// CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} ins(%{{[^,]*}} : memref<1x?xf32{{.*}}) outs({{.*}}) attrs = {dtc.vector_reduction}
// CHECK:     arith.subf %{{.*}}, %[[MEAN]] : f32
// CHECK-NOT: scf.for
func.func @sum_squares(%x: memref<?x?xf32>, %m: memref<?xf32>, %r: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x, %m : memref<?x?xf32>, memref<?xf32>) outs(%r : memref<?xf32>) {
  ^bb0(%a: f32, %mean: f32, %o: f32):
    %c = arith.subf %a, %mean : f32
    %s = arith.mulf %c, %c : f32
    %t = arith.addf %s, %o fastmath<reassoc> : f32
    linalg.yield %t : f32
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

// Left alone: a float reduction along the rows that may not be
// reassociated (dtc-cpu-reassociate-reductions did not mark it), a transposed
// read (a gather along the vector), a row shorter than a vector, a body
// that loads from memory, and a row of i1 (a byte per element in a memref,
// a bit per lane in a vector).
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.
// CHECK-NOT: dtc.vector_tile
// CHECK: return
func.func @left_alone(%x: memref<?x?xf32>, %r: memref<?xf32>, %t: memref<?x?xf32>, %s: memref<?x4xf32>, %table: memref<10xf32>, %flags: memref<?x?xi1>) {
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
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%flags : memref<?x?xi1>) outs(%t : memref<?x?xf32>) {
  ^bb0(%f: i1, %o: f32):
    %z = arith.constant 0.0 : f32
    %v = arith.select %f, %o, %z : f32
    linalg.yield %v : f32
  }
  return
}
