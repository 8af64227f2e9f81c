func.func @f21(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<5xf32>) {
  %0 = dt.layer_norm %x, %g, %b : (tensor<2x4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x4xf32>
  return
}
