// RUN: dtc-opt %s --dt-lower-early-exit --split-input-file --verify-diagnostics | FileCheck %s

// max_prob: stage 0 runs before the loop; after each head, the softmax's
// maximum feeds a per-row decision; leavers write their row of the results,
// stayers are listed and the inputs are gathered to them; the loop runs
// while a stage and a sample are left.
// CHECK-LABEL: func.func @max_prob
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[T:.*]]: f32, %[[N:.*]]: index)
// CHECK: cf.assert %{{.*}}, "dt.early_exit needs at least one stage"
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// Stage 0, cloned from the body.
// CHECK: %[[H0:.*]] = dt.linear %[[X]], %{{.*}}
// CHECK: %[[L0:.*]] = tensor.cast %[[H0]]
// CHECK: %[[ACTIVE:.*]] = dt.iota(%[[B]]) axis 0 : tensor<?xi64>
// CHECK: %[[P0:.*]] = dt.softmax %[[L0]]
// CHECK: %[[CONF0:.*]] = dt.reduce_max %[[P0]] [-1]
// CHECK: %[[ROWS:.*]]:4 = scf.for %[[R:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK:   %[[C:.*]] = tensor.extract %[[CONF0]][%[[R]]]
// CHECK:   %[[LEAVE:.*]] = arith.cmpf oge, %[[C]], %[[T]] : f32
// CHECK:   %[[EXITS:.*]] = arith.ori %[[LEAVE]], %{{.*}} : i1
// CHECK:   scf.if %[[EXITS]]
// CHECK:     tensor.extract %[[ACTIVE]]
// CHECK:     tensor.extract_slice %[[L0]]
// CHECK:     tensor.insert_slice
// CHECK:     tensor.insert
// CHECK:   } else {
// CHECK:     tensor.insert
// CHECK:     arith.addi
// CHECK: %[[KEPT:.*]] = tensor.extract_slice %[[ROWS]]#2[0] [%[[ROWS]]#3] [1]
// CHECK: dt.gather %{{.*}}, %[[KEPT]] axis 0
// CHECK: dt.gather %[[ACTIVE]], %[[KEPT]] axis 0
// Stages 1 and on.
// CHECK: %[[LOOP:.*]]:5 = scf.while
// CHECK:   arith.cmpi ult
// CHECK:   tensor.dim
// CHECK:   arith.andi
// CHECK:   scf.condition
// CHECK: } do {
// CHECK:   dt.linear
// CHECK:   dt.softmax
// CHECK:   scf.for
// CHECK:   dt.gather
// CHECK:   scf.yield
// CHECK: return %[[LOOP]]#3, %[[LOOP]]#4 : tensor<?x?xf32>, tensor<?xi32>
// CHECK-NOT: dt.early_exit
func.func @max_prob(%x: tensor<?x16xf32>, %t: f32, %n: index) -> (tensor<?x?xf32>, tensor<?xi32>) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    %w0 = dt.param_load @w : tensor<10x16xf32>
    %o = dt.linear %h, %w0 : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
    %oc = tensor.cast %o : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %oc : tensor<?x16xf32>, tensor<?x?xf32>
  }
  return %l, %e : tensor<?x?xf32>, tensor<?xi32>
}
dt.param @w : tensor<10x16xf32>

// -----

// entropy: -sum(p log max(p, 1e-30)) against the threshold.
// CHECK-LABEL: func.func @entropy
// CHECK: %[[P:.*]] = dt.softmax
// CHECK: %[[LOG:.*]] = dt.log
// CHECK: %[[PL:.*]] = dt.mul %[[P]], %[[LOG]]
// CHECK: %[[S:.*]] = dt.reduce_sum %[[PL]] [-1]
// CHECK: %[[E:.*]] = dt.neg %[[S]]
// CHECK: scf.for
// CHECK:   tensor.extract %[[E]]
// CHECK:   arith.cmpf ole
func.func @entropy(%x: tensor<?x10xf32>, %t: f32, %n: index) -> (tensor<?x?xf32>, tensor<?xi32>) {
  %l, %e = dt.early_exit entropy(%t : f32) stages %n inputs(%x : tensor<?x10xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x10xf32>):
    %hc = tensor.cast %h : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %hc : tensor<?x10xf32>, tensor<?x?xf32>
  }
  return %l, %e : tensor<?x?xf32>, tensor<?xi32>
}

