func.func @f47(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf16>) {
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf16>) -> tensor<10x32xf32>
  return
}
