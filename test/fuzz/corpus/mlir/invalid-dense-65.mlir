func.func @f65() {
  %0 = dt.iota axis 1 : tensor<4xi64>
  return
}
