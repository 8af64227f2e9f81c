// RUN: dtc-opt %s --dt-count-decisions | FileCheck %s

// A selection counts the tokens it kept and offered over the batch.
// CHECK-LABEL: func.func @select
// CHECK: %[[Y:.*]], %[[IDX:.*]] = dt.select_tokens
// CHECK: %[[B:.*]] = tensor.dim %[[Y]], %c0
// CHECK: %[[K:.*]] = tensor.dim %[[Y]], %c1
// CHECK: %[[KEPT:.*]] = arith.muli %[[B]], %[[K]] : index
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %c1
// CHECK: %[[OFFERED:.*]] = arith.muli %[[B]], %[[N]] : index
// CHECK: %[[KEPT64:.*]] = arith.index_cast %[[KEPT]] : index to i64
// CHECK: dt.count %[[KEPT64]] to "tokens kept, offered at {{.*}}count-decisions.mlir:[[@LINE+4]]:{{[0-9]+}}"[%{{.*}}]
// CHECK: %[[OFFERED64:.*]] = arith.index_cast %[[OFFERED]] : index to i64
// CHECK: dt.count %[[OFFERED64]] to "tokens kept, offered at {{.*}}"[%{{.*}}]
func.func @select(%x: tensor<?x17x8xf32>, %s: tensor<?x17xf32>, %r: f32) -> tensor<?x?x8xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r prefix 1 : (tensor<?x17x8xf32>, tensor<?x17xf32>, f32) -> (tensor<?x?x8xf32>, tensor<?x?xi64>)
  return %y : tensor<?x?x8xf32>
}

// Early exit: a histogram of the exit stages, one count per sample.
// CHECK-LABEL: func.func @exit
// CHECK: %[[L:.*]], %[[E:.*]] = dt.early_exit
// CHECK: scf.for %[[I:.*]] =
// CHECK:   %[[S:.*]] = tensor.extract %[[E]][%[[I]]] : tensor<?xi32>
// CHECK:   %[[AT:.*]] = arith.index_cast %[[S]] : i32 to index
// CHECK:   %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:   dt.count %[[ONE]] to "samples per exit head at {{.*}}"[%[[AT]]]
func.func @exit(%x: tensor<?x10xf32>, %t: f32, %n: index) -> tensor<?xi32> {
  %l, %e = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x10xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x10xf32>):
    %hc = tensor.cast %h : tensor<?x10xf32> to tensor<?x?xf32>
    dt.yield %h, %hc : tensor<?x10xf32>, tensor<?x?xf32>
  }
  return %e : tensor<?xi32>
}

// Expert dispatch: each expert's row count, at its index.
// CHECK-LABEL: func.func @dispatch
// CHECK: %[[ROWS:.*]], %[[SIZES:.*]], %[[SLOTS:.*]] = dt.moe_dispatch
// CHECK: scf.for %[[E:.*]] =
// CHECK:   %[[SIZE:.*]] = tensor.extract %[[SIZES]][%[[E]]] : tensor<?xi64>
// CHECK:   dt.count %[[SIZE]] to "rows per expert at {{.*}}"[%[[E]]]
func.func @dispatch(%x: tensor<2x5x16xf32>, %experts: tensor<2x5x?xi64>, %e: index) -> tensor<?x16xf32> {
  %rows, %sizes, %slots = dt.moe_dispatch %x, %experts experts %e : (tensor<2x5x16xf32>, tensor<2x5x?xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<2x5x?xi64>)
  return %rows : tensor<?x16xf32>
}
