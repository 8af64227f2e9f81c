"dt.knob"() <{sym_name = "k", type = i64, default_value = 1.0 : f32}> : () -> ()
