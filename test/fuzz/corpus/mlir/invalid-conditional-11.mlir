func.func @f11(%u: tensor<2x4xf32>, %i: tensor<2x4xi64>, %b: tensor<2x8x4xf32>) {
  %0 = dt.restore_tokens %u, %i into %b : (tensor<2x4xf32>, tensor<2x4xi64>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return
}
