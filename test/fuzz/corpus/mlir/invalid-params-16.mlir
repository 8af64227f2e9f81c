dt.knob @k : f32 = 1.0
func.func @f() -> f64 {
  %0 = dt.knob_get @k : f64
  return %0 : f64
}
