func.func @f7(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) {
  %r = arith.constant dense<0.0> : tensor<2xf32>
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<2xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return
}
