func.func @f61(%x: tensor<2x6xf32>, %i: tensor<2x3xi64>) {
  %0 = dt.gather %x, %i axis 2 : (tensor<2x6xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return
}
