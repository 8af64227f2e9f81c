func.func @f() -> tensor<2xf32> {
  %0 = dt.param_load @missing : tensor<2xf32>
  return %0 : tensor<2xf32>
}
