func.func @f36(%x: tensor<2x30x32x3xf32>) {
  %0 = dt.patchify %x patch_size 16 : (tensor<2x30x32x3xf32>) -> tensor<2x2x768xf32>
  return
}
