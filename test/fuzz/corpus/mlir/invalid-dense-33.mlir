func.func @f33(%t: tensor<10x4x4xf32>, %i: tensor<3xi64>) {
  %0 = dt.embedding %t, %i : (tensor<10x4x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}
