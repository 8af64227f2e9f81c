// RUN: dtc-opt %s --pass-pipeline='builtin.module(func.func(dtc-cpu-tile-for-vectors{vector-width=8},dtc-cpu-vectorize{vector-width=8}))' --split-input-file | FileCheck %s

// Full tiles: unmasked loads and stores of vector<8xf32>; the bias row is
// read along the vector, the per-row scale (loaded once per row) broadcast;
// linalg.index becomes a vector.step offset by the tile's start. The
// partial tile is masked to what is left of the row.
// CHECK-LABEL: func.func @scale_rows
// CHECK: scf.parallel
// CHECK:   %[[SCALE:.*]] = memref.load
// CHECK:   scf.for %[[COL:.*]] =
// CHECK:     %[[X:.*]] = vector.load {{.*}} vector<8xf32>
// CHECK:     %[[B:.*]] = vector.load {{.*}} vector<8xf32>
// CHECK:     vector.step : vector<8xindex>
// CHECK:     vector.broadcast %[[COL]] : index to vector<8xindex>
// CHECK:     vector.broadcast %[[SCALE]] : f32 to vector<8xf32>
// CHECK:     arith.mulf
// CHECK:     vector.store %{{.*}} : {{.*}}, vector<8xf32>
// CHECK:   scf.for
// CHECK:     %[[MASK:.*]] = vector.create_mask %{{.*}} : vector<8xi1>
// CHECK:     vector.maskedload %{{.*}}, %[[MASK]]
// CHECK:     vector.maskedstore
// CHECK-NOT: linalg.generic
func.func @scale_rows(%x: memref<?x?xf32>, %b: memref<?xf32>, %r: memref<?xf32>, %y: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b, %r : memref<?x?xf32>, memref<?xf32>, memref<?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %s: f32, %o: f32):
    %i = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %p = arith.addf %a, %c : f32
    %m = arith.mulf %p, %s : f32
    %t = arith.addf %m, %f : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// A static row of 197: 24 full tiles, then one static tile of 5, which
// needs no mask.
// CHECK-LABEL: func.func @static_row
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C192:.*]] step
// CHECK:   vector.load {{.*}} vector<8xf32>
// CHECK: vector.load {{.*}} vector<5xf32>
// CHECK-NOT: mask
// CHECK: return
func.func @static_row(%x: memref<?x197xf32>, %y: memref<?x197xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : memref<?x197xf32>) outs(%y : memref<?x197xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %a : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A fill of a scalar: a broadcast stored a vector at a time.
// CHECK-LABEL: func.func @fill
// CHECK: %[[V:.*]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK: vector.store %[[V]]
func.func @fill(%y: memref<?x64xf32>, %v: f32) {
  linalg.fill ins(%v : f32) outs(%y : memref<?x64xf32>)
  return
}

// -----

// A reduction along dynamic rows: a loop carrying 8 partial sums from the
// neutral element, a masked step whose lanes past the row's end keep their
// sums, one reduction across the lanes into what the output held.
// CHECK-LABEL: func.func @sum_squares
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK: scf.parallel
// CHECK:   %[[MEAN:.*]] = memref.load
// CHECK:   %[[SUMS:.*]] = scf.for %[[COL:.*]] = %{{.*}} to %[[FULL:.*]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (vector<8xf32>) {
// CHECK:     %[[X:.*]] = vector.load %{{.*}}[%{{.*}}, %[[COL]]] {{.*}} vector<8xf32>
// CHECK:     %[[M:.*]] = vector.broadcast %[[MEAN]] : f32 to vector<8xf32>
// CHECK:     %[[C:.*]] = arith.subf %[[X]], %[[M]] : vector<8xf32>
// CHECK:     %[[S:.*]] = arith.mulf %[[C]], %[[C]] : vector<8xf32>
// CHECK:     %[[NEXT:.*]] = arith.addf %[[S]], %[[ACC]] fastmath<reassoc> : vector<8xf32>
// CHECK:     scf.yield %[[NEXT]]
// CHECK:   %[[LEFT:.*]] = arith.subi %{{.*}}, %[[FULL]] : index
// CHECK:   %[[MASK:.*]] = vector.create_mask %[[LEFT]] : vector<8xi1>
// CHECK:   vector.maskedload %{{.*}}[%{{.*}}, %[[FULL]]], %[[MASK]]
// CHECK:   %[[LAST:.*]] = arith.addf %{{.*}}, %[[SUMS]] fastmath<reassoc> : vector<8xf32>
// CHECK:   %[[ALL:.*]] = arith.select %[[MASK]], %[[LAST]], %[[SUMS]]
// CHECK:   %[[PRIOR:.*]] = memref.load
// CHECK:   %[[SUM:.*]] = vector.reduction <add>, %[[ALL]], %[[PRIOR]] fastmath<reassoc> : vector<8xf32> into f32
// CHECK:   memref.store %[[SUM]]
// CHECK-NOT: linalg.generic
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

// A maximum over static rows of 384 (a multiple of 8): from -inf, no
// masked step.
// CHECK-LABEL: func.func @row_max
// CHECK: %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[NEG_INF]])
// CHECK:   arith.maximumf {{.*}} : vector<8xf32>
// CHECK-NOT: mask
// CHECK: vector.reduction <maximumf>
func.func @row_max(%x: memref<?x384xf32>, %r: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x384xf32>) outs(%r : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = arith.maximumf %a, %o fastmath<reassoc> : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// An integer sum over a whole vector (no outer dimension) needs no
// reassociation flag.
// CHECK-LABEL: func.func @count
// CHECK: scf.for {{.*}} -> (vector<8xi32>)
// CHECK: vector.reduction <add>, %{{.*}}, %{{.*}} : vector<8xi32> into i32
func.func @count(%x: memref<?xi32>, %r: memref<i32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%x : memref<?xi32>) outs(%r : memref<i32>) {
  ^bb0(%a: i32, %o: i32):
    %t = arith.addi %a, %o : i32
    linalg.yield %t : i32
  }
  return
}
