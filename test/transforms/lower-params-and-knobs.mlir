// dt-lower-params-and-knobs: the entry-point ABI.
// RUN: dtc-opt %s --dt-lower-params-and-knobs --split-input-file --verify-diagnostics | FileCheck %s

dt.param @w : tensor<4x8xf32>
dt.param @blocks.w : tensor<3x4x8xf32>
dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]
dt.knob @top_k : i64 = 2 in [1, 8]

// Inputs first, then every parameter, then every knob, in declaration order.
// CHECK-NOT: dt.param @
// CHECK-NOT: dt.knob @
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x8xf32>, %[[I:[^:]*]]: index,
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x8xf32> {dt.param = @w},
// CHECK-SAME: %[[B:[^:]*]]: tensor<3x4x8xf32> {dt.param = @blocks.w},
// CHECK-SAME: %[[R:[^:]*]]: f32 {dt.knob = @keep_rate},
// CHECK-SAME: %[[K:[^:]*]]: i64 {dt.knob = @top_k})
// CHECK-SAME: attributes {llvm.emit_c_interface}
// A layer index of unknown range is checked by the compiled code.
// CHECK: %[[N:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<3x4x8xf32>
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[I]], %[[N]] : index
// CHECK: cf.assert %[[OK]], "layer index past the stacked layers of @blocks.w"
// CHECK: %[[L:.*]] = tensor.extract_slice %[[B]][%[[I]], 0, 0] [1, 4, 8] [1, 1, 1] : tensor<3x4x8xf32> to tensor<4x8xf32>
// CHECK: dt.linear %[[X]], %[[W]]
// CHECK: dt.linear %{{.*}}, %[[L]]
// CHECK: return %{{.*}}, %[[R]], %[[K]]
func.func @main(%x: tensor<2x8xf32>, %i: index) -> (tensor<2x4xf32>, f32, i64) {
  %w = dt.param_load @w : tensor<4x8xf32>
  %l = dt.param_load @blocks.w[%i] : tensor<4x8xf32>
  %y = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %wt = dt.transpose %y [1, 0] : (tensor<2x4xf32>) -> tensor<4x2xf32>
  %z = dt.linear %x, %l : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %r = dt.knob_get @keep_rate : f32
  %k = dt.knob_get @top_k : i64
  return %z, %r, %k : tensor<2x4xf32>, f32, i64
}

// Every entry point gets the same arguments, used or not.
// CHECK-LABEL: func.func @other
// CHECK-SAME: (%{{.*}}: tensor<4x8xf32> {dt.param = @w}, %{{.*}}: tensor<3x4x8xf32> {dt.param = @blocks.w}, %{{.*}}: f32 {dt.knob = @keep_rate}, %{{.*}}: i64 {dt.knob = @top_k})
func.func @other() {
  return
}

// -----

dt.param @w : tensor<4x8xf32>
func.func @main() -> tensor<4x8xf32> {
  %0 = call @helper() : () -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func private @helper() -> tensor<4x8xf32> {
  // expected-error @+1 {{reads a parameter or knob in @helper, which is not an entry point: inline it first}}
  %w = dt.param_load @w : tensor<4x8xf32>
  return %w : tensor<4x8xf32>
}

// -----

dt.knob @t : f32 = 0.5 in [0.0, 1.0]
func.func @main(%x: tensor<?x4xf32>, %n: index) -> (tensor<?x4xf32>, tensor<?xi32>) {
  %t0 = dt.knob_get @t : f32
  %l, %e = dt.early_exit max_prob(%t0 : f32) stages %n inputs(%x : tensor<?x4xf32>) -> tensor<?x4xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x4xf32>):
    // expected-error @+1 {{cannot become an entry argument inside 'dt.early_exit': lower that op first}}
    %t = dt.knob_get @t : f32
    dt.yield %h, %h : tensor<?x4xf32>, tensor<?x4xf32>
  }
  return %l, %e : tensor<?x4xf32>, tensor<?xi32>
}

// -----

// A vector knob is a rank-1 tensor argument; an element read is that
// element, or the knob's default past the values the application set.
dt.knob @rates : tensor<?xf32> = 0.5 in (0.0, 1.0]
// CHECK-LABEL: func.func @layers
// CHECK-SAME: (%[[I:[^:]*]]: index, %[[R:[^:]*]]: tensor<?xf32> {dt.knob = @rates})
// CHECK: %[[N:.*]] = tensor.dim %[[R]], %c0
// CHECK: %[[SET:.*]] = arith.cmpi ult, %[[I]], %[[N]]
// CHECK: %[[V:.*]] = scf.if %[[SET]] -> (f32) {
// CHECK:   %[[E:.*]] = tensor.extract %[[R]][%[[I]]]
// CHECK:   scf.yield %[[E]]
// CHECK: } else {
// CHECK:   %[[D:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:   scf.yield %[[D]]
// CHECK: return %[[V]]
func.func @layers(%i: index) -> f32 {
  %r = dt.knob_get @rates[%i] : f32
  return %r : f32
}

// -----

// A loop with constant bounds over every stacked layer needs no run-time
// check.
dt.param @blocks.w : tensor<3x4x8xf32>

// CHECK-LABEL: func.func @every_layer
// CHECK-NOT: cf.assert
// CHECK: return
func.func @every_layer(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %y = scf.for %i = %c0 to %c3 step %c1 iter_args(%t = %x) -> (tensor<2x8xf32>) {
    %l = dt.param_load @blocks.w[%i] : tensor<4x8xf32>
    %z = dt.linear %t, %l : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %p = dt.concat %z, %z axis 1 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
    scf.yield %p : tensor<2x8xf32>
  }
  return %y : tensor<2x8xf32>
}

// -----

// One loop iteration too many reads past the stack: an error at the read.
dt.param @blocks.w : tensor<3x4x8xf32>

func.func @past_the_stack(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %y = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %x) -> (tensor<2x8xf32>) {
    // expected-error @+1 {{'dt.param_load' op reads layer 3 of @blocks.w, which stacks 3 layers (the weights give its leading extent)}}
    %l = dt.param_load @blocks.w[%i] : tensor<4x8xf32>
    %z = dt.linear %t, %l : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
    %p = dt.concat %z, %z axis 1 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
    scf.yield %p : tensor<2x8xf32>
  }
  return %y : tensor<2x8xf32>
}
