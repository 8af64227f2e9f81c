func.func @f59(%x: tensor<2x6xf32>) {
  %0 = dt.slice %x axis 1 start 2 end 9 : (tensor<2x6xf32>) -> tensor<2x7xf32>
  return
}
