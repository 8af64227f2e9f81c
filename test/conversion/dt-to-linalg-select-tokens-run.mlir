// Numerics of dt.select_tokens' lowering, run as in dt-to-linalg-run.mlir,
// on cases worked out by hand from semantics.md section 1.
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

func.func @main() {
  // Token j's single feature is j, so the output shows which were kept.
  %x = arith.constant dense<[[[0.0], [1.0], [2.0], [3.0], [4.0]],
                             [[0.0], [1.0], [2.0], [3.0], [4.0]]]> : tensor<2x5x1xf32>
  // Sample 0 ties three scores of 5 (lower indices win); sample 1 keeps
  // tokens 2 and 3 and must return them in their original order.
  %s = arith.constant dense<[[0.0, 5.0, 5.0, 1.0, 5.0], [9.0, 1.0, 7.0, 8.0, 2.0]]> : tensor<2x5xf32>
  %xd = tensor.cast %x : tensor<2x5x1xf32> to tensor<?x?x?xf32>
  %sd = tensor.cast %s : tensor<2x5xf32> to tensor<?x?xf32>

  // Rate 0.5 with one prefix token: K = 1 + ceil(0.5 * 4) = 3.
  // CHECK: [0,   1,   2],
  // CHECK-NEXT: [0,   2,   3]
  %half = arith.constant 0.5 : f32
  %y, %i = dt.select_tokens %xd, %sd, %half prefix 1 : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %ui = tensor.cast %i : tensor<?x?xi64> to tensor<*xi64>
  call @printMemrefI64(%ui) : (tensor<*xi64>) -> ()
  // CHECK: {{\[}}{{\[}}[0],
  // CHECK-NEXT: [1],
  // CHECK-NEXT: [2]],
  // CHECK-NEXT: {{\[}}[0],
  // CHECK-NEXT: [2],
  // CHECK-NEXT: [3]]]
  %uy = tensor.cast %y : tensor<?x?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%uy) : (tensor<*xf32>) -> ()

  // The smallest rate keeps the prefix and one token; rate 1 keeps all.
  // CHECK: [0,   1],
  // CHECK-NEXT: [0,   3]
  %tiny = arith.constant 1.0e-3 : f32
  %y2, %i2 = dt.select_tokens %xd, %sd, %tiny prefix 1 : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %ui2 = tensor.cast %i2 : tensor<?x?xi64> to tensor<*xi64>
  call @printMemrefI64(%ui2) : (tensor<*xi64>) -> ()
  // No prefix, rate 0.4: K = ceil(0.4 * 5) = 2 best overall.
  // CHECK: [1,   2],
  // CHECK-NEXT: [0,   3]
  %rate = arith.constant 0.4 : f32
  %y3, %i3 = dt.select_tokens %xd, %sd, %rate : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %ui3 = tensor.cast %i3 : tensor<?x?xi64> to tensor<*xi64>
  call @printMemrefI64(%ui3) : (tensor<*xi64>) -> ()
  return
}
