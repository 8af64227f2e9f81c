func.func @f41(%x: tensor<2x6xf32>) {
  %0 = dt.reshape %x [5, 2] : (tensor<2x6xf32>) -> tensor<5x2xf32>
  return
}
