func.func @f2(%x: tensor<2x8xf32>, %w: tensor<4x8xf16>) {
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf16>) -> tensor<2x4xf32>
  return
}
