func.func @f35(%x: tensor<2x32x32xf32>) {
  %0 = dt.patchify %x patch_size 16 : (tensor<2x32x32xf32>) -> tensor<2x4x768xf32>
  return
}
