func.func @f54(%o: tensor<10x16xf32>, %s: tensor<i64>, %g: tensor<f32>) {
  %0 = dt.moe_combine %o, %s, %g : (tensor<10x16xf32>, tensor<i64>, tensor<f32>) -> tensor<16xf32>
  return
}
