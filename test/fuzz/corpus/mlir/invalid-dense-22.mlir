func.func @f22(%q: tensor<2x64xf32>) {
  %0 = dt.attention %q, %q, %q head_dim 64 : (tensor<2x64xf32>, tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x64xf32>
  return
}
