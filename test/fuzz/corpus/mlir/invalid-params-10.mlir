dt.knob @k : f32 = 1.0 in (1.0, 1.0]
