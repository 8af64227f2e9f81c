// dt-bind-weights: weights bind to parameters, shapes become static, and every
// mismatch is an error naming the parameter or tensor.
// RUN: %python %S/../Inputs/make-safetensors.py -o %t.ok.safetensors w=f32[4,8] blocks.w=f32[3,4,8]
// RUN: dtc-opt %s --dt-bind-weights="file=%t.ok.safetensors" | FileCheck %s

// RUN: %python %S/../Inputs/make-safetensors.py -o %t.missing.safetensors w=f32[4,8]
// RUN: not dtc-opt %s --dt-bind-weights="file=%t.missing.safetensors" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: bind-weights.mlir:[[@LINE+26]]:1: error: parameter @blocks.w has no tensor 'blocks.w' in {{.*}}missing.safetensors

// RUN: %python %S/../Inputs/make-safetensors.py -o %t.extra.safetensors w=f32[4,8] blocks.w=f32[3,4,8] head=f32[2]
// RUN: not dtc-opt %s --dt-bind-weights="file=%t.extra.safetensors" 2>&1 | FileCheck %s --check-prefix=EXTRA
// EXTRA: error: tensor 'head' in {{.*}}extra.safetensors is not a parameter of the model

// RUN: %python %S/../Inputs/make-safetensors.py -o %t.shape.safetensors w=f32[4,9] blocks.w=f32[3,4,8]
// RUN: not dtc-opt %s --dt-bind-weights="file=%t.shape.safetensors" 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: bind-weights.mlir:[[@LINE+17]]:1: error: parameter @w is declared 'tensor<?x8xf32>' but 'w' in {{.*}}shape.safetensors is F32 [4, 9]

// RUN: %python %S/../Inputs/make-safetensors.py -o %t.dtype.safetensors w=f16[4,8] blocks.w=f32[3,4,8]
// RUN: not dtc-opt %s --dt-bind-weights="file=%t.dtype.safetensors" 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: error: parameter @w is declared 'tensor<?x8xf32>' but 'w' in {{.*}}dtype.safetensors is F16 [4, 8]

// RUN: %python %S/../Inputs/make-safetensors.py --corrupt-header -o %t.corrupt.safetensors w=f32[4,8]
// RUN: not dtc-opt %s --dt-bind-weights="file=%t.corrupt.safetensors" 2>&1 | FileCheck %s --check-prefix=CORRUPT
// CORRUPT: error: dt-bind-weights: '{{.*}}corrupt.safetensors' is not a valid .safetensors file: header is not valid JSON

// RUN: not dtc-opt %s --dt-bind-weights="file=%t.nonexistent" 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: dt-bind-weights: cannot read '{{.*}}nonexistent': No such file or directory
// RUN: not dtc-opt %s --dt-bind-weights 2>&1 | FileCheck %s --check-prefix=NOPATH
// NOPATH: error: dt-bind-weights: no weights file given (file=PATH)

// CHECK: dt.param @w : tensor<4x8xf32>
// CHECK: dt.param @blocks.w : tensor<3x4x8xf32>
dt.param @w : tensor<?x8xf32>
dt.param @blocks.w : tensor<?x?x?xf32>

// Loads take the bound shapes; the function's own signature keeps its type
// through a cast.
// CHECK-LABEL: func.func @loads
// CHECK: %[[W:.*]] = dt.param_load @w : tensor<4x8xf32>
// CHECK: %[[L:.*]] = dt.param_load @blocks.w[%{{.*}}] : tensor<4x8xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[L]] : tensor<4x8xf32> to tensor<?x?xf32>
// CHECK: %[[Y:.*]] = dt.linear %{{.*}}, %[[W]] : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x?xf32>
// CHECK: return %[[Y]], %[[C]]
func.func @loads(%x: tensor<?x8xf32>, %i: index) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %w = dt.param_load @w : tensor<?x8xf32>
  %l = dt.param_load @blocks.w[%i] : tensor<?x?xf32>
  %y = dt.linear %x, %w : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x?xf32>
  return %y, %l : tensor<?x?xf32>, tensor<?x?xf32>
}
