dt.knob @steps : tensor<?xf32> = 1.0 in (0.0, 4.0]

func.func @main(%x: tensor<?xf32> {dt.name = "x"}) -> (tensor<?xf32> {dt.name = "y"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %y = scf.for %i = %c0 to %c3 step %c1 iter_args(%t = %x) -> (tensor<?xf32>) {
    %s = dt.knob_get @steps[%i] : f32
    %st = tensor.from_elements %s : tensor<f32>
    %n = dt.mul %t, %st : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    scf.yield %n : tensor<?xf32>
  }
  return %y : tensor<?xf32>
}
