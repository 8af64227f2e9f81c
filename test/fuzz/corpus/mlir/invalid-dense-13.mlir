func.func @f13(%a: tensor<3x2x8xf32>, %b: tensor<4x8x4xf32>) {
  %0 = dt.matmul %a, %b : (tensor<3x2x8xf32>, tensor<4x8x4xf32>) -> tensor<3x2x4xf32>
  return
}
