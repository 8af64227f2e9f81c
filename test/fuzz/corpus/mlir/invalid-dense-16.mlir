func.func @f16(%a: tensor<2x3xf32>) {
  %0 = "dt.exp"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}
