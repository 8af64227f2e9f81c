// dt-specialize-knobs: fixing knobs at compile time, and its errors.
// RUN: dtc-opt %s --dt-specialize-knobs="knobs=keep_rate=0.5,top_k=3" | FileCheck %s
// RUN: dtc-opt %s --dt-specialize-knobs="knobs=keep_rate=1.0" --canonicalize | FileCheck %s --check-prefix=FOLD
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=nope=1" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=keep_rate" 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=keep_rate=1.5" 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=top_k=9" 2>&1 | FileCheck %s --check-prefix=RANGE-INT
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=top_k=two" 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not dtc-opt %s --dt-specialize-knobs="knobs=top_k=2,top_k=3" 2>&1 | FileCheck %s --check-prefix=TWICE

// UNKNOWN: error: dt-specialize-knobs: unknown knob 'nope'
// MALFORMED: error: dt-specialize-knobs: malformed entry 'keep_rate', expected NAME=VALUE
// RANGE: specialize-knobs.mlir:[[@LINE+4]]:1: error: dt-specialize-knobs: value 1.5 for knob 'keep_rate' is outside its declared range
// RANGE-INT: error: dt-specialize-knobs: value 9 for knob 'top_k' is outside its declared range
// TYPE: error: dt-specialize-knobs: 'two' is not a value of type 'i64' for knob 'top_k'
// TWICE: error: dt-specialize-knobs: knob 'top_k' is given twice
dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]
dt.knob @top_k : i64 = 2 in [1, 8]
dt.knob @threshold : f32 = 0.9 in [0.0, 1.0]

// The fixed knobs are gone from the module; the others stay run-time knobs.
// CHECK-NOT: dt.knob @keep_rate
// CHECK-NOT: dt.knob @top_k
// CHECK: dt.knob @threshold

// CHECK-LABEL: func.func @reads
// CHECK-DAG: arith.constant 5.000000e-01 : f32
// CHECK-DAG: arith.constant 3 : i64
// CHECK-DAG: dt.knob_get @threshold : f32
// CHECK-NOT: dt.knob_get @keep_rate
func.func @reads() -> (f32, i64, f32) {
  %0 = dt.knob_get @keep_rate : f32
  %1 = dt.knob_get @top_k : i64
  %2 = dt.knob_get @threshold : f32
  return %0, %1, %2 : f32, i64, f32
}

// A keep rate fixed to 1 removes token selection entirely.
// FOLD-LABEL: func.func @select
// FOLD-SAME: (%[[X:.*]]: tensor<2x8x4xf32>
// FOLD-NOT: dt.select_tokens
// FOLD: %[[C:.*]] = tensor.cast %[[X]] : tensor<2x8x4xf32> to tensor<2x?x4xf32>
// FOLD: return %[[C]]
func.func @select(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = dt.knob_get @keep_rate : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 1 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}
