func.func @f13(%u: tensor<2x4x4xf32>, %i: tensor<2x4xi64>, %b: tensor<16x4xf32>) {
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4x4xf32>, tensor<2x4xi64>, tensor<16x4xf32>) -> tensor<16x4xf32>
  return
}
