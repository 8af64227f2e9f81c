func.func @f24(%q: tensor<2x5x64xf32>, %k: tensor<3x5x64xf32>) {
  %0 = dt.attention %q, %k, %k head_dim 64 : (tensor<2x5x64xf32>, tensor<3x5x64xf32>, tensor<3x5x64xf32>) -> tensor<2x5x64xf32>
  return
}
