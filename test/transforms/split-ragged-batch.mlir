// RUN: dtc-opt %s --split-input-file --verify-diagnostics --dt-split-ragged-batch --canonicalize --cse | FileCheck %s

dt.param @w : tensor<8x8xf32>

// What precedes the selection stays batched; the rest runs per sample, first
// for the sample with the largest rate (whose results fix the output
// extents), then for every other one. The kept positions are padded with -1,
// the tokens with 0.
// CHECK-LABEL: func.func @split
// CHECK-SAME: (%[[X:.*]]: tensor<?x17x8xf32>, %[[S:.*]]: tensor<?x17xf32>, %[[R:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[PAD:.*]] = arith.constant -1 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = dt.exp %[[X]]
// CHECK: %[[B:.*]] = tensor.dim %[[E]], %c0
// CHECK: cf.assert %{{.*}}, "dt.select_tokens: the per-sample rates must have one entry per sample"
// CHECK: cf.assert %{{.*}}, "dt.select_tokens: per-sample rates need at least one sample"
// CHECK: %[[WIDEST:.*]]:2 = scf.for %[[I:.*]] = %c0 to %[[B]]
// CHECK:   tensor.extract %[[R]][%[[I]]]
// CHECK:   cf.assert %{{.*}}, "dt.select_tokens: a per-sample keep rate lies outside (0, 1]"
// CHECK:   arith.cmpf ogt
// CHECK: %[[XW:.*]] = tensor.extract_slice %[[E]][%[[WIDEST]]#0, 0, 0] [1, 17, 8]
// CHECK: %[[RW:.*]] = tensor.extract %[[R]][%[[WIDEST]]#0]
// CHECK: %[[YW:.*]], %[[IW:.*]] = dt.select_tokens %{{.*}}, %{{.*}}, %[[RW]] prefix 1 : (tensor<?x17x8xf32>, tensor<?x17xf32>, f32)
// CHECK: %[[ZW:.*]] = dt.linear %[[YW]]
// CHECK: %[[MW:.*]] = dt.reduce_mean %[[ZW]] [1]
// CHECK: %[[K:.*]] = tensor.dim %[[ZW]], %c1
// CHECK: %[[Z0:.*]] = tensor.empty(%[[B]], %[[K]]) : tensor<?x?x8xf32>
// CHECK: linalg.fill ins(%[[ZERO]] : f32)
// CHECK: tensor.insert_slice %[[ZW]] into %{{.*}}[%[[WIDEST]]#0, 0, 0]
// CHECK: linalg.fill ins(%[[PAD]] : i64)
// CHECK: tensor.insert_slice %[[IW]] into %{{.*}}[%[[WIDEST]]#0, 0]
// CHECK: tensor.insert_slice %[[MW]] into %{{.*}}[%[[WIDEST]]#0, 0]
// CHECK: %[[OUT:.*]]:3 = scf.for %[[J:.*]] = %c0 to %[[B]] step %c1 iter_args
// CHECK:   %[[OTHER:.*]] = arith.cmpi ne, %[[J]], %[[WIDEST]]#0
// CHECK:   scf.if %[[OTHER]]
// CHECK:     tensor.extract_slice %[[E]][%[[J]], 0, 0] [1, 17, 8]
// CHECK:     %[[Y:.*]], %[[IDX:.*]] = dt.select_tokens
// CHECK:     %[[Z:.*]] = dt.linear %[[Y]]
// A narrower sample fits; a wider one (possible after a second per-sample
// selection) first grows the result, padding the new room.
// CHECK:     %[[GROWS:.*]] = arith.cmpi ult
// CHECK:     %[[GROWN:.*]] = scf.if %[[GROWS]]
// CHECK:       linalg.fill ins(%[[ZERO]] : f32)
// CHECK:     tensor.insert_slice %[[Z]] into %[[GROWN]][%[[J]], 0, 0]
// CHECK:     tensor.insert_slice %[[IDX]] into %{{.*}}[%[[J]], 0]
// CHECK: return %[[OUT]]#0, %[[OUT]]#1, %[[OUT]]#2
func.func @split(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>, tensor<?x8xf32>) {
  %e = dt.exp %x : tensor<?x17x8xf32>
  %y, %idx = dt.select_tokens %e, %s, %r prefix 1 : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  %w = dt.param_load @w : tensor<8x8xf32>
  %z = dt.linear %y, %w : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32>
  %m = dt.reduce_mean %z [1] : (tensor<?x?x8xf32>) -> tensor<?x8xf32>
  return %z, %idx, %m : tensor<?x?x8xf32>, tensor<?x?xi64>, tensor<?x8xf32>
}

