func.func @f(%v: i64, %i: index) {
  dt.count %v to "" [%i]
  return
}
