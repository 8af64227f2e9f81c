// Every verifier message of the dense dt ops, one case per split.
// RUN: dtc-opt %s -split-input-file -verify-diagnostics

func.func @f0(%x: tensor<f32>, %w: tensor<4x8xf32>) {
  // expected-error @+2 {{'dt.linear' op input must have rank >= 1, got 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w : (tensor<f32>, tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f1(%x: tensor<2x8xf32>, %w: tensor<4x8x1xf32>) {
  // expected-error @+2 {{weight must be 2-D [N, K], got 'tensor<4x8x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8x1xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f2(%x: tensor<2x8xf32>, %w: tensor<4x8xf16>) {
  // expected-error @+2 {{weight element type 'f16' differs from the input element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f3(%x: tensor<2x8xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+2 {{K mismatch: input has 8 but weight has 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f4(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+2 {{bias must be 1-D [N], got 'tensor<1x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f5(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf16>) {
  // expected-error @+2 {{bias element type 'f16' differs from the input element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f6(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{N mismatch: weight has 4 but bias has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<5xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f7(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error @+2 {{'dt.linear' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @f8(%x: tensor<2x8xi32>, %w: tensor<4x8xi32>) {
  // expected-error @+1 {{'dt.linear' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<2x8xi32>'}}
  %0 = dt.linear %x, %w : (tensor<2x8xi32>, tensor<4x8xi32>) -> tensor<2x4xi32>
  return
}

// -----

func.func @f9(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+2 {{lhs must have rank >= 2, got 'tensor<8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f10(%a: tensor<2x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{rhs must have rank >= 2, got 'tensor<8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.matmul %a, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f11(%a: tensor<2x8xf32>, %b: tensor<8x4xf16>) {
  // expected-error @+2 {{rhs element type 'f16' differs from the lhs element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.matmul %a, %b : (tensor<2x8xf32>, tensor<8x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f12(%a: tensor<2x8xf32>, %b: tensor<7x4xf32>) {
  // expected-error @+2 {{K mismatch: lhs has 8 but rhs has 7}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.matmul %a, %b : (tensor<2x8xf32>, tensor<7x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f13(%a: tensor<3x2x8xf32>, %b: tensor<4x8x4xf32>) {
  // expected-error @+2 {{batch dimensions are not broadcast-compatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.matmul %a, %b : (tensor<3x2x8xf32>, tensor<4x8x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @f14(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'dt.add' op operands are not broadcast-compatible: 'tensor<2x3xf32>' and 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @f15(%a: tensor<2x3xf32>, %b: tensor<3xf16>) {
  // expected-error @+2 {{'dt.mul' op rhs element type 'f16' differs from the lhs element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.mul %a, %b : (tensor<2x3xf32>, tensor<3xf16>) -> tensor<2x3xf32>
  return
}

// -----

func.func @f16(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'dt.exp' op requires the same type for all operands and results}}
  %0 = "dt.exp"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @f17(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'dt.softmax' op axis 2 is out of range for input of rank 2}}
  %0 = dt.softmax %a {axis = 2} : tensor<2x3xf32>
  return
}

// -----

func.func @f18(%x: tensor<f32>, %g: tensor<4xf32>) {
  // expected-error @+2 {{'dt.rms_norm' op input must have rank >= 1, got 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.rms_norm %x, %g : (tensor<f32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @f19(%x: tensor<2x4xf32>, %g: tensor<1x4xf32>) {
  // expected-error @+2 {{'dt.layer_norm' op scale must be 1-D [D], got 'tensor<1x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.layer_norm %x, %g, %g : (tensor<2x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f20(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+2 {{bias element type 'f16' differs from the input element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.layer_norm %x, %g, %b : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f21(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{D mismatch: input has 4 but bias has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.layer_norm %x, %g, %b : (tensor<2x4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f22(%q: tensor<2x64xf32>) {
  // expected-error @+2 {{query must be 3-D [B, N, D], got 'tensor<2x64xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %q head_dim 64 : (tensor<2x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x64xf32>
  return
}

// -----

// No features: zero heads, which the value width used to be divided by.
func.func @zero_features(%q: tensor<2x5x0xf32>) {
  // expected-error @+2 {{query feature dimension is 0: attention needs at least one feature per head}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %q head_dim 64 : (tensor<2x5x0xf32>, tensor<2x5x0xf32>, tensor<2x5x0xf32>) -> tensor<2x5x0xf32>
  return
}

// -----

