func.func @f8(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) {
  %r = arith.constant 0.5 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 2 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x6x4xf32>, tensor<2x6xi64>)
  return
}
