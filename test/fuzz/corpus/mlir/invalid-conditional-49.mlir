func.func @f49(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x12xf32>) {
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x12xf32>) -> tensor<10x32xf32>
  return
}
