func.func @f15(%a: tensor<2x3xf32>, %b: tensor<3xf16>) {
  %0 = dt.mul %a, %b : (tensor<2x3xf32>, tensor<3xf16>) -> tensor<2x3xf32>
  return
}
