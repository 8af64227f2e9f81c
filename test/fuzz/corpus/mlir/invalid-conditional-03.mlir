func.func @f3(%x: tensor<2x8x4xf32>, %s: tensor<2x9xf32>, %r: f32) {
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x9xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}
