func.func @f26(%q: tensor<2x5x64xf32>, %k: tensor<2x5x32xf32>) {
  %0 = dt.attention %q, %k, %k head_dim 32 : (tensor<2x5x64xf32>, tensor<2x5x32xf32>, tensor<2x5x32xf32>) -> tensor<2x5x32xf32>
  return
}
