func.func @f69(%x: tensor<2x6xf32>) {
  %0 = dt.argmax %x axis 2 : (tensor<2x6xf32>) -> tensor<2xi64>
  return
}
