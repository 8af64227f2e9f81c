// Numerics of the mixture-of-experts lowering (dt-decompose-moe, then
// convert-dt-to-linalg), run as in dt-to-linalg-run.mlir; expected values
// from zoo/common/moe.py. Every token prefers expert 0, then 1: expert 2
// receives no token, and a capacity of ceil(0.5 * 2 * 4 / 3) = 2 drops
// tokens 2 and 3 (in token order).
// RUN: dtc-opt %s --dt-decompose-moe --convert-dt-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:   --buffer-deallocation-pipeline --convert-linalg-to-loops \
// RUN:   --convert-scf-to-cf --expand-strided-metadata --lower-affine \
// RUN:   --finalize-memref-to-llvm --convert-math-to-llvm --convert-math-to-libm \
// RUN:   --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so \
// RUN: | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[1.0, 0.5], [0.5, 1.0], [2.0, 1.0], [1.0, 2.0]]> : tensor<4x2xf32>
  %router = arith.constant dense<[[2.0, 2.0], [1.0, 1.0], [-1.0, -1.0]]> : tensor<3x2xf32>
  %up = arith.constant dense<[[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 2.0]]]> : tensor<3x2x2xf32>
  %ub = arith.constant dense<[[0.1, 0.2], [0.0, -0.5], [1.0, 1.0]]> : tensor<3x2xf32>
  %down = arith.constant dense<[[[1.0, 0.0], [0.0, 1.0]], [[0.5, 0.0], [0.0, 2.0]], [[1.0, 1.0], [1.0, 1.0]]]> : tensor<3x2x2xf32>
  %db = arith.constant dense<[[0.0, 0.1], [0.2, 0.0], [0.0, 0.0]]> : tensor<3x2xf32>
  %two = arith.constant 2 : i64
  %one = arith.constant 1 : i64

  // Dropless top-2.
  // CHECK: [1.0726{{[0-9]*}},   0.654{{[0-9]*}}],
  // CHECK-NEXT: [0.6638{{[0-9]*}},   1.2452{{[0-9]*}}],
  // CHECK-NEXT: [2.081{{[0-9]*}},   1.2857{{[0-9]*}}],
  // CHECK-NEXT: [1.1284{{[0-9]*}},   2.333{{[0-9]*}}]
  %0 = dt.moe %x router %router up %up bias %ub down %down bias %db top_k %two gate softmax_topk activation relu : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, i64) -> tensor<4x2xf32>
  %u0 = tensor.cast %0 : tensor<4x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()

  // Capacity 0.5: tokens 2 and 3 are dropped by both experts.
  // CHECK: [1.0726{{[0-9]*}},   0.654{{[0-9]*}}],
  // CHECK-NEXT: [0.6638{{[0-9]*}},   1.2452{{[0-9]*}}],
  // CHECK-NEXT: [0,   0],
  // CHECK-NEXT: [0,   0]
  %1 = dt.moe %x router %router up %up bias %ub down %down bias %db top_k %two gate softmax_topk activation relu {capacity_factor = 0.5 : f32} : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, i64) -> tensor<4x2xf32>
  %u1 = tensor.cast %1 : tensor<4x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()

  // Top-1: each token's output is expert 0's, with gate 1.
  // CHECK: [1.1,   0.8],
  // CHECK-NEXT: [0.6,   1.3],
  // CHECK-NEXT: [2.1,   1.3],
  // CHECK-NEXT: [1.1,   2.3]
  %2 = dt.moe %x router %router up %up bias %ub down %down bias %db top_k %one gate softmax_topk activation relu : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, tensor<3x2x2xf32>, tensor<3x2xf32>, i64) -> tensor<4x2xf32>
  %u2 = tensor.cast %2 : tensor<4x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  return
}
