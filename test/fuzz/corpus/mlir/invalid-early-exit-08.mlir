func.func @f(%x: tensor<2x16xf32>, %y: tensor<3x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x, %y : tensor<2x16xf32>, tensor<3x16xf32>) -> tensor<2x16xf32>, tensor<2xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>, %h2: tensor<?x16xf32>):
    dt.yield %h, %h2, %h : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}
