// RUN: dtc-opt %s --dtc-cpu-counts-to-calls | FileCheck %s

// Each count calls the runtime with the counter's name as a constant string.
// CHECK-DAG: llvm.mlir.global internal constant @__dtc_counter_0("rows per expert at m.mlir:3:4\00")
// CHECK-DAG: func.func private @dtc_rt_count(!llvm.ptr, i64, i64)
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[V:.*]]: i64, %[[I:.*]]: index)
// CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @__dtc_counter_0
// CHECK: %[[NAME:.*]] = llvm.getelementptr %[[ADDR]][0, 0]
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: call @dtc_rt_count(%[[NAME]], %[[I64]], %[[V]]) : (!llvm.ptr, i64, i64) -> ()
// CHECK-NOT: dt.count
func.func @f(%v: i64, %i: index) {
  dt.count %v to "rows per expert at m.mlir:3:4" [%i]
  return
}

// Without counts, nothing is declared.
// RUN: echo 'func.func @g() { return }' | dtc-opt --dtc-cpu-counts-to-calls | FileCheck %s --check-prefix=NONE
// NONE-NOT: dtc_rt_count
