"dt.knob"() <{sym_name = "k", type = f32, default_value = 1.0 : f32, min = 0.0 : f64}> : () -> ()
