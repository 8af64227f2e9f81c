func.func @identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %one = arith.constant dense<1.0> : tensor<2x3xf32>
  %big = arith.constant dense<0.0> : tensor<4x2x3xf32>
  %0 = dt.add %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dt.add %zero, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = dt.sub %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = dt.mul %one, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = dt.div %x, %one : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = dt.add %x, %big : (tensor<2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>
}

func.func @data_movement(%x: tensor<2x6x4xf32>, %c: tensor<1x4xf32>) -> (tensor<12x4xf32>, tensor<2x6x4xf32>, tensor<2x6x4xf32>, tensor<1x4xf32>, tensor<3x4xf32>) {
  %0 = dt.reshape %x [2, 24] : (tensor<2x6x4xf32>) -> tensor<2x24xf32>
  %1 = dt.reshape %0 [12, 4] : (tensor<2x24xf32>) -> tensor<12x4xf32>
  %2 = dt.reshape %x [2, 6, 4] : (tensor<2x6x4xf32>) -> tensor<2x6x4xf32>
  %3 = dt.transpose %x [0, 1, 2] : (tensor<2x6x4xf32>) -> tensor<2x6x4xf32>
  %4 = dt.broadcast %c : tensor<1x4xf32> -> tensor<1x4xf32>
  %5 = dt.broadcast %c : tensor<1x4xf32> -> tensor<3x4xf32>
  return %1, %2, %3, %4, %5 : tensor<12x4xf32>, tensor<2x6x4xf32>, tensor<2x6x4xf32>, tensor<1x4xf32>, tensor<3x4xf32>
}
