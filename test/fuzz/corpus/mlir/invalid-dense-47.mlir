func.func @f47(%x: tensor<1x4xf32>) {
  %0 = dt.broadcast %x : tensor<1x4xf32> -> tensor<3x4xf16>
  return
}
