func.func @f62(%x: tensor<2x6x4xf32>, %i: tensor<3xi64>) {
  %0 = dt.gather %x, %i axis 1 : (tensor<2x6x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  return
}
