func.func @f52(%a: tensor<2x3xf32>) {
  %0 = dt.concat %a, %a axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}