func.func @f23(%q: tensor<2x5x64xf32>, %k: tensor<2x5x64xf16>) {
  // expected-error @+2 {{key element type 'f16' differs from the query element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %k, %k head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf16>, tensor<2x5x64xf16>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f24(%q: tensor<2x5x64xf32>, %k: tensor<3x5x64xf32>) {
  // expected-error @+2 {{batch mismatch: query has 2 but key has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %k, %k head_dim 64 : (tensor<2x5x64xf32>, tensor<3x5x64xf32>, tensor<3x5x64xf32>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f25(%q: tensor<2x5x64xf32>, %k: tensor<2x5x64xf32>, %v: tensor<3x5x64xf32>) {
  // expected-error @+2 {{batch mismatch: query has 2 but value has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %k, %v head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<3x5x64xf32>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f26(%q: tensor<2x5x64xf32>, %k: tensor<2x5x32xf32>) {
  // expected-error @+2 {{feature dimension mismatch: query has 64 but key has 32}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %k, %k head_dim 32 : (tensor<2x5x64xf32>, tensor<2x5x32xf32>, tensor<2x5x32xf32>) -> tensor<2x5x32xf32>
  return
}

// -----

func.func @f27(%q: tensor<2x5x64xf32>, %k: tensor<2x5x64xf32>, %v: tensor<2x6x64xf32>) {
  // expected-error @+2 {{key length mismatch: key has 5 but value has 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %k, %v head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x6x64xf32>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f28(%q: tensor<2x5x64xf32>) {
  // expected-error @+2 {{head_dim 48 does not divide the query feature dimension 64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %q head_dim 48 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f29(%q: tensor<2x5x64xf32>) {
  // expected-error @+1 {{attribute 'head_dim' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = dt.attention %q, %q, %q head_dim 0 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f30(%q: tensor<2x5x128xf32>, %v: tensor<2x5x3xf32>) {
  // expected-error @+2 {{value feature dimension 3 is not divisible by the 2 heads}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %v head_dim 64 : (tensor<2x5x128xf32>, tensor<2x5x128xf32>, tensor<2x5x3xf32>) -> tensor<2x5x3xf32>
  return
}

// -----

func.func @f31(%q: tensor<2x5x64xf32>, %m: tensor<1x2x1x5x5xi1>) {
  // expected-error @+2 {{mask must have rank <= 4 (broadcast to [B, H, Nq, Nk]), got 'tensor<1x2x1x5x5xi1>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %q mask %m head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<1x2x1x5x5xi1>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f32(%q: tensor<2x5x64xf32>, %m: tensor<5x6xi1>) {
  // expected-error @+2 {{mask 'tensor<5x6xi1>' does not broadcast to [B, H, Nq, Nk] = [2, 1, 5, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention %q, %q, %q mask %m head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<5x6xi1>) -> tensor<2x5x64xf32>
  return
}

// -----

