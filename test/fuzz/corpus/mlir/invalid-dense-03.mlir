func.func @f3(%x: tensor<2x8xf32>, %w: tensor<4x6xf32>) {
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return
}
