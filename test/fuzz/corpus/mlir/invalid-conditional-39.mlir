func.func @f39(%x: tensor<f32>, %e: tensor<2xi64>, %n: index) {
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<f32>, tensor<2xi64>, index) -> (tensor<?xf32>, tensor<?xi64>, tensor<2xi64>)
  return
}
