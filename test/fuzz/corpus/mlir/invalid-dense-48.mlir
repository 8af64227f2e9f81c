func.func @f48(%x: tensor<1x4xf32>) {
  %0 = dt.broadcast %x : tensor<1x4xf32> -> tensor<4xf32>
  return
}
