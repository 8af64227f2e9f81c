func.func @f46(%x: tensor<2x6xf32>) {
  %0 = dt.squeeze %x axis 1 : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}
