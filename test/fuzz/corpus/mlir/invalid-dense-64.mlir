func.func @f64() {
  %0 = dt.iota axis 0 : tensor<?xi64>
  return
}
