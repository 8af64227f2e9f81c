func.func @f8(%x: tensor<2x8xi32>, %w: tensor<4x8xi32>) {
  %0 = dt.linear %x, %w : (tensor<2x8xi32>, tensor<4x8xi32>) -> tensor<2x4xi32>
  return
}
