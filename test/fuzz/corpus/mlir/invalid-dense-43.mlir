func.func @f43(%x: tensor<2x6x4xf32>) {
  %0 = dt.transpose %x [1, 1, 0] : (tensor<2x6x4xf32>) -> tensor<6x6x2xf32>
  return
}
