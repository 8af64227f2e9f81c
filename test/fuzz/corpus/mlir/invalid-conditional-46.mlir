func.func @f46(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<32x16xf32>) {
  %0 = dt.grouped_linear %x, %s, %w : (tensor<10x16xf32>, tensor<8xi64>, tensor<32x16xf32>) -> tensor<10x32xf32>
  return
}
