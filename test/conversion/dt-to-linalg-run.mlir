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
func.func private @printMemrefI64(tensor<*xi64>)

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

  // Reductions: row sums kept as a column, row means, column maxima.
  // CHECK: [2],
  // CHECK-NEXT: [-1]
  %8 = dt.reduce_sum %xd [1] keep_dims : (tensor<?x?xf32>) -> tensor<?x1xf32>
  %r8 = tensor.cast %8 : tensor<?x1xf32> to tensor<?x?xf32>
  call @print(%r8) : (tensor<?x?xf32>) -> ()
  // CHECK: [0.666667],
  // CHECK-NEXT: [-0.333333]
  %9 = dt.reduce_mean %xd [-1] keep_dims : (tensor<?x?xf32>) -> tensor<?x1xf32>
  %r9 = tensor.cast %9 : tensor<?x1xf32> to tensor<?x?xf32>
  call @print(%r9) : (tensor<?x?xf32>) -> ()
  // CHECK: {{\[}}[1,   0,   3]]
  %10 = dt.reduce_max %xd [0] keep_dims : (tensor<?x?xf32>) -> tensor<1x?xf32>
  %r10 = tensor.cast %10 : tensor<1x?xf32> to tensor<?x?xf32>
  call @print(%r10) : (tensor<?x?xf32>) -> ()

  // argmax along rows, ties to the first: [3 at 2, 0.5 at 0]; and a tie.
  // CHECK: [2,  0]
  %11 = dt.argmax %xd axis 1 : (tensor<?x?xf32>) -> tensor<?xi64>
  %r11 = tensor.cast %11 : tensor<?xi64> to tensor<*xi64>
  call @printMemrefI64(%r11) : (tensor<*xi64>) -> ()
  // CHECK: [1]
  %tie = arith.constant dense<[[0.0, 5.0, 5.0]]> : tensor<1x3xf32>
  %12 = dt.argmax %tie axis -1 : (tensor<1x3xf32>) -> tensor<1xi64>
  %r12 = tensor.cast %12 : tensor<1xi64> to tensor<*xi64>
  call @printMemrefI64(%r12) : (tensor<*xi64>) -> ()

  // softmax along rows (values from Python's math module).
  // CHECK: [0.1185{{[0-9]*}},   0.0058{{[0-9]*}},   0.87560{{[0-9]*}}],
  // CHECK-NEXT: [0.57409{{[0-9]*}},   0.34820{{[0-9]*}},   0.07769{{[0-9]*}}]
  %13 = dt.softmax %xd : tensor<?x?xf32>
  call @print(%13) : (tensor<?x?xf32>) -> ()

  // layer_norm with scale 2 and bias 0.5; rms_norm with scale [1, 2, 3].
  %two = arith.constant dense<2.0> : tensor<3xf32>
  %half = arith.constant dense<0.5> : tensor<3xf32>
  %g = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  // CHECK: [0.8244{{[0-9]*}},   -2.0955{{[0-9]*}},   2.7711{{[0-9]*}}],
  // CHECK-NEXT: [2.4611{{[0-9]*}},   1.2844{{[0-9]*}},   -2.2456{{[0-9]*}}]
  %14 = dt.layer_norm %xd, %two, %half : (tensor<?x?xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  call @print(%14) : (tensor<?x?xf32>) -> ()
  // CHECK: [0.4629{{[0-9]*}},   -1.8516{{[0-9]*}},   4.1661{{[0-9]*}}],
  // CHECK-NEXT: [0.5477{{[0-9]*}},   0,   -4.929{{[0-9]*}}]
  %15 = dt.rms_norm %xd, %g : (tensor<?x?xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  call @print(%15) : (tensor<?x?xf32>) -> ()
  return
}
