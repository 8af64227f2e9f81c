dt.knob @rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
func.func @f() -> f32 {
  %0 = dt.knob_get @rates : f32
  return %0 : f32
}
