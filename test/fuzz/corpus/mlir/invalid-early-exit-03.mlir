func.func @f(%x: tensor<?x16xf32>, %t: f32, %n: index) {
  %l, %e = "dt.early_exit"(%n, %x) <{operandSegmentSizes = array<i32: 0, 1, 1>, policy = 1 : i32}> ({
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }) : (index, tensor<?x16xf32>) -> (tensor<?x16xf32>, tensor<?xi32>)
  return
}
