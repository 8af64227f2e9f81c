func.func @attention_weights_row(%q: tensor<2x5x64xf32>) {
  %0 = dt.attention_weights %q, %q head_dim 32 row 5 : (tensor<2x5x64xf32>, tensor<2x5x64xf32>) -> tensor<2x5xf32>
  return
}
