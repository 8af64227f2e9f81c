func.func @f44(%x: tensor<2x5x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>) {
  %0 = dt.grouped_linear %x, %s, %w : (tensor<2x5x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>) -> tensor<2x32xf32>
  return
}
