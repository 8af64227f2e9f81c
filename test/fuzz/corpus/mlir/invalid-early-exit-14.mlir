func.func @f(%x: tensor<4x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<4x16xf32>) -> tensor<4x16xf32>, tensor<4xi32> {
  ^bb0(%s: index, %h: tensor<4x16xf32>):
    dt.yield %h, %h : tensor<4x16xf32>, tensor<4x16xf32>
  }
  return
}
