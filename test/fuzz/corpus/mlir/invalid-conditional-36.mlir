func.func @f36(%x: tensor<2x5x16xf32>, %r: tensor<8x16xf32>, %u: tensor<8x32x16xf32>, %d: tensor<8x16x32xf32>, %k: i32) {
  %0 = dt.moe %x router %r up %u down %d top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i32) -> tensor<2x5x16xf32>
  return
}
