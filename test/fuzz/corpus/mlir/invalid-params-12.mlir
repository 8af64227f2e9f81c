dt.knob @keep_rate : f32 = 0.0 in (0.0, 1.0]
