func.func @f70(%x: tensor<2x6xf32>) {
  %0 = dt.argmax %x axis 1 : (tensor<2x6xf32>) -> tensor<2xi32>
  return
}
