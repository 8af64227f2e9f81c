dt.knob @k : f32 = 1.0
func.func @f(%i: index) -> f32 {
  %0 = dt.knob_get @k[%i] : f32
  return %0 : f32
}
