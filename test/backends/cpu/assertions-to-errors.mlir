// RUN: dtc-opt %s --dtc-cpu-assertions-to-errors | FileCheck %s

// Each assertion becomes a conditional call of dtc_rt_fail with a message of
// its own: the location, then the reason from the assertion's text.
// CHECK-DAG: llvm.mlir.global internal constant @__dtc_check_0("{{.*}}assertions-to-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: size mismatch of dim 0\00")
// CHECK-DAG: llvm.mlir.global internal constant @__dtc_check_1("{{.*}}assertions-to-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: any other text\00")
// CHECK-DAG: func.func private @dtc_rt_fail(!llvm.ptr)
// CHECK-LABEL: func.func @checked
// CHECK-SAME: (%[[OK:.*]]: i1, %[[OK2:.*]]: i1)
// CHECK-NOT: cf.assert
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[FAILED:.*]] = arith.xori %[[OK]], %[[TRUE]] : i1
// CHECK: scf.if %[[FAILED]] {
// CHECK:   %[[ADDR:.*]] = llvm.mlir.addressof @__dtc_check_0 : !llvm.ptr
// CHECK:   %[[MSG:.*]] = llvm.getelementptr %[[ADDR]][0, 0]
// CHECK:   func.call @dtc_rt_fail(%[[MSG]]) : (!llvm.ptr) -> ()
// CHECK: }
// CHECK: scf.if
// CHECK:   llvm.mlir.addressof @__dtc_check_1
// CHECK: return
func.func @checked(%ok: i1, %ok2: i1) {
  cf.assert %ok, "ERROR: Runtime op verification failed\n^ size mismatch of dim 0\nLocation: loc(\"x\":1:1)"
  cf.assert %ok2, "any other text"
  return
}

// A module without assertions gets no declaration.
// RUN: echo 'func.func @f() { return }' | dtc-opt --dtc-cpu-assertions-to-errors | FileCheck %s --check-prefix=NONE
// NONE-NOT: dtc_rt_fail
