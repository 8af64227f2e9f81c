// dt-refine-shapes: static shapes flow through dt ops; users outside dt keep
// their types through casts.
// RUN: dtc-opt %s --dt-refine-shapes | FileCheck %s

dt.param @w : tensor<16x8xf32>
dt.param @g : tensor<16xf32>

// CHECK-LABEL: func.func @chain
// CHECK: %[[W:.*]] = dt.param_load @w : tensor<16x8xf32>
// CHECK: %[[Y:.*]] = dt.linear %{{.*}}, %[[W]] : (tensor<2x?x8xf32>, tensor<16x8xf32>) -> tensor<2x?x16xf32>
// CHECK: %[[A:.*]] = dt.gelu %[[Y]] : tensor<2x?x16xf32>
// CHECK: %[[N:.*]] = dt.rms_norm %[[A]], %{{.*}} : (tensor<2x?x16xf32>, tensor<16xf32>) -> tensor<2x?x16xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[N]] : tensor<2x?x16xf32> to tensor<?x?x?xf32>
// CHECK: return %[[C]]
func.func @chain(%x: tensor<2x?x8xf32>) -> tensor<?x?x?xf32> {
  %w = dt.param_load @w : tensor<16x8xf32>
  %y = dt.linear %x, %w : (tensor<2x?x8xf32>, tensor<16x8xf32>) -> tensor<?x?x?xf32>
  %a = dt.gelu %y : tensor<?x?x?xf32>
  %g = dt.param_load @g : tensor<16xf32>
  %n = dt.rms_norm %a, %g : (tensor<?x?x?xf32>, tensor<16xf32>) -> tensor<?x?x?xf32>
  return %n : tensor<?x?x?xf32>
}

// A cast that only hid static extents is looked through.
// CHECK-LABEL: func.func @through_cast
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: dt.softmax %[[X]] : tensor<4x8xf32>
func.func @through_cast(%x: tensor<4x8xf32>) -> tensor<?x?xf32> {
  %c = tensor.cast %x : tensor<4x8xf32> to tensor<?x?xf32>
  %s = dt.softmax %c : tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}

// A constant keep rate fixes the kept-token count.
// CHECK-LABEL: func.func @kept_count
// CHECK: dt.select_tokens {{.*}} -> (tensor<2x99x384xf32>, tensor<2x99xi64>)
// CHECK: dt.reduce_sum {{.*}} : (tensor<2x99x384xf32>) -> tensor<2x384xf32>
func.func @kept_count(%x: tensor<2x197x384xf32>, %s: tensor<2x197xf32>) -> tensor<?x?xf32> {
  %r = arith.constant 0.5 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 1 : (tensor<2x197x384xf32>, tensor<2x197xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %p = dt.reduce_sum %y [1] : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %p : tensor<?x?xf32>
}

// Loop-carried values keep the loop's types; inside, shapes still refine.
// CHECK-LABEL: func.func @loop
// CHECK: scf.for {{.*}} -> (tensor<?x?xf32>)
// CHECK: dt.linear {{.*}} -> tensor<?x16xf32>
// CHECK: %[[C:.*]] = tensor.cast {{.*}} : tensor<?x16xf32> to tensor<?x?xf32>
// CHECK: scf.yield %[[C]]
func.func @loop(%x: tensor<?x?xf32>, %n: index) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %x) -> (tensor<?x?xf32>) {
    %w = dt.param_load @w : tensor<16x8xf32>
    %y = dt.linear %h, %w : (tensor<?x?xf32>, tensor<16x8xf32>) -> tensor<?x?xf32>
    scf.yield %y : tensor<?x?xf32>
  }
  return %r : tensor<?x?xf32>
}
