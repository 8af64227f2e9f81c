func.func @f63(%x: tensor<2x6x4xf32>, %i: tensor<5x3xi64>) {
  %0 = dt.gather %x, %i axis 1 : (tensor<2x6x4xf32>, tensor<5x3xi64>) -> tensor<2x3x4xf32>
  return
}
