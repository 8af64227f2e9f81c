func.func @f38(%x: tensor<2x6xf32>) {
  %0 = dt.reshape %x [-1, -1] : (tensor<2x6xf32>) -> tensor<3x4xf32>
  return
}
