// Three layers over the stacked weight @w; the test binds weights with two.
dt.param @w : tensor<?x4x4xf32>

func.func @main(%x: tensor<?x4xf32> {dt.name = "x"}) -> (tensor<?x4xf32> {dt.name = "y"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %y = scf.for %i = %c0 to %c3 step %c1 iter_args(%t = %x) -> (tensor<?x4xf32>) {
    %wi = dt.param_load @w[%i] : tensor<?x?xf32>
    %n = dt.linear %t, %wi : (tensor<?x4xf32>, tensor<?x?xf32>) -> tensor<?x4xf32>
    scf.yield %n : tensor<?x4xf32>
  }
  return %y : tensor<?x4xf32>
}
