dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]

func.func @main(%x: tensor<?x?x4xf32> {dt.name = "x"})
    -> (tensor<?x?x4xf32> {dt.name = "kept_tokens"}) {
  %s = dt.reduce_sum %x [-1] : (tensor<?x?x4xf32>) -> tensor<?x?xf32>
  %r = dt.knob_get @keep_rate : f32
  %y, %idx = dt.select_tokens %x, %s, %r : (tensor<?x?x4xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x4xf32>, tensor<?x?xi64>)
  return %y : tensor<?x?x4xf32>
}
