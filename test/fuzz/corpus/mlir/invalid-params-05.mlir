dt.param @w : tensor<?x4x8xf32>
func.func @f(%i: index) -> tensor<4x8xf16> {
  %0 = dt.param_load @w[%i] : tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}
