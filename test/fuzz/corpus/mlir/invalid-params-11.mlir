dt.knob @k : i64 = 1 in [4, 2]
