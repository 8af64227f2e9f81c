func.func @f12(%a: tensor<2x8xf32>, %b: tensor<7x4xf32>) {
  %0 = dt.matmul %a, %b : (tensor<2x8xf32>, tensor<7x4xf32>) -> tensor<2x4xf32>
  return
}
