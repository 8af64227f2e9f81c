func.func @f66(%x: tensor<2x6xf32>) {
  %0 = dt.reduce_sum %x [] : (tensor<2x6xf32>) -> tensor<2x6xf32>
  return
}
