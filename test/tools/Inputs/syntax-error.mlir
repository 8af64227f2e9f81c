// A dt.linear missing the ':' before its types.
func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  // The next line is malformed on purpose.
  %0 = dt.linear %x, %w (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