func.func @f33(%t: tensor<10x4x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{table must be 2-D [V, D], got 'tensor<10x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.embedding %t, %i : (tensor<10x4x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f34(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = dt.embedding %t, %i : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f35(%x: tensor<2x32x32xf32>) {
  // expected-error @+2 {{input must be 4-D [B, H, W, C], got 'tensor<2x32x32xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.patchify %x patch_size 16 : (tensor<2x32x32xf32>) -> tensor<2x4x768xf32>
  return
}

// -----

func.func @f36(%x: tensor<2x30x32x3xf32>) {
  // expected-error @+2 {{input height 30 is not a multiple of the patch size 16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.patchify %x patch_size 16 : (tensor<2x30x32x3xf32>) -> tensor<2x2x768xf32>
  return
}

// -----

func.func @f37(%x: tensor<2x32x40x3xf32>) {
  // expected-error @+2 {{input width 40 is not a multiple of the patch size 16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.patchify %x patch_size 16 : (tensor<2x32x40x3xf32>) -> tensor<2x2x768xf32>
  return
}

// -----

func.func @f38(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{shape may hold at most one -1, got [-1, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reshape %x [-1, -1] : (tensor<2x6xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f39(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{shape extent -2 is negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reshape %x [-2, 6] : (tensor<2x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f40(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{cannot reshape 12 elements into [5, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reshape %x [5, -1] : (tensor<2x6xf32>) -> tensor<5x2xf32>
  return
}

// -----

func.func @f41(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{cannot reshape 12 elements into [5, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reshape %x [5, 2] : (tensor<2x6xf32>) -> tensor<5x2xf32>
  return
}

// -----

func.func @f42(%x: tensor<2x6x4xf32>) {
  // expected-error @+2 {{permutation has 2 entries for input of rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.transpose %x [1, 0] : (tensor<2x6x4xf32>) -> tensor<6x2xf32>
  return
}

// -----

func.func @f43(%x: tensor<2x6x4xf32>) {
  // expected-error @+2 {{permutation [1, 1, 0] is not a permutation of 0..2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.transpose %x [1, 1, 0] : (tensor<2x6x4xf32>) -> tensor<6x6x2xf32>
  return
}

// -----

func.func @f44(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{axis 3 is out of range for a result of rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.expand_dims %x axis 3 : (tensor<2x6xf32>) -> tensor<2x6x1xf32>
  return
}

// -----

func.func @f45(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.squeeze' op axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.squeeze %x axis 2 : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f46(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{axis 1 has extent 6, not 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.squeeze %x axis 1 : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f47(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'dt.broadcast' op result element type 'f16' differs from the input element type 'f32'}}
  %0 = dt.broadcast %x : tensor<1x4xf32> -> tensor<3x4xf16>
  return
}

// -----

func.func @f48(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{cannot broadcast 'tensor<1x4xf32>' to the lower-rank 'tensor<4xf32>'}}
  %0 = dt.broadcast %x : tensor<1x4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f49(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{input dimension 0 of extent 3 cannot broadcast to 5}}
  %0 = dt.broadcast %x : tensor<3x4xf32> -> tensor<2x5x4xf32>
  return
}

// -----

func.func @f50(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'dt.broadcast' op needs one size operand per dynamic dimension: 1 expected, 0 given}}
  %0 = dt.broadcast %x : tensor<1x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @f51() {
  // expected-error @+2 {{'dt.concat' op needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "dt.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @f52(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'dt.concat' op axis 2 is out of range for inputs of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.concat %a, %a axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f53(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{input #1 has rank 1 but input #0 has rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f54(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+2 {{input #1 element type 'f16' differs from the input #0 element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f55(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{dimension 0 mismatch: input #0 has 2 but input #1 has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f56(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.slice' op axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.slice %x axis 2 start 0 : (tensor<2x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f57(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{start -1 is negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.slice %x axis 1 start -1 : (tensor<2x6xf32>) -> tensor<2x7xf32>
  return
}

// -----

func.func @f58(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{end 2 must be greater than start 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.slice %x axis 1 start 2 end 2 : (tensor<2x6xf32>) -> tensor<2x0xf32>
  return
}

// -----

func.func @f59(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{end 9 exceeds the extent 6 of axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.slice %x axis 1 start 2 end 9 : (tensor<2x6xf32>) -> tensor<2x7xf32>
  return
}

// -----

func.func @f60(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{start 6 is not below the extent 6 of axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.slice %x axis 1 start 6 : (tensor<2x6xf32>) -> tensor<2x0xf32>
  return
}

// -----

func.func @f61(%x: tensor<2x6xf32>, %i: tensor<2x3xi64>) {
  // expected-error @+2 {{'dt.gather' op axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.gather %x, %i axis 2 : (tensor<2x6xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @f62(%x: tensor<2x6x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{indices must have rank axis + 1 = 2, got 'tensor<3xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.gather %x, %i axis 1 : (tensor<2x6x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @f63(%x: tensor<2x6x4xf32>, %i: tensor<5x3xi64>) {
  // expected-error @+2 {{batch dimension 0 mismatch: input has 2 but indices has 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.gather %x, %i axis 1 : (tensor<2x6x4xf32>, tensor<5x3xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @f64() {
  // expected-error @+1 {{'dt.iota' op needs one size operand per dynamic dimension: 1 expected, 0 given}}
  %0 = dt.iota axis 0 : tensor<?xi64>
  return
}

// -----

func.func @f65() {
  // expected-error @+1 {{'dt.iota' op axis 1 is out of range for a result of rank 1}}
  %0 = dt.iota axis 1 : tensor<4xi64>
  return
}

// -----

func.func @f66(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.reduce_sum' op axes must not be empty}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reduce_sum %x [] : (tensor<2x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f67(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.reduce_mean' op axis 3 is out of range for input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reduce_mean %x [3] : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f68(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.reduce_max' op axis -1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.reduce_max %x [1, -1] : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f69(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{'dt.argmax' op axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.argmax %x axis 2 : (tensor<2x6xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @f70(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{'dt.argmax' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = dt.argmax %x axis 1 : (tensor<2x6xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @attention_weights_row(%q: tensor<2x5x64xf32>) {
  // expected-error @+2 {{row 5 is not a query position of 'tensor<2x5x64xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention_weights %q, %q head_dim 32 row 5 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @attention_weights_heads(%q: tensor<2x5x64xf32>) {
  // expected-error @+2 {{head_dim 48 does not divide the query feature dimension 64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = dt.attention_weights %q, %q head_dim 48 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5xf32>
  return
}
