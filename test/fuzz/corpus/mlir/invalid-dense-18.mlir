func.func @f18(%x: tensor<f32>, %g: tensor<4xf32>) {
  %0 = dt.rms_norm %x, %g : (tensor<f32>, tensor<4xf32>) -> tensor<f32>
  return
}