// -----

// patience: the arg-max and the run length are carried (compacted too).
// CHECK-LABEL: func.func @patience
// CHECK: %[[BEST:.*]] = dt.argmax
// CHECK: scf.for
// CHECK:   arith.cmpi eq
// CHECK:   arith.select
// CHECK:   arith.cmpi sge
// CHECK: scf.while {{.*}} : (index, tensor<?x10xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi64>, tensor<?x?xf32>, tensor<?xi32>)
func.func @patience(%x: tensor<?x10xf32>, %p: i64, %n: index) -> (tensor<?x?xf32>, tensor<?xi32>) {
  %l, %e = dt.early_exit patience(%p : i64) stages %n inputs(%x : tensor<?x10xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x10xf32>):
    %hc = tensor.cast %h : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %hc : tensor<?x10xf32>, tensor<?x?xf32>
  }
  return %l, %e : tensor<?x?xf32>, tensor<?xi32>
}

// -----

// recursive: the last confidence is carried; a sample not confident enough
// whose confidence gained too little leaves, marked for offload.
// CHECK-LABEL: func.func @recursive
// CHECK: scf.for
// CHECK:   arith.cmpf oge
// CHECK:   arith.subf
// CHECK:   arith.cmpf olt
// CHECK:   arith.ori
// CHECK: scf.while {{.*}} : (index, tensor<?x10xf32>, tensor<?xi64>, tensor<?xf32>, tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1>)
// CHECK: return %{{.*}}#4, %{{.*}}#5, %{{.*}}#6 : tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1>
func.func @recursive(%x: tensor<?x10xf32>, %t: f32, %g: f32, %n: index) -> (tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1>) {
  %l, %e, %o = dt.early_exit recursive(%t, %g : f32, f32) stages %n inputs(%x : tensor<?x10xf32>) -> tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x10xf32>):
    %hc = tensor.cast %h : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %hc : tensor<?x10xf32>, tensor<?x?xf32>
  }
  return %l, %e, %o : tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1>
}

// -----

// A static batch is carried as the body's dynamic one.
// CHECK-LABEL: func.func @static_batch
// CHECK: scf.while {{.*}} : (index, tensor<?x10xf32>, tensor<?xi64>, tensor<?x?xf32>, tensor<?xi32>)
// CHECK: tensor.cast %{{.*}} : tensor<?x?xf32> to tensor<4x?xf32>
// CHECK: tensor.cast %{{.*}} : tensor<?xi32> to tensor<4xi32>
func.func @static_batch(%x: tensor<4x10xf32>, %t: f32, %n: index) -> (tensor<4x?xf32>, tensor<4xi32>) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<4x10xf32>) -> tensor<4x?xf32>, tensor<4xi32> {
  ^bb0(%s: index, %h: tensor<?x10xf32>):
    %hc = tensor.cast %h : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %hc : tensor<?x10xf32>, tensor<?x?xf32>
  }
  return %l, %e : tensor<4x?xf32>, tensor<4xi32>
}

// -----

// No stage at all (weights with no exit head, after shapes are refined): an
// error at the op, not a model that the runtime refuses.
dt.param @w : tensor<10x16xf32>

func.func @no_stages(%x: tensor<?x16xf32>, %t: f32) -> (tensor<?x?xf32>, tensor<?xi32>) {
  %n = arith.constant 0 : index
  // expected-error @+1 {{'dt.early_exit' op has 0 stages (the weights give no exit head?): an early exit needs at least one}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    %w0 = dt.param_load @w : tensor<10x16xf32>
    %o = dt.linear %h, %w0 : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
    %oc = tensor.cast %o : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %oc : tensor<?x16xf32>, tensor<?x?xf32>
  }
  return %l, %e : tensor<?x?xf32>, tensor<?xi32>
}
