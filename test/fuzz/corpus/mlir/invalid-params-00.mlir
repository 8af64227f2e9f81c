func.func @f() {
  "dt.param"() <{sym_name = "w", type = tensor<2xf32>}> : () -> ()
  return
}
