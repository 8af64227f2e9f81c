dt.knob @keep_rate : f32 = 1.0 in [1.0, 1.0]
dt.knob @free_rate : f32 = 1.0 in (0.0, 1.0]

func.func @constant_knob(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = dt.knob_get @keep_rate : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}

func.func @free_knob(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>) -> tensor<2x?x4xf32> {
  %r = dt.knob_get @free_rate : f32
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  return %y : tensor<2x?x4xf32>
}
