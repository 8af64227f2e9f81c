func.func @f37(%x: tensor<2x32x40x3xf32>) {
  %0 = dt.patchify %x patch_size 16 : (tensor<2x32x40x3xf32>) -> tensor<2x2x768xf32>
  return
}
