func.func @f32(%q: tensor<2x5x64xf32>, %m: tensor<5x6xi1>) {
  %0 = dt.attention %q, %q, %q mask %m head_dim 64 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<2x5x64xf32>, tensor<5x6xi1>) -> tensor<2x5x64xf32>
  return
}
