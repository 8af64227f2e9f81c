// A knob range closed with the wrong bracket.
dt.knob @rate : f32 = 1.0 in [0.0, 1.0}
