func.func @f53(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = dt.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}
