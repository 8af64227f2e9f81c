dt.knob @k : f32 = 1.0
dt.knob @k : f32 = 2.0
