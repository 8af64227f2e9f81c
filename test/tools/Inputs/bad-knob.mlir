// A knob range with an unknown opening bracket.
dt.knob @rate : f32 = 1.0 in {0.0, 1.0]
