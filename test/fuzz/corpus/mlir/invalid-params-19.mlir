dt.knob @rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
func.func @f(%i: index) -> f64 {
  %0 = dt.knob_get @rates[%i] : f64
  return %0 : f64
}
