func.func @f45(%x: tensor<2x6xf32>) {
  %0 = dt.squeeze %x axis 2 : (tensor<2x6xf32>) -> tensor<2xf32>
  return
}
