func.func @f40(%x: tensor<2x6xf32>) {
  %0 = dt.reshape %x [5, -1] : (tensor<2x6xf32>) -> tensor<5x2xf32>
  return
}
