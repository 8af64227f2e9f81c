func.func @f67(%x: tensor<2x6xf32>) {
  %0 = dt.reduce_mean %x [3] : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}
