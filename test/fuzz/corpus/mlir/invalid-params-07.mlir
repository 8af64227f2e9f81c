dt.knob @k : tensor<2x2xf32> = 1.0
