// Folders and canonicalisation patterns of the dt dialect.
// RUN: dtc-opt %s -canonicalize -split-input-file | FileCheck %s

// A keep rate of 1 keeps every token: selection is the identity and the kept
// indices are 0..N-1.
// CHECK-LABEL: func.func @select_rate_one_static
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x4xf32>, %{{.*}}: tensor<2x8xf32>)
// CHECK-NOT: dt.select_tokens
// CHECK: %[[I:.*]] = dt.iota axis 1 : tensor<2x8xi64>
// CHECK: return %[[X]], %[[I]] : tensor<2x8x4xf32>, tensor<2x8xi64>
func.func @select_rate_one_static(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> (tensor<2x8x4xf32>, tensor<2x8xi64>) {
  %r = arith.constant 1.0 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 1 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x8x4xf32>, tensor<2x8xi64>)
  return %y, %i : tensor<2x8x4xf32>, tensor<2x8xi64>
}

// CHECK-LABEL: func.func @select_rate_one_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>
// CHECK-NOT: dt.select_tokens
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[I:.*]] = dt.iota(%[[B]], %[[N]]) axis 1 : tensor<?x?xi64>
// CHECK: return %[[X]], %[[I]]
func.func @select_rate_one_dynamic(%x: tensor<?x?x4xf32>, %s: tensor<?x?xf32>) -> (tensor<?x?x4xf32>, tensor<?x?xi64>) {
  %r = arith.constant 1.0 : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<?x?x4xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x4xf32>, tensor<?x?xi64>)
  return %y, %i : tensor<?x?x4xf32>, tensor<?x?xi64>
}

// Per-sample rates that are all 1 fold too; the unused indices disappear.
// CHECK-LABEL: func.func @select_per_sample_rate_one
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x4xf32>
// CHECK-NOT: dt.
// CHECK: %[[C:.*]] = tensor.cast %[[X]] : tensor<2x8x4xf32> to tensor<2x?x4xf32>
// CHECK: return %[[C]]
func.func @select_per_sample_rate_one(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = arith.constant dense<1.0> : tensor<2xf32>
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<2xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}

// Any other rate stays a selection.
// CHECK-LABEL: func.func @select_rate_half
// CHECK: dt.select_tokens
func.func @select_rate_half(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x5x4xf32> {
  %r = arith.constant 0.5 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 2 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x5x4xf32>, tensor<2x5xi64>)
  return %y : tensor<2x5x4xf32>
}

// -----

// A knob whose range is one point is a constant: its reads fold, and then
// the selection it drives folds away.
dt.knob @keep_rate : f32 = 1.0 in [1.0, 1.0]
dt.knob @free_rate : f32 = 1.0 in (0.0, 1.0]

// CHECK-LABEL: func.func @constant_knob
// CHECK-NOT: dt.knob_get @keep_rate
// CHECK-NOT: dt.select_tokens
// CHECK: return
func.func @constant_knob(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = dt.knob_get @keep_rate : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}

// CHECK-LABEL: func.func @free_knob
// CHECK: dt.knob_get @free_rate
// CHECK: dt.select_tokens
func.func @free_knob(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = dt.knob_get @free_rate : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}

// -----

