func.func @f(%t: f32, %n: index) {
  %l, %e = "dt.early_exit"(%t, %n) <{operandSegmentSizes = array<i32: 1, 1, 0>, policy = 0 : i32}> ({
  ^bb0(%s: index):
    %c = arith.constant dense<0.0> : tensor<1x16xf32>
    dt.yield %c : tensor<1x16xf32>
  }) : (f32, index) -> (tensor<?x16xf32>, tensor<?xi32>)
  return
}
