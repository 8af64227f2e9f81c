func.func @f(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  dt.yield %x : tensor<?x16xf32>
}
