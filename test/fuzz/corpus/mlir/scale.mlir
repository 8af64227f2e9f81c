dt.param @w : tensor<?x?xf32>
dt.knob @scale : f32 = 1.0 in (0.0, 4.0]
dt.knob @repeats : i64 = 1 in [1, 3]

func.func @main(%x: tensor<?x4xf32> {dt.name = "x"})
    -> (tensor<?x?xf32> {dt.name = "y"}) {
  %w = dt.param_load @w : tensor<?x?xf32>
  %y = dt.linear %x, %w : (tensor<?x4xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %s = dt.knob_get @scale : f32
  %st = tensor.from_elements %s : tensor<f32>
  %r = dt.mul %y, %st : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @identity(%x: tensor<2x?xf32> {dt.name = "x"})
    -> (tensor<2x?xf32> {dt.name = "same"}, tensor<2xi64> {dt.name = "argmax"}) {
  %i = dt.argmax %x axis 1 : (tensor<2x?xf32>) -> tensor<2xi64>
  return %x, %i : tensor<2x?xf32>, tensor<2xi64>
}
