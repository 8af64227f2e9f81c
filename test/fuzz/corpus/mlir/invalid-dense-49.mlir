func.func @f49(%x: tensor<3x4xf32>) {
  %0 = dt.broadcast %x : tensor<3x4xf32> -> tensor<2x5x4xf32>
  return
}
