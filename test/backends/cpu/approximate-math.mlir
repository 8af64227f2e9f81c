// RUN: dtc-opt %s --dtc-cpu-approximate-math | FileCheck %s

// f32 erf, exp, log and tanh become polynomials (fma chains) with no libm
// call left; other types keep their op.
// CHECK-LABEL: func.func @f32_ops
// CHECK-NOT: math.erf
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK-NOT: math.erf
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK: return
func.func @f32_ops(%x: f32) -> (f32, f32, f32, f32) {
  %a = math.erf %x : f32
  %b = math.exp %x : f32
  %c = math.log %x : f32
  %d = math.tanh %x : f32
  return %a, %b, %c, %d : f32, f32, f32, f32
}

// CHECK-LABEL: func.func @vectors
// CHECK-NOT: math.exp
// CHECK: math.fma {{.*}} : vector<8xf32>
func.func @vectors(%x: vector<8xf32>) -> vector<8xf32> {
  %e = math.exp %x : vector<8xf32>
  return %e : vector<8xf32>
}

// CHECK-LABEL: func.func @f64_stays
// CHECK: math.exp %{{.*}} : f64
func.func @f64_stays(%x: f64) -> f64 {
  %e = math.exp %x : f64
  return %e : f64
}
