func.func @moe_all_experts(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %ub: tensor<4x32xf32>, %d: tensor<4x16x32xf32>, %db: tensor<4x16xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 4 : i64
  %0 = dt.moe %x router %r up %u bias %ub down %d bias %db top_k %k gate softmax_topk activation silu : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x32xf32>, tensor<4x16x32xf32>, tensor<4x16xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

func.func @moe_top2(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %d: tensor<4x16x32xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 2 : i64
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

func.func @moe_all_experts_capacity(%x: tensor<2x5x16xf32>, %r: tensor<4x16xf32>, %u: tensor<4x32x16xf32>, %d: tensor<4x16x32xf32>) -> tensor<2x5x16xf32> {
  %k = arith.constant 4 : i64
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu {capacity_factor = 0.5 : f32} : (tensor<2x5x16xf32>, tensor<4x16xf32>, tensor<4x32x16xf32>, tensor<4x16x32xf32>, i64) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}
