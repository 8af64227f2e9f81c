func.func @f30(%q: tensor<2x5x128xf32>, %v: tensor<2x5x3xf32>) {
  %0 = dt.attention %q, %q, %v head_dim 64 : (tensor<2x5x128xf32>, tensor<2x5x128xf32>, tensor<2x5x3xf32>) -> tensor<2x5x3xf32>
  return
}
