func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?x1xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}
