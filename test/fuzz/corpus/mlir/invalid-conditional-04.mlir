func.func @f4(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: tensor<3xf32>) {
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<3xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}
