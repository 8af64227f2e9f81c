// Numerics of convert-dt-to-linalg: the lowered ops run through upstream's
// CPU lowering and mlir-runner, and the printed values are checked.
// RUN: dtc-opt %s --convert-dt-to-linalg \
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

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]]> : tensor<2x3xf32>
  %row = arith.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %w = arith.constant dense<[[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %xd = tensor.cast %x : tensor<2x3xf32> to tensor<?x?xf32>

  // Broadcast add: each row plus [10, 20, 30].
  // CHECK: [11,   18,   33],
  // CHECK-NEXT: [10.5,   20,   28.5]
  %0 = dt.add %x, %row : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r0 = tensor.cast %0 : tensor<2x3xf32> to tensor<?x?xf32>
  call @print(%r0) : (tensor<?x?xf32>) -> ()

  // relu on dynamic shapes.
  // CHECK: [1,   0,   3],
  // CHECK-NEXT: [0.5,   0,   0]
  %1 = dt.relu %xd : tensor<?x?xf32>
  call @print(%1) : (tensor<?x?xf32>) -> ()

  // linear: x W^T + b = [[1+6, -2-3], [0.5-3, 0+1.5]] + [0.5, -0.5].
  // CHECK: [7.5,   -5.5],
  // CHECK-NEXT: [-2,   1]
  %2 = dt.linear %xd, %w, %b : (tensor<?x?xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x?xf32>
  call @print(%2) : (tensor<?x?xf32>) -> ()

  // matmul with a transposed rhs, no bias: x W^T.
  // CHECK: [7,   -5],
  // CHECK-NEXT: [-2.5,   1.5]
  %3 = dt.matmul %x, %w transpose_rhs : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %r3 = tensor.cast %3 : tensor<2x2xf32> to tensor<?x?xf32>
  call @print(%r3) : (tensor<?x?xf32>) -> ()

  // gelu (erf): gelu(1) = 0.841345, gelu(-2) = -0.0455003, gelu(3) = 2.99595.
  // CHECK: [0.84134{{[0-9]*}},   -0.0455{{[0-9]*}},   2.9959{{[0-9]*}}],
  %4 = dt.gelu %xd : tensor<?x?xf32>
  call @print(%4) : (tensor<?x?xf32>) -> ()

  // gelu (tanh form): gelu_tanh(1) = 0.841192, gelu_tanh(-2) = -0.0454023.
  // CHECK: [0.84119{{[0-9]*}},   -0.0454{{[0-9]*}},   2.9963{{[0-9]*}}],
  %5 = dt.gelu %xd approximation tanh : tensor<?x?xf32>
  call @print(%5) : (tensor<?x?xf32>) -> ()

  // silu(1) = 0.731059, sigmoid(0) = 0.5, exp(0.5) = 1.64872.
  // CHECK: [0.73105{{[0-9]*}},   -0.2384{{[0-9]*}},   2.8577{{[0-9]*}}],
  %6 = dt.silu %xd : tensor<?x?xf32>
  call @print(%6) : (tensor<?x?xf32>) -> ()
  // CHECK: [0.73105{{[0-9]*}},   0.1192{{[0-9]*}},   0.9525{{[0-9]*}}],
  // CHECK-NEXT: [0.6224{{[0-9]*}},   0.5,   0.1824{{[0-9]*}}]
  %7 = dt.sigmoid %xd : tensor<?x?xf32>
  call @print(%7) : (tensor<?x?xf32>) -> ()
  return
}
