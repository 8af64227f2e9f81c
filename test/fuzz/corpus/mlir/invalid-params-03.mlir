dt.param @w : tensor<f32>
func.func @f(%i: index) -> tensor<f32> {
  %0 = dt.param_load @w[%i] : tensor<f32>
  return %0 : tensor<f32>
}
