dt.param @w : tensor<?x8xf32>
func.func @f() -> tensor<4x4xf32> {
  %0 = dt.param_load @w : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
