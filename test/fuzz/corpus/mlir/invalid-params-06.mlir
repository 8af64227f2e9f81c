dt.knob @k : index = 1