// A scalar rate is left alone.
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: scf.for
// CHECK: dt.select_tokens
func.func @scalar(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: f32) -> tensor<?x?x8xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<?x17x8xf32>, tensor<?x17xf32>, f32) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  return %y : tensor<?x?x8xf32>
}

// A second per-sample selection after the first sees one sample: row 0 of
// its sliced rates. The class token broadcast to every sample (sized by the
// batch extent) is per sample, and is sliced too.
// CHECK-LABEL: func.func @twice
// CHECK: scf.for
// CHECK: %[[R2:.*]] = tensor.extract_slice %{{.*}}[%[[W:.*]]#0] [1] [1] : tensor<?xf32> to tensor<1xf32>
// CHECK: dt.select_tokens %{{.*}}, %{{.*}}, %{{.*}} prefix 1 : ({{.*}}, f32)
// CHECK: %[[R20:.*]] = tensor.extract %[[R2]][%c0]
// CHECK: dt.select_tokens %{{.*}}, %{{.*}}, %[[R20]] : ({{.*}}, f32)
func.func @twice(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>, %r2: tensor<?xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %x, %c0 : tensor<?x17x8xf32>
  %t = dt.param_load @w : tensor<8x8xf32>
  %tb = dt.broadcast %t sizes(%b) : tensor<8x8xf32> -> tensor<?x8x8xf32>
  %y, %idx = dt.select_tokens %x, %s, %r prefix 1 : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  %yc = dt.concat %tb, %y axis 1 : (tensor<?x8x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %sc = dt.reduce_sum %yc [2] : (tensor<?x?x8xf32>) -> tensor<?x?xf32>
  %z, %zi = dt.select_tokens %yc, %sc, %r2 : (tensor<?x?x8xf32>, tensor<?x?xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  return %z : tensor<?x?x8xf32>
}

// -----

// Ops that mix samples cannot run per sample.
func.func @mixes(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>) -> tensor<?x8xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  // expected-error @below {{cannot run per sample after a selection with per-sample rates: 'dt.reduce_mean' reduces over the batch axis}}
  %m = dt.reduce_mean %y [0] : (tensor<?x?x8xf32>) -> tensor<?x8xf32>
  return %m : tensor<?x8xf32>
}

// -----

func.func @callee(%y: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  // expected-error @below {{'dt.softmax' works along the batch axis}}
  %p = dt.softmax %y {axis = 0 : i64} : tensor<?x?x8xf32>
  return %p : tensor<?x?x8xf32>
}
// Functions called after the selection are checked too.
func.func @calls(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>) -> tensor<?x?x8xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  %p = func.call @callee(%y) : (tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %p : tensor<?x?x8xf32>
}

// -----

func.func @moe(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>, %router: tensor<4x8xf32>, %up: tensor<4x16x8xf32>, %down: tensor<4x8x16xf32>) -> tensor<?x?x8xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  %k = arith.constant 2 : i64
  // expected-error @below {{'dt.moe' shares its expert capacity across the batch}}
  %o = dt.moe %y router %router up %up down %down top_k %k gate softmax_topk activation gelu {capacity_factor = 1.0 : f32} : (tensor<?x?x8xf32>, tensor<4x8xf32>, tensor<4x16x8xf32>, tensor<4x8x16xf32>, i64) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// -----

func.func @nested(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: tensor<?xf32>, %n: index) -> tensor<?x17x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %o = scf.for %i = %c0 to %n step %c1 iter_args(%t = %x) -> tensor<?x17x8xf32> {
    // expected-error @below {{a selection with per-sample rates must sit at the top level of its function, not inside 'scf.for'}}
    %y, %idx = dt.select_tokens %t, %s, %r : (tensor<?x17x8xf32>, tensor<?x17xf32>, tensor<?xf32>) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
    %b = dt.restore_tokens %y, %idx into %t : (tensor<?x?x8xf32>, tensor<?x?xi64>, tensor<?x17x8xf32>) -> tensor<?x17x8xf32>
    scf.yield %b : tensor<?x17x8xf32>
  }
  return %o : tensor<?x17x8xf32>
}

// -----

func.func @static_batch(%x: tensor<2x17x8xf32>, %s: tensor<2x17xf32>, %r: tensor<2xf32>) -> tensor<2x?x8xf32> {
  // expected-error @below {{per-sample rates need a dynamic batch dimension, but an operand has type 'tensor<2x17x8xf32>'}}
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<2x17x8xf32>, tensor<2x17xf32>, tensor<2xf32>) -> (tensor<2x?x8xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x8xf32>
}
