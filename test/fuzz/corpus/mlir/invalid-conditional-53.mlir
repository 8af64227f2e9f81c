func.func @f53(%o: tensor<16xf32>, %s: tensor<5x2xi64>, %g: tensor<5x2xf32>) {
  %0 = dt.moe_combine %o, %s, %g : (tensor<16xf32>, tensor<5x2xi64>, tensor<5x2xf32>) -> tensor<5x16xf32>
  return
}
