// Numerics of convert-dt-to-linalg for shape and data movement ops, run as
// in dt-to-linalg-run.mlir.
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
  %x = arith.constant dense<[[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]]> : tensor<2x3xf32>
  %xd = tensor.cast %x : tensor<2x3xf32> to tensor<?x?xf32>

  // CHECK: [1,   0.5],
  // CHECK-NEXT: [-2,   0],
  // CHECK-NEXT: [3,   -1.5]
  %0 = dt.transpose %xd [1, 0] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %u0 = tensor.cast %0 : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u0) : (tensor<*xf32>) -> ()

  // CHECK: [1,   -2],
  // CHECK-NEXT: [3,   0.5],
  // CHECK-NEXT: [0,   -1.5]
  %1 = dt.reshape %xd [3, -1] : (tensor<?x?xf32>) -> tensor<3x?xf32>
  %u1 = tensor.cast %1 : tensor<3x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()

  // expand_dims gives [2, 1, 3]; squeezing it gives the input back. (A
  // printed value is not reused: external calls may write their arguments.)
  // CHECK: sizes = [2, 1, 3]
  %e = dt.expand_dims %xd axis 1 : (tensor<?x?xf32>) -> tensor<?x1x?xf32>
  %ue = tensor.cast %e : tensor<?x1x?xf32> to tensor<*xf32>
  call @printMemrefF32(%ue) : (tensor<*xf32>) -> ()
  %2 = dt.expand_dims %xd axis 0 : (tensor<?x?xf32>) -> tensor<1x?x?xf32>
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: [1,   -2,   3],
  %3 = dt.squeeze %2 axis 0 : (tensor<1x?x?xf32>) -> tensor<?x?xf32>
  %u3 = tensor.cast %3 : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()

  // CHECK: [10,   20,   30],
  // CHECK-NEXT: [10,   20,   30]
  %c2 = arith.constant 2 : index
  %row = arith.constant dense<[[10.0, 20.0, 30.0]]> : tensor<1x3xf32>
  %4 = dt.broadcast %row sizes(%c2) : tensor<1x3xf32> -> tensor<?x3xf32>
  %u4 = tensor.cast %4 : tensor<?x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()

  // CHECK: sizes = [2, 6]
  // CHECK-NEXT: [1,   -2,   3,   1,   -2,   3],
  %5 = dt.concat %xd, %x axis 1 : (tensor<?x?xf32>, tensor<2x3xf32>) -> tensor<?x?xf32>
  %u5 = tensor.cast %5 : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()

  // CHECK: [-2,   3],
  // CHECK-NEXT: [0,   -1.5]
  %6 = dt.slice %xd axis 1 start 1 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %u6 = tensor.cast %6 : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u6) : (tensor<*xf32>) -> ()
  // CHECK: {{\[}}[0.5,   0,   -1.5]]
  %7 = dt.slice %xd axis 0 start 1 end 2 : (tensor<?x?xf32>) -> tensor<1x?xf32>
  %u7 = tensor.cast %7 : tensor<1x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u7) : (tensor<*xf32>) -> ()

  // Gather rows 2 and 0 of each sample.
  // CHECK: {{\[}}{{\[}}[5,     6],
  // CHECK-NEXT: [1,     2]]]
  %t = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]]> : tensor<1x3x2xf32>
  %i = arith.constant dense<[[2, 0]]> : tensor<1x2xi64>
  %8 = dt.gather %t, %i axis 1 : (tensor<1x3x2xf32>, tensor<1x2xi64>) -> tensor<1x2x2xf32>
  %u8 = tensor.cast %8 : tensor<1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u8) : (tensor<*xf32>) -> ()

  // CHECK: [30,   31],
  // CHECK-NEXT: [10,   11],
  // CHECK-NEXT: [10,   11]
  %table = arith.constant dense<[[0.0, 1.0], [10.0, 11.0], [20.0, 21.0], [30.0, 31.0]]> : tensor<4x2xf32>
  %ids = arith.constant dense<[3, 1, 1]> : tensor<3xi32>
  %9 = dt.embedding %table, %ids : (tensor<4x2xf32>, tensor<3xi32>) -> tensor<3x2xf32>
  %u9 = tensor.cast %9 : tensor<3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u9) : (tensor<*xf32>) -> ()

  // CHECK: [0,   1,   2],
  // CHECK-NEXT: [0,   1,   2]
  %10 = dt.iota(%c2) axis 1 : tensor<?x3xi64>
  %u10 = tensor.cast %10 : tensor<?x3xi64> to tensor<*xi64>
  call @printMemrefI64(%u10) : (tensor<*xi64>) -> ()

  // A 2x4 image with 2 channels, value h*8 + w*2 + c, in 2x2 patches: each
  // patch is flattened as (row, column, channel).
  // CHECK: sizes = [1, 2, 8]
  // CHECK-NEXT: {{\[}}{{\[}}[0,     1,     2,     3,     8,     9,     10,     11],
  // CHECK-NEXT: [4,     5,     6,     7,     12,     13,     14,     15]]]
  %img = arith.constant dense<[[[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]],
                                [[8.0, 9.0], [10.0, 11.0], [12.0, 13.0], [14.0, 15.0]]]]> : tensor<1x2x4x2xf32>
  %imgd = tensor.cast %img : tensor<1x2x4x2xf32> to tensor<?x?x?x2xf32>
  %11 = dt.patchify %imgd patch_size 2 : (tensor<?x?x?x2xf32>) -> tensor<?x?x8xf32>
  %u11 = tensor.cast %11 : tensor<?x?x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u11) : (tensor<*xf32>) -> ()
  return
}
