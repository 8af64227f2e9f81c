// RUN: dtc-opt %s --split-input-file --verify-diagnostics --dtc-cpu-runtime-allocations | FileCheck %s

// The buffers of memref.alloc and memref.dealloc, as finalize-memref-to-llvm
// lowers them, come from the runtime, with the same arguments.
// CHECK-DAG: llvm.func @dtc_rt_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @dtc_rt_free(!llvm.ptr)
// CHECK-NOT: @malloc
// CHECK-NOT: @free(
// CHECK-LABEL: llvm.func @buffer
// CHECK: %[[P:.*]] = llvm.call @dtc_rt_alloc(%{{.*}}) : (i64) -> !llvm.ptr
// CHECK: llvm.call @dtc_rt_free(%[[P]]) : (!llvm.ptr) -> ()
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @free(!llvm.ptr)
llvm.func @buffer(%n: i64) -> f32 {
  %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
  %v = llvm.load %p : !llvm.ptr -> f32
  llvm.call @free(%p) : (!llvm.ptr) -> ()
  llvm.return %v : f32
}

// -----

// A module that defines malloc itself keeps it, with an error.
// expected-error @below {{cannot redirect 'malloc' to 'dtc_rt_alloc': the module defines it}}
llvm.func @malloc(%n: i64) -> !llvm.ptr {
  %0 = llvm.mlir.zero : !llvm.ptr
  llvm.return %0 : !llvm.ptr
}
