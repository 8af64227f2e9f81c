// RUN: dtc-opt %s --dtc-cpu-packed-entry-points --split-input-file --verify-diagnostics | FileCheck %s

// Each argument of the C interface is loaded through the pointer in its slot
// of the argument array: results' address, then descriptors, then scalars.
// CHECK-LABEL: llvm.func @_mlir_ciface_main
// CHECK-LABEL: llvm.func @_dtc_entry_main(
// CHECK-SAME: %[[ARGS:.*]]: !llvm.ptr)
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[ARGS]][0]
// CHECK: %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[ARGS]][1]
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A1:.*]] = llvm.load %[[P1]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S2:.*]] = llvm.getelementptr %[[ARGS]][2]
// CHECK: %[[P2:.*]] = llvm.load %[[S2]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A2:.*]] = llvm.load %[[P2]] : !llvm.ptr -> f32
// CHECK: llvm.call @_mlir_ciface_main(%[[A0]], %[[A1]], %[[A2]])
// CHECK-NEXT: llvm.return
module {
  llvm.func @_mlir_ciface_main(%results: !llvm.ptr, %x: !llvm.ptr, %rate: f32) {
    llvm.return
  }
}

// -----

// Functions that are not C interfaces, and declarations, get no wrapper.
// CHECK-LABEL: llvm.func @helper
// CHECK-NOT: _dtc_entry_
module {
  llvm.func @helper(%x: !llvm.ptr) {
    llvm.return
  }
  llvm.func @_mlir_ciface_external(!llvm.ptr)
}

// -----

module {
  // expected-error @below {{symbol '_dtc_entry_f' already exists}}
  llvm.func @_mlir_ciface_f(%x: !llvm.ptr) {
    llvm.return
  }
  llvm.func @_dtc_entry_f(%x: !llvm.ptr) {
    llvm.return
  }
}
