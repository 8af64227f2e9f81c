func.func @f17(%a: tensor<2x3xf32>) {
  %0 = dt.softmax %a {axis = 2} : tensor<2x3xf32>
  return
}
