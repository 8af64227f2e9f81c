func.func @f29(%q: tensor<2x5x64xf32>) {
  %0 = dt.attention %q, %q, %q head_dim 0 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5x64xf32>
  return
}
