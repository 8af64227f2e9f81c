// dt-decompose-moe: dt.moe into the route / dispatch / grouped-linear /
// combine plan.
// RUN: dtc-opt %s --dt-decompose-moe | FileCheck %s

// CHECK-LABEL: func.func @moe
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x16xf32>, %[[R:.*]]: tensor<8x16xf32>, %[[U:.*]]: tensor<8x32x16xf32>, %[[UB:.*]]: tensor<8x32xf32>, %[[D:.*]]: tensor<8x16x32xf32>, %[[DB:.*]]: tensor<8x16xf32>, %[[K:.*]]: i64)
// CHECK-NOT: dt.moe %
// CHECK: %[[L:.*]] = dt.linear %[[X]], %[[R]] : {{.*}} -> tensor<2x5x8xf32>
// CHECK: %[[G:.*]], %[[E:.*]] = dt.moe_route %[[L]] top_k %[[K]] gate softmax_all_renorm : (tensor<2x5x8xf32>, i64) -> (tensor<2x5x?xf32>, tensor<2x5x?xi64>)
// CHECK: %[[NE:.*]] = tensor.dim %[[R]], %{{.*}} : tensor<8x16xf32>
// CHECK: %[[ROWS:.*]], %[[SIZES:.*]], %[[SLOTS:.*]] = dt.moe_dispatch %[[X]], %[[E]] experts %[[NE]] {capacity_factor = 1.250000e+00 : f32} : {{.*}} -> (tensor<?x16xf32>, tensor<?xi64>, tensor<2x5x?xi64>)
// CHECK: %[[H:.*]] = dt.grouped_linear %[[ROWS]], %[[SIZES]], %[[U]], %[[UB]] : {{.*}} -> tensor<?x32xf32>
// CHECK: %[[A:.*]] = dt.gelu %[[H]] approximation tanh : tensor<?x32xf32>
// CHECK: %[[O:.*]] = dt.grouped_linear %[[A]], %[[SIZES]], %[[D]], %[[DB]] : {{.*}} -> tensor<?x16xf32>
// CHECK: %[[Y:.*]] = dt.moe_combine %[[O]], %[[SLOTS]], %[[G]] : {{.*}} -> tensor<2x5x16xf32>
// CHECK: return %[[Y]]
func.func @moe(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %ub: tensor<8x32xf32>, %d: tensor<8x16x32xf32>, %db: tensor<8x16xf32>, %k: i64) -> tensor<2x5x16xf32> {
  %0 = dt.moe %x router %r up %u bias %ub down %d bias %db top_k %k gate softmax_all_renorm activation gelu_tanh {capacity_factor = 1.25 : f32} : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x32xf32>, tensor<8x16x32xf32>, tensor<8x16xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

// Without biases, and with dynamic shapes from a model file.
// CHECK-LABEL: func.func @moe_dynamic
// CHECK: dt.moe_route %{{.*}} top_k %{{.*}} gate softmax_topk
// CHECK: dt.moe_dispatch %{{.*}}, %{{.*}} experts %{{.*}} : (tensor<?x?x?xf32>, tensor<?x?x?xi64>, index) -> (tensor<?x?xf32>, tensor<?xi64>, tensor<?x?x?xi64>)
// CHECK: dt.grouped_linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x?xf32>, tensor<?xi64>, tensor<?x?x?xf32>) -> tensor<?x?xf32>
// CHECK: dt.relu
// CHECK: dt.moe_combine
func.func @moe_dynamic(%x: tensor<?x?x?xf32>, %r: tensor<?x?xf32>, %u: tensor<?x?x?xf32>, %d: tensor<?x?x?xf32>, %k: i64) -> tensor<?x?x?xf32> {
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation relu : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, i64) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}
