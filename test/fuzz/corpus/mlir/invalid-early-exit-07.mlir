func.func @f(%x: tensor<f32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<f32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<f32>):
    %c = arith.constant dense<0.0> : tensor<1x16xf32>
    dt.yield %h, %c : tensor<f32>, tensor<1x16xf32>
  }
  return
}
