func.func @f27(%q: tensor<2x5x64xf32>, %k: tensor<2x5x64xf32>, %v: tensor<2x6x64xf32>) {
  %0 = dt.attention %q, %k, %v head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x6x64xf32>) -> tensor<2x5x64xf32>
  return
}
