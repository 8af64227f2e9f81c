func.func @f28(%q: tensor<2x5x64xf32>) {
  %0 = dt.attention %q, %q, %q head_dim 48 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5x64xf32>
  return
}
