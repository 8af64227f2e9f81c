func.func @f37(%l: tensor<f32>, %k: i64) {
  %g, %e = dt.moe_route %l top_k %k gate softmax_topk : (tensor<f32>, i64) -> (tensor<?xf32>, tensor<?xi64>)
  return
}
