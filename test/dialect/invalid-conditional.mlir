// Every verifier message of token selection and expert routing ops.
// (dt.early_exit's region checks are in invalid-early-exit.mlir.)
// RUN: dtc-opt %s -split-input-file -verify-diagnostics

func.func @f0(%x: tensor<2x8xf32>, %s: tensor<2x8xf32>, %r: f32) {
  // expected-error @+2 {{'dt.select_tokens' op input must be 3-D [B, N, D], got 'tensor<2x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f1(%x: tensor<2x8x4xf32>, %s: tensor<2x8x1xf32>, %r: f32) {
  // expected-error @+2 {{scores must be 2-D [B, N], got 'tensor<2x8x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8x1xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f2(%x: tensor<2x8x4xf32>, %s: tensor<3x8xf32>, %r: f32) {
  // expected-error @+2 {{batch mismatch: input has 2 but scores has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<3x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f3(%x: tensor<2x8x4xf32>, %s: tensor<2x9xf32>, %r: f32) {
  // expected-error @+2 {{token count mismatch: input has 8 but scores has 9}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x9xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f4(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: tensor<3xf32>) {
  // expected-error @+2 {{batch mismatch: input has 2 but rate has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<3xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f5(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: f32) {
  // expected-error @+2 {{prefix 9 exceeds the 8 tokens}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r prefix 9 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f6(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) {
  %r = arith.constant 1.5 : f32
  // expected-error @+2 {{rate 1.500000e+00 is outside (0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f7(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) {
  %r = arith.constant dense<0.0> : tensor<2xf32>
  // expected-error @+2 {{rate 0.000000e+00 is outside (0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<2xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f8(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) {
  %r = arith.constant 0.5 : f32
  // expected-error @+2 {{'dt.select_tokens' op inferred type(s) 'tensor<2x5x4xf32>', 'tensor<2x5xi64>' are incompatible with return type(s) of operation}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %i = dt.select_tokens %x, %s, %r prefix 2 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x6x4xf32>, tensor<2x6xi64>)
  return
}

// -----

