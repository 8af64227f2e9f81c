func.func @f42(%x: tensor<5x16xf32>, %e: tensor<5x2xi64>, %n: index) {
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n {capacity_factor = -1.0 : f32} : (tensor<5x16xf32>, tensor<5x2xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<5x2xi64>)
  return
}
