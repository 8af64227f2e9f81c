func.func @f() -> f32 {
  %0 = dt.knob_get @nope : f32
  return %0 : f32
}