// Routing each token to all E experts is a dense softmax-weighted sum of the
// experts, computed with batched matmuls: no routing, no permutation.
// CHECK-LABEL: func.func @moe_all_experts
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x16xf32>, %[[R:.*]]: tensor<4x16xf32>, %[[U:.*]]: tensor<4x32x16xf32>, %[[UB:.*]]: tensor<4x32xf32>, %[[D:.*]]: tensor<4x16x32xf32>, %[[DB:.*]]: tensor<4x16xf32>)
// CHECK-NOT: dt.moe
// CHECK: %[[L:.*]] = dt.linear %[[X]], %[[R]] : {{.*}} -> tensor<2x5x4xf32>
// CHECK: %[[G:.*]] = dt.softmax %[[L]] : tensor<2x5x4xf32>
// CHECK: %[[XE:.*]] = dt.expand_dims %[[X]] axis -3 : {{.*}} -> tensor<2x1x5x16xf32>
// CHECK: %[[H:.*]] = dt.matmul %[[XE]], %[[U]] transpose_rhs : {{.*}} -> tensor<2x4x5x32xf32>
// CHECK: %[[UBE:.*]] = dt.expand_dims %[[UB]] axis -2 : {{.*}} -> tensor<4x1x32xf32>
// CHECK: %[[HB:.*]] = dt.add %[[H]], %[[UBE]]
// CHECK: %[[A:.*]] = dt.silu %[[HB]] : tensor<2x4x5x32xf32>
// CHECK: %[[O:.*]] = dt.matmul %[[A]], %[[D]] transpose_rhs : {{.*}} -> tensor<2x4x5x16xf32>
// CHECK: %[[DBE:.*]] = dt.expand_dims %[[DB]] axis -2
// CHECK: %[[OB:.*]] = dt.add %[[O]], %[[DBE]]
// CHECK: %[[GT:.*]] = dt.transpose %[[G]] [0, 2, 1] : {{.*}} -> tensor<2x4x5xf32>
// CHECK: %[[GE:.*]] = dt.expand_dims %[[GT]] axis -1 : {{.*}} -> tensor<2x4x5x1xf32>
// CHECK: %[[W:.*]] = dt.mul %[[OB]], %[[GE]]
// CHECK: %[[Y:.*]] = dt.reduce_sum %[[W]] [-3] : (tensor<2x4x5x16xf32>) -> tensor<2x5x16xf32>
// CHECK: return %[[Y]]
func.func @moe_all_experts(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %ub: tensor<4x32xf32>, %d: tensor<4x16x32xf32>, %db: tensor<4x16xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 4 : i64
  %0 = dt.moe %x router %r up %u bias %ub down %d bias %db top_k %k gate softmax_topk activation silu : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x32xf32>, tensor<4x16x32xf32>, tensor<4x16xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

// Fewer experts than E: routing stays.
// CHECK-LABEL: func.func @moe_top2
// CHECK: dt.moe
func.func @moe_top2(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %d: tensor<4x16x32xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 2 : i64
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

// A capacity below 1 can drop tokens even with every expert chosen: stays.
// CHECK-LABEL: func.func @moe_all_experts_capacity
// CHECK: dt.moe
func.func @moe_all_experts_capacity(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %d: tensor<4x16x32xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 4 : i64
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu {capacity_factor = 0.5 : f32} : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

// -----

// Elementwise identities fold only when no broadcast happens.
// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[B:.*]] = dt.add %[[X]], %{{.*}} : (tensor<2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[B]]
func.func @identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %one = arith.constant dense<1.0> : tensor<2x3xf32>
  %big = arith.constant dense<0.0> : tensor<4x2x3xf32>
  %0 = dt.add %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dt.add %zero, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = dt.sub %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = dt.mul %one, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = dt.div %x, %one : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = dt.add %x, %big : (tensor<2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @data_movement
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x4xf32>, %[[C:.*]]: tensor<1x4xf32>)
// CHECK: %[[R:.*]] = dt.reshape %[[X]] [12, 4] : (tensor<2x6x4xf32>) -> tensor<12x4xf32>
// CHECK: %[[B:.*]] = dt.broadcast %[[C]] : tensor<1x4xf32> -> tensor<3x4xf32>
// CHECK: return %[[R]], %[[X]], %[[X]], %[[C]], %[[B]]
func.func @data_movement(%x: tensor<2x6x4xf32>, %c: tensor<1x4xf32>) -> (tensor<12x4xf32>, tensor<2x6x4xf32>, tensor<2x6x4xf32>, tensor<1x4xf32>, tensor<3x4xf32>) {
  %0 = dt.reshape %x [2, 24] : (tensor<2x6x4xf32>) -> tensor<2x24xf32>
  %1 = dt.reshape %0 [12, 4] : (tensor<2x24xf32>) -> tensor<12x4xf32>
  %2 = dt.reshape %x [2, 6, 4] : (tensor<2x6x4xf32>) -> tensor<2x6x4xf32>
  %3 = dt.transpose %x [0, 1, 2] : (tensor<2x6x4xf32>) -> tensor<2x6x4xf32>
  %4 = dt.broadcast %c : tensor<1x4xf32> -> tensor<1x4xf32>
  %5 = dt.broadcast %c : tensor<1x4xf32> -> tensor<3x4xf32>
  return %1, %2, %3, %4, %5 : tensor<12x4xf32>, tensor<2x6x4xf32>, tensor<2x6x4xf32>, tensor<1x4xf32>, tensor<3x4xf32>
}
