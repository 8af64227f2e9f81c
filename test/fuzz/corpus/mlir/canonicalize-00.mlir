func.func @select_rate_one_static(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> (tensor<2x8x4xf32>, tensor<2x8xi64>) {
  %r = arith.constant 1.0 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 1 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x8x4xf32>, tensor<2x8xi64>)
  return %y, %i : tensor<2x8x4xf32>, tensor<2x8xi64>
}

func.func @select_rate_one_dynamic(%x: tensor<?x?x4xf32>, %s: tensor<?x?xf32>) -> (tensor<?x?x4xf32>, tensor<?x?xi64>) {
  %r = arith.constant 1.0 : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<?x?x4xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x4xf32>, tensor<?x?xi64>)
  return %y, %i : tensor<?x?x4xf32>, tensor<?x?xi64>
}

func.func @select_per_sample_rate_one(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = arith.constant dense<1.0> : tensor<2xf32>
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, tensor<2xf32>) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}

func.func @select_rate_half(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x5x4xf32> {
  %r = arith.constant 0.5 : f32
  %y, %i = dt.select_tokens %x, %s, %r prefix 2 : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x5x4xf32>, tensor<2x5xi64>)
  return %y : tensor<2x5x4xf32>
}
