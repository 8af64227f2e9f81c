dt.knob @top_k : i64 = 9 in [1, 8]
