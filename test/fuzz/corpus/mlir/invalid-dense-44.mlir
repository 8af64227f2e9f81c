func.func @f44(%x: tensor<2x6xf32>) {
  %0 = dt.expand_dims %x axis 3 : (tensor<2x6xf32>) -> tensor<2x6x1xf32>
  return
}
