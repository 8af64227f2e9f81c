func.func @f41(%x: tensor<5x16xf32>, %e: tensor<6x2xi64>, %n: index) {
  %r, %s, %t = dt.moe_dispatch %x, %e experts %n : (tensor<5x16xf32>, tensor<6x2xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<6x2xi64>)
  return
}
