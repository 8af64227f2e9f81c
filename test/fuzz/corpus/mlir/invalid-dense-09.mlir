func.func @f9(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  %0 = dt.matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}
