func.func @f10(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: i32) {
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, i32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}
