func.func @f31(%q: tensor<2x5x64xf32>, %m: tensor<1x2x1x5x5xi1>) {
  %0 = dt.attention %q, %q, %q mask %m head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<1x2x1x5x5xi1>) -> tensor<2x5x64xf32>
  return
}
