// Every verifier message of dt.param, dt.param_load, dt.knob, dt.knob_get,
// dt.count.
// RUN: dtc-opt %s -split-input-file -verify-diagnostics

func.func @f() {
  // expected-error @+1 {{'dt.param' op expects parent op 'builtin.module'}}
  "dt.param"() <{sym_name = "w", type = tensor<2xf32>}> : () -> ()
  return
}

// -----

// expected-error @+1 {{'dt.param' op attribute 'type' failed to satisfy constraint}}
dt.param @w : tensor<2xcomplex<f32>>

// -----

func.func @f() -> tensor<2xf32> {
  // expected-error @+1 {{'@missing' does not reference a dt.param}}
  %0 = dt.param_load @missing : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

dt.param @w : tensor<f32>
func.func @f(%i: index) -> tensor<f32> {
  // expected-error @+1 {{cannot read a layer of rank-0 parameter @w}}
  %0 = dt.param_load @w[%i] : tensor<f32>
  return %0 : tensor<f32>
}

// -----

dt.param @w : tensor<?x8xf32>
func.func @f() -> tensor<4x4xf32> {
  // expected-error @+1 {{result type 'tensor<4x4xf32>' is not compatible with parameter @w of type 'tensor<?x8xf32>'}}
  %0 = dt.param_load @w : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

dt.param @w : tensor<?x4x8xf32>
func.func @f(%i: index) -> tensor<4x8xf16> {
  // expected-error @+1 {{result type 'tensor<4x8xf16>' is not compatible with one layer of parameter @w}}
  %0 = dt.param_load @w[%i] : tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// expected-error @+1 {{'dt.knob' op type must be a float or signless integer type, or a rank-1 tensor of one, got 'index'}}
dt.knob @k : index = 1

// -----

// expected-error @+1 {{'dt.knob' op type must be a float or signless integer type, or a rank-1 tensor of one, got 'tensor<2x2xf32>'}}
dt.knob @k : tensor<2x2xf32> = 1.0

// -----

// expected-error @+1 {{'dt.knob' op default value type 'f32' does not match the knob type 'i64'}}
"dt.knob"() <{sym_name = "k", type = i64, default_value = 1.0 : f32}> : () -> ()

// -----

// expected-error @+1 {{'dt.knob' op range needs both a lower and an upper bound}}
"dt.knob"() <{sym_name = "k", type = f32, default_value = 1.0 : f32, min = 0.0 : f64}> : () -> ()

// -----

// expected-error @+1 {{'dt.knob' op range is empty}}
dt.knob @k : f32 = 1.0 in (1.0, 1.0]

// -----

// expected-error @+1 {{'dt.knob' op range is empty}}
dt.knob @k : i64 = 1 in [4, 2]

// -----

// expected-error @+1 {{'dt.knob' op default value 0.000000e+00 : f32 is outside the range}}
dt.knob @keep_rate : f32 = 0.0 in (0.0, 1.0]

// -----

// expected-error @+1 {{'dt.knob' op default value 9 : i64 is outside the range}}
dt.knob @top_k : i64 = 9 in [1, 8]

// -----

// A NaN default (hex bits of a quiet NaN) passes no range test, and without
// a range there is none; the runtime would reject the artifact.
// expected-error @+1 {{'dt.knob' op default value 0x7FC00000 : f32 is not a finite number}}
dt.knob @threshold : f32 = 0x7FC00000

// -----

// expected-error @+1 {{'dt.knob' op default value 0x7F800000 : f32 is not a finite number}}
dt.knob @threshold : f32 = 0x7F800000 in [0.0, 1.0]

// -----

// expected-note @+1 {{see existing symbol definition here}}
dt.knob @k : f32 = 1.0
// expected-error @+1 {{redefinition of symbol named 'k'}}
dt.knob @k : f32 = 2.0

// -----

func.func @f() -> f32 {
  // expected-error @+1 {{'@nope' does not reference a dt.knob}}
  %0 = dt.knob_get @nope : f32
  return %0 : f32
}

// -----

dt.knob @k : f32 = 1.0
func.func @f() -> f64 {
  // expected-error @+1 {{result type 'f64' does not match the type 'f32' of knob @k}}
  %0 = dt.knob_get @k : f64
  return %0 : f64
}

// -----

dt.knob @rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
func.func @f() -> f32 {
  // expected-error @+1 {{knob @rates is a vector: read an element, [%index]}}
  %0 = dt.knob_get @rates : f32
  return %0 : f32
}

// -----

dt.knob @k : f32 = 1.0
func.func @f(%i: index) -> f32 {
  // expected-error @+1 {{knob @k is a scalar: read it without an index}}
  %0 = dt.knob_get @k[%i] : f32
  return %0 : f32
}

// -----

dt.knob @rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
func.func @f(%i: index) -> f64 {
  // expected-error @+1 {{result type 'f64' does not match the type 'f32' of knob @rates's elements}}
  %0 = dt.knob_get @rates[%i] : f64
  return %0 : f64
}

// -----

// expected-error @+1 {{'dt.knob' op default value 0.000000e+00 : f32 is outside the range}}
dt.knob @rates : tensor<?xf32> = 0.0 in (0.0, 1.0]

// -----

func.func @f(%v: i64, %i: index) {
  // expected-error @+1 {{'dt.count' op needs a counter name}}
  dt.count %v to "" [%i]
  return
}
