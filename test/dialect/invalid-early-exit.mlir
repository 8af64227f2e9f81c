// Every verifier message of dt.early_exit and dt.yield.
// RUN: dtc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op policy max_prob takes one float threshold, got 2 value(s)}}
  %l, %e = dt.early_exit max_prob(%t, %t : f32, f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op policy patience takes one integer patience, got 1 value(s)}}
  %l, %e = dt.early_exit patience(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op policy recursive takes two float thresholds (confidence, gain), got 1 value(s)}}
  %l, %e, %o = dt.early_exit recursive(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op policy entropy takes one float threshold, got 0 value(s)}}
  %l, %e = "dt.early_exit"(%n, %x) <{operandSegmentSizes = array<i32: 0, 1, 1>, policy = 1 : i32}> ({
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }) : (index, tensor<?x16xf32>) -> (tensor<?x16xf32>, tensor<?xi32>)
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op only the recursive policy has an offload result}}
  %l, %e, %o = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op the recursive policy needs an offload result}}
  %l, %e = dt.early_exit recursive(%t, %t : f32, f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op needs at least one input}}
  %l, %e = "dt.early_exit"(%t, %n) <{operandSegmentSizes = array<i32: 1, 1, 0>, policy = 0 : i32}> ({
  ^bb0(%s: index):
    %c = arith.constant dense<0.0> : tensor<1x16xf32>
    dt.yield %c : tensor<1x16xf32>
  }) : (f32, index) -> (tensor<?x16xf32>, tensor<?xi32>)
  return
}

// -----

func.func @f(%x: tensor<f32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op input #0 must have a batch dimension}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<f32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<f32>):
    %c = arith.constant dense<0.0> : tensor<1x16xf32>
    dt.yield %h, %c : tensor<f32>, tensor<1x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<2x16xf32>, %y: tensor<3x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op input #1 has batch 3 but earlier inputs have 2}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x, %y : tensor<2x16xf32>, tensor<3x16xf32>) -> tensor<2x16xf32>, tensor<2xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>, %h2: tensor<?x16xf32>):
    dt.yield %h, %h2, %h : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op logits result must be 2-D [B, C], got 'tensor<?x4x4xf32>'}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x4x4xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op exit_index result must be 1-D [B], got 'tensor<?x1xi32>'}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?x1xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<2x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op exit_index result has batch 3 but the inputs have 2}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<2x16xf32>) -> tensor<2x16xf32>, tensor<3xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op body must take the stage index and one argument per input: 2 expected, 1 given}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op body argument #0 (the stage index) must be index}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: i64, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<4x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op body argument #1 must match input #0 ('tensor<4x16xf32>') with a dynamic batch dimension, got 'tensor<4x16xf32>'}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<4x16xf32>) -> tensor<4x16xf32>, tensor<4xi32> {
  ^bb0(%s: index, %h: tensor<4x16xf32>):
    dt.yield %h, %h : tensor<4x16xf32>, tensor<4x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-error @+1 {{'dt.early_exit' op body must end with dt.yield}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    "test.terminator"() : () -> ()
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    // expected-error @+1 {{'dt.yield' op must yield the next stage's inputs and the stage logits: 2 values expected, 1 given}}
    dt.yield %h : tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    %c = arith.constant dense<0.0> : tensor<1x8xf32>
    // expected-error @+1 {{'dt.yield' op value #0 of type 'tensor<1x8xf32>' does not match body argument #1 of type 'tensor<?x16xf32>'}}
    dt.yield %c, %h : tensor<1x8xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x10xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    // expected-error @+1 {{'dt.yield' op last value must be the stage logits, compatible with [?, 10] of 'f32', got 'tensor<?x16xf32>'}}
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  // expected-note @+1 {{required by region isolation constraints}}
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    // expected-error @+1 {{using value defined outside the region}}
    dt.yield %h, %x : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{'dt.yield' op expects parent op 'dt.early_exit'}}
  dt.yield %x : tensor<?x16xf32>
}
