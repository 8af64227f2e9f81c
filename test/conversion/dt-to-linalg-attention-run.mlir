// Numerics of dt.attention's lowering (2 heads of width 2), run as in
// dt-to-linalg-run.mlir; expected values from an independent Python
// reference of multi-head attention (plain, causal, boolean mask).
// RUN: dtc-opt %s --convert-dt-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries allow-return-allocs-from-loops" \
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
  %q = arith.constant dense<[[[0.5, -1.0, 1.0, 0.0], [1.0, 0.5, -0.5, 2.0]]]> : tensor<1x2x4xf32>
  %k = arith.constant dense<[[[1.0, 0.0, 0.5, 1.0], [0.0, 1.0, -1.0, 0.5], [2.0, -1.0, 0.0, 0.0]]]> : tensor<1x3x4xf32>
  %v = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.0, 2.0], [0.0, -2.0, 1.0, 1.0]]]> : tensor<1x3x4xf32>
  %qd = tensor.cast %q : tensor<1x2x4xf32> to tensor<?x?x?xf32>
  %kd = tensor.cast %k : tensor<1x3x4xf32> to tensor<?x?x?xf32>

  // CHECK: {{\[}}{{\[}}[0.1543{{[0-9]*}},     -0.8509{{[0-9]*}},     1.8073{{[0-9]*}},     2.6335{{[0-9]*}}],
  // CHECK-NEXT: [0.0952{{[0-9]*}},     -0.159{{[0-9]*}},     1.546{{[0-9]*}},     2.8034{{[0-9]*}}]]]
  %0 = dt.attention %qd, %kd, %v head_dim 2 : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<1x3x4xf32>) -> tensor<?x?x?xf32>
  %u0 = tensor.cast %0 : tensor<?x?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()

  // Causal, aligned at the end: query 0 sees keys 0 and 1, query 1 all three.
  // CHECK: {{\[}}{{\[}}[0.4856{{[0-9]*}},     1.6142{{[0-9]*}},     2.2284{{[0-9]*}},     3.4856{{[0-9]*}}],
  // CHECK-NEXT: [0.0952{{[0-9]*}},     -0.159{{[0-9]*}},     1.546{{[0-9]*}},     2.8034{{[0-9]*}}]]]
  %1 = dt.attention %q, %k, %v head_dim 2 causal : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x2x4xf32>
  %u1 = tensor.cast %1 : tensor<1x2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()

  // A boolean [Nq, Nk] mask broadcast over batch and heads.
  // CHECK: {{\[}}{{\[}}[0.2571{{[0-9]*}},     -0.9712{{[0-9]*}},     2.1749{{[0-9]*}},     2.7624{{[0-9]*}}],
  // CHECK-NEXT: [-0.3302{{[0-9]*}},     -1.1744{{[0-9]*}},     0.2571{{[0-9]*}},     1.7428{{[0-9]*}}]]]
  %m = arith.constant dense<[[true, false, true], [false, true, true]]> : tensor<2x3xi1>
  %2 = dt.attention %q, %k, %v mask %m head_dim 2 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>, tensor<2x3xi1>) -> tensor<1x2x4xf32>
  %u2 = tensor.cast %2 : tensor<1x2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  return
}
