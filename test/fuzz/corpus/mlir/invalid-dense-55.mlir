func.func @f55(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  %0 = dt.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}
