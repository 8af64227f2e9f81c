func.func @f51(%x: tensor<10x16xf32>, %s: tensor<8xi64>, %w: tensor<8x32x16xf32>, %b: tensor<4x32xf32>) {
  %0 = dt.grouped_linear %x, %s, %w, %b : (tensor<10x16xf32>, tensor<8xi64>, tensor<8x32x16xf32>, tensor<4x32xf32>) -> tensor<10x32xf32>
  return
}
