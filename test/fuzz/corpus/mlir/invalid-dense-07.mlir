func.func @f7(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) {
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x5xf32>
  return
}
