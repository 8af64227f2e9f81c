func.func @f10(%a: tensor<2x8xf32>, %b: tensor<8xf32>) {
  %0 = dt.matmul %a, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2xf32>
  return
}
