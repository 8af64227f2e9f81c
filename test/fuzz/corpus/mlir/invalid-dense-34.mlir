func.func @f34(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  %0 = dt.embedding %t, %i : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}
