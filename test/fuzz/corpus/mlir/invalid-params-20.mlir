dt.knob @rates : tensor<?xf32> = 0.0 in (0.0, 1.0]
