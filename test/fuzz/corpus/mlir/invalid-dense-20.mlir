func.func @f20(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf16>) {
  %0 = dt.layer_norm %x, %g, %b : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}
