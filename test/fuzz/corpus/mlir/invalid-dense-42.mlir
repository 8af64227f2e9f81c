func.func @f42(%x: tensor<2x6x4xf32>) {
  %0 = dt.transpose %x [1, 0] : (tensor<2x6x4xf32>) -> tensor<6x2xf32>
  return
}