func.func @f9(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: f32) {
  // expected-error @+1 {{attribute 'prefix' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %y, %i = "dt.select_tokens"(%x, %s, %r) <{prefix = -1 : i64}> : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f10(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: i32) {
  // expected-error @+1 {{operand #2 must be float scalar or 1-D float tensor, but got 'i32'}}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, i32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}

// -----

func.func @f11(%u: tensor<2x4xf32>, %i: tensor<2x4xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{updates must be 3-D [B, K, D], got 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4xf32>, tensor<2x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f12(%u: tensor<2x4x4xf32>, %i: tensor<8xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{indices must be 2-D [B, K], got 'tensor<8xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf32>, tensor<8xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f13(%u: tensor<2x4x4xf32>, %i: tensor<2x4xi64>, %b: tensor<16x4xf32>) {
  // expected-error @+2 {{base must be 3-D [B, N, D], got 'tensor<16x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf32>, tensor<2x4xi64>, tensor<16x4xf32>) -> tensor<16x4xf32>
  return
}

// -----

func.func @f14(%u: tensor<2x4x4xf16>, %i: tensor<2x4xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{updates element type 'f16' differs from the base element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf16>, tensor<2x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f15(%u: tensor<3x4x4xf32>, %i: tensor<2x4xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{batch mismatch: base has 2 but updates has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<3x4x4xf32>, tensor<2x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f16(%u: tensor<2x4x4xf32>, %i: tensor<3x4xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{batch mismatch: base has 2 but indices has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf32>, tensor<3x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f17(%u: tensor<2x4x4xf32>, %i: tensor<2x5xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{kept count mismatch: updates has 4 but indices has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf32>, tensor<2x5xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f18(%u: tensor<2x4x5xf32>, %i: tensor<2x4xi64>, %b: tensor<2x8x4xf32>) {
  // expected-error @+2 {{feature dimension mismatch: base has 4 but updates has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x5xf32>, tensor<2x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}

// -----

func.func @f19(%x: tensor<16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{input must have rank >= 2 [..., T, D], got 'tensor<16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<16xf32>
  return
}

// -----

func.func @f20(%x: tensor<2x5x16xf32>, %r: tensor<8x16x1xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{router must be 2-D [E, D], got 'tensor<8x16x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16x1xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f21(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{up must be 3-D [E, H, D], got 'tensor<8x32xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f22(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16xf32>, %k: i64) {
  // expected-error @+2 {{down must be 3-D [E, D, H], got 'tensor<8x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f23(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf16>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{router element type 'f16' differs from the input element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf16>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f24(%x: tensor<2x5x16xf32>, %r: tensor<8x12xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{D mismatch: input has 16 but router has 12}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x12xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f25(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<4x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{expert count mismatch: router has 8 but up has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<4x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f26(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x12xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{D mismatch: input has 16 but up has 12}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x12xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f27(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<4x16x32xf32>, %k: i64) {
  // expected-error @+2 {{expert count mismatch: router has 8 but down has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<4x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f28(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x12x32xf32>, %k: i64) {
  // expected-error @+2 {{D mismatch: input has 16 but down has 12}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x12x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f29(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x24xf32>, %k: i64) {
  // expected-error @+2 {{H mismatch: up has 32 but down has 24}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x24xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f30(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %ub: tensor<32xf32>, %k: i64) {
  // expected-error @+2 {{up_bias must be 2-D [E, H], got 'tensor<32xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u bias %ub down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<32xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f31(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %ub: tensor<4x32xf32>, %k: i64) {
  // expected-error @+2 {{expert count mismatch: router has 8 but up_bias has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u bias %ub down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<4x32xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f32(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %db: tensor<8x12xf32>, %k: i64) {
  // expected-error @+2 {{feature dimension mismatch: input has 16 but down_bias has 12}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d bias %db top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, tensor<8x12xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f33(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>) {
  %k = arith.constant 9 : i64
  // expected-error @+2 {{top_k 9 is outside [1, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f34(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>) {
  %k = arith.constant 0 : i64
  // expected-error @+2 {{top_k 0 is outside [1, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f35(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i64) {
  // expected-error @+2 {{capacity_factor must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu {capacity_factor = 0.0 : f32} : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f36(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i32) {
  // expected-error @+1 {{operand #4 must be 64-bit signless integer, but got 'i32'}}
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i32) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @f37(%l: tensor<f32>, %k: i64) {
  // expected-error @+2 {{logits must have rank >= 1 [..., E], got 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %g, %e = dt.moe_route %l top_k %k gate softmax_topk : (tensor<f32>, i64) -> (tensor<?xf32>, tensor<?xi64>)
  return
}

// -----

func.func @f38(%l: tensor<5x8xf32>) {
  %k = arith.constant 10 : i64
  // expected-error @+2 {{'dt.moe_route' op top_k 10 is outside [1, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %g, %e = dt.moe_route %l top_k %k gate softmax_topk : (tensor<5x8xf32>, i64) -> (tensor<5x10xf32>, tensor<5x10xi64>)
  return
}

// -----

func.func @f39(%x: tensor<f32>, %e: tensor<2xi64>, %n: index) {
  // expected-error @+2 {{input must have rank >= 1 [..., D], got 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<f32>, tensor<2xi64>, index) -> (tensor<?xf32>, tensor<?xi64>, tensor<2xi64>)
  return
}

// -----

func.func @f40(%x: tensor<5x16xf32>, %e: tensor<2x5x2xi64>, %n: index) {
  // expected-error @+2 {{experts must be [..., k] with the input's token dimensions, got 'tensor<2x5x2xi64>' for input 'tensor<5x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<5x16xf32>, tensor<2x5x2xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<2x5x2xi64>)
  return
}

// -----

func.func @f41(%x: tensor<5x16xf32>, %e: tensor<6x2xi64>, %n: index) {
  // expected-error @+2 {{token dimension 0 mismatch: input has 5 but experts has 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<5x16xf32>, tensor<6x2xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<6x2xi64>)
  return
}

// -----

func.func @f42(%x: tensor<5x16xf32>, %e: tensor<5x2xi64>, %n: index) {
  // expected-error @+2 {{capacity_factor must be positive, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n {capacity_factor = -1.0 : f32} : (tensor<5x16xf32>, tensor<5x2xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<5x2xi64>)
  return
}

// -----

func.func @f43(%x: tensor<5x16xf32>, %e: tensor<5x2xi64>) {
  %n = arith.constant 0 : index
  // expected-error @+2 {{num_experts 0 must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<5x16xf32>, tensor<5x2xi64>, index) -> (tensor<?x16xf32>, tensor<0xi64>, tensor<5x2xi64>)
  return
}

// -----

func.func @f44(%x: tensor<2x5x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>) {
  // expected-error @+2 {{input must be 2-D [R, K], got 'tensor<2x5x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<2x5x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>) -> tensor<2x32xf32>
  return
}

// -----

func.func @f45(%x: tensor<10x16xf32>, %s: tensor<8x1xi64>, %w: tensor<8x32x16xf32>) {
  // expected-error @+2 {{group_sizes must be 1-D [E], got 'tensor<8x1xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8x1xi64>, tensor<8x32x16xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f46(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<32x16xf32>) {
  // expected-error @+2 {{weight must be 3-D [E, N, K], got 'tensor<32x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<32x16xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f47(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf16>) {
  // expected-error @+2 {{weight element type 'f16' differs from the input element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf16>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f48(%x: tensor<10x16xf32>, %s: tensor<4xi64>, %w: tensor<8x32x16xf32>) {
  // expected-error @+2 {{group count mismatch: weight has 8 but group_sizes has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<4xi64>, tensor<8x32x16xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f49(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x12xf32>) {
  // expected-error @+2 {{K mismatch: input has 16 but weight has 12}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x12xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f50(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{bias must be 2-D [E, N], got 'tensor<32xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w, %b : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>, tensor<32xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f51(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>, %b: tensor<4x32xf32>) {
  // expected-error @+2 {{group count mismatch: weight has 8 but bias has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w, %b : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>, tensor<4x32xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f52(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>, %b: tensor<8x31xf32>) {
  // expected-error @+2 {{N mismatch: weight has 32 but bias has 31}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.grouped_linear %x, %s, %w, %b : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>, tensor<8x31xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @f53(%o: tensor<16xf32>, %s: tensor<5x2xi64>, %g: tensor<5x2xf32>) {
  // expected-error @+2 {{rows must be 2-D [R, D], got 'tensor<16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe_combine %o, %s, %g : (tensor<16xf32>, tensor<5x2xi64>, tensor<5x2xf32>) -> tensor<5x16xf32>
  return
}

// -----

func.func @f54(%o: tensor<10x16xf32>, %s: tensor<i64>, %g: tensor<f32>) {
  // expected-error @+2 {{slots must have rank >= 1 [..., k], got 'tensor<i64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe_combine %o, %s, %g : (tensor<10x16xf32>, tensor<i64>, tensor<f32>) -> tensor<16xf32>
  return
}

// -----

func.func @f55(%o: tensor<10x16xf32>, %s: tensor<5x2xi64>, %g: tensor<5x3xf32>) {
  // expected-error @+2 {{gates 'tensor<5x3xf32>' must have the shape of slots 'tensor<5x2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.moe_combine %o, %s, %g : (tensor<10x16xf32>, tensor<5x2xi64>, tensor<5x3xf32>) -> tensor<5x16xf32>
  return
}
