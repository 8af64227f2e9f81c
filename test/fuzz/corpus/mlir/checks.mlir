dt.param @bias : tensor<3x4xf32>
dt.param @table : tensor<5x4xf32>

func.func @main(%x: tensor<?x4xf32> {dt.name = "x"})
    -> (tensor<?x4xf32> {dt.name = "y"}) {
  %b = dt.param_load @bias : tensor<3x4xf32>
  %y = dt.add %x, %b : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

func.func @lookup(%ids: tensor<?xi64> {dt.name = "ids"})
    -> (tensor<?x4xf32> {dt.name = "rows"}) {
  %t = dt.param_load @table : tensor<5x4xf32>
  %r = dt.embedding %t, %ids : (tensor<5x4xf32>, tensor<?xi64>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}
