func.func @f0(%x: tensor<2x8xf32>, %s: tensor<2x8xf32>, %r: f32) {
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?xf32>, tensor<2x?xi64>)
  return
}
