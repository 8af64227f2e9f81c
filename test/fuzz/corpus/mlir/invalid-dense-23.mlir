func.func @f23(%q: tensor<2x5x64xf32>, %k: tensor<2x5x64xf16>) {
  %0 = dt.attention %q, %k, %k head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf16>, tensor<2x5x64xf16>) -> tensor<2x5x64xf32>
  return
}
