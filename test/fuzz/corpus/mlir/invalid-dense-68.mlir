func.func @f68(%x: tensor<2x6xf32>) {
  %0 = dt.reduce_max %x [1, -1] : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}
