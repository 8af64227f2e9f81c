func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e, %o = dt.early_exit recursive(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}
