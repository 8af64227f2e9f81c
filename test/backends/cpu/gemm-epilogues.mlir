// RUN: dtc-opt %s --dtc-cpu-gemm-epilogues --split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>

// The activation after a linear layer takes the product as its init and
// reads it through the init's block argument; the bias (broadcast) and the
// residual stay inputs.
// CHECK-LABEL: func.func @activation_and_residual
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<8x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[R:.*]]: tensor<4x3xf32>)
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<4x8xf32>, tensor<8x3xf32>)
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK-SAME: ins(%[[B]], %[[R]] : tensor<3xf32>, tensor<4x3xf32>) outs(%[[P]] : tensor<4x3xf32>)
// CHECK-SAME: dtc.gemm_epilogue
// CHECK: ^bb0(%[[BIAS:.*]]: f32, %[[RES:.*]]: f32, %[[PRODUCT:.*]]: f32):
// CHECK:   %[[S:.*]] = arith.addf %[[PRODUCT]], %[[BIAS]]
// CHECK:   %[[T:.*]] = math.tanh %[[S]]
// CHECK:   %[[U:.*]] = arith.addf %[[T]], %[[RES]]
// CHECK:   linalg.yield %[[U]]
// CHECK: return %[[Y]]
func.func @activation_and_residual(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf32>, %r: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x3xf32>) -> tensor<4x3xf32>
  %p = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  %out = tensor.empty() : tensor<4x3xf32>
  %y = linalg.generic {indexing_maps = [#row, #id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%b, %p, %r : tensor<3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) outs(%out : tensor<4x3xf32>) {
  ^bb0(%bias: f32, %product: f32, %res: f32, %o: f32):
    %s = arith.addf %product, %bias : f32
    %t = math.tanh %s : f32
    %u = arith.addf %t, %res : f32
    linalg.yield %u : f32
  } -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>

// Left alone: a product with another user (the epilogue would change what
// that user reads), a product read transposed (not the block the GEMM just
// finished), a consumer that reads its own init, and a contraction that is
// no f32 GEMM.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: dtc.gemm_epilogue
func.func @left_alone(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>, %acc: tensor<4x4xf32>,
                      %xi: tensor<4x4xf64>, %wi: tensor<4x4xf64>, %acci: tensor<4x4xf64>)
    -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf64>) {
  %out = tensor.empty() : tensor<4x4xf32>
  %p1 = linalg.matmul ins(%x, %w : tensor<4x4xf32>, tensor<4x4xf32>) outs(%acc : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%p1 : tensor<4x4xf32>) outs(%out : tensor<4x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = math.tanh %a : f32
    linalg.yield %t : f32
  } -> tensor<4x4xf32>
  %p2 = linalg.matmul ins(%x, %w : tensor<4x4xf32>, tensor<4x4xf32>) outs(%acc : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y2 = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]} ins(%p2 : tensor<4x4xf32>) outs(%out : tensor<4x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = math.tanh %a : f32
    linalg.yield %t : f32
  } -> tensor<4x4xf32>
  %p3 = linalg.matmul ins(%x, %w : tensor<4x4xf32>, tensor<4x4xf32>) outs(%acc : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%p3 : tensor<4x4xf32>) outs(%acc : tensor<4x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = arith.addf %a, %o : f32
    linalg.yield %t : f32
  } -> tensor<4x4xf32>
  %p4 = linalg.matmul ins(%xi, %wi : tensor<4x4xf64>, tensor<4x4xf64>) outs(%acci : tensor<4x4xf64>) -> tensor<4x4xf64>
  %outi = tensor.empty() : tensor<4x4xf64>
  %y4 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%p4 : tensor<4x4xf64>) outs(%outi : tensor<4x4xf64>) {
  ^bb0(%a: f64, %o: f64):
    %t = math.tanh %a : f64
    linalg.yield %t : f64
  } -> tensor<4x4xf64>
  return %y1, %p1, %y2, %y3, %y4 : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf64>
}
