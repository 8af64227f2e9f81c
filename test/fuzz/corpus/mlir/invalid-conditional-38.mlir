func.func @f38(%l: tensor<5x8xf32>) {
  %k = arith.constant 10 : i64
  %g, %e = dt.moe_route %l top_k %k gate softmax_topk : (tensor<5x8xf32>, i64) -> (tensor<5x10xf32>, tensor<5x10xi64>)
  return
}
