// RUN: dtc-opt %s --split-input-file --verify-diagnostics --dtc-cpu-parallel-loops-to-tasks | FileCheck %s

// A body with a loop of its own splits over every dimension; the cost of an
// iteration counts the inner loop's trip count (384 x 3 ops, + for, store).
// The memrefs it uses travel as LLVM descriptors in a context on the stack.
// CHECK-DAG: func.func private @dtc_rt_parallel_for((!llvm.ptr, index, index) -> (), !llvm.ptr, index, index)
// CHECK-LABEL: func.func @rows
// CHECK-SAME: (%[[A:.*]]: memref<?x384xf32>, %[[B:.*]]: memref<?xf32>)
// CHECK: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: %[[N:.*]] = memref.dim %[[A]]
// CHECK: %[[ROWS:.*]] = arith.maxsi %[[N]]
// CHECK: %[[COST:.*]] = arith.constant 1154 : index
// CHECK: %[[DA:.*]] = builtin.unrealized_conversion_cast %[[A]] : memref<?x384xf32> to !llvm.struct
// CHECK: %[[FA:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK: llvm.store %[[DA]], %[[FA]]
// CHECK: llvm.getelementptr %[[CTX]][0, 1]
// CHECK: %[[TASK:.*]] = constant @__dtc_task_rows_0 : (!llvm.ptr, index, index) -> ()
// CHECK: call @dtc_rt_parallel_for(%[[TASK]], %[[CTX]], %[[ROWS]], %[[COST]])
// CHECK-NOT: scf.parallel
// CHECK: return
// CHECK-LABEL: func.func private @__dtc_task_rows_0
// CHECK-SAME: (%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: index, %[[END:.*]]: index)
// CHECK: %[[PA:.*]] = llvm.getelementptr %[[C]][0, 0]
// CHECK: %[[LA:.*]] = llvm.load %[[PA]]
// CHECK: %[[MA:.*]] = builtin.unrealized_conversion_cast %[[LA]] : !llvm.struct<{{.*}}> to memref<?x384xf32>
// CHECK: scf.for %[[I:[a-z0-9]+]] = %[[BEGIN]] to %[[END]]
// CHECK: scf.for %[[K:[a-z0-9]+]] =
// CHECK: memref.load %[[MA]][%[[I]], %[[K]]]
func.func @rows(%a: memref<?x384xf32>, %b: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c384 = arith.constant 384 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?x384xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.for %k = %c0 to %c384 step %c1 iter_args(%acc = %zero) -> f32 {
      %x = memref.load %a[%i, %k] : memref<?x384xf32>
      %y = arith.addf %acc, %x : f32
      scf.yield %y : f32
    }
    memref.store %s, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

// A straight-line body keeps its innermost dimension as a loop in the task
// (the one LLVM vectorises); the outer two are one range, whose iterations
// the task maps back with the inner count it reads from the context. The
// context is allocated in the entry block, not in the enclosing loop, and
// holds the loop's own values (%v).
// CHECK-LABEL: func.func @elementwise
// CHECK-NEXT: llvm.mlir.constant(1 : i64)
// CHECK-NEXT: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<3 x i64>, array<3 x i64>)>, f32, i64)>
// CHECK: scf.for
// CHECK: %[[V:.*]] = arith.sitofp
// CHECK: %[[D0:.*]] = arith.maxsi
// CHECK: %[[D1:.*]] = arith.maxsi
// CHECK: %[[OUTER:.*]] = arith.muli %[[D0]], %[[D1]] : index
// CHECK: %[[COST:.*]] = arith.constant 1536 : index
// CHECK: %[[F1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK: llvm.store %[[V]], %[[F1]] : f32, !llvm.ptr
// CHECK: %[[D1I:.*]] = builtin.unrealized_conversion_cast %[[D1]] : index to i64
// CHECK: %[[F2:.*]] = llvm.getelementptr %[[CTX]][0, 2]
// CHECK: llvm.store %[[D1I]], %[[F2]] : i64, !llvm.ptr
// CHECK: call @dtc_rt_parallel_for(%{{.*}}, %[[CTX]], %[[OUTER]], %[[COST]])
// CHECK-LABEL: func.func private @__dtc_task_elementwise_0
// CHECK-SAME: (%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: index, %[[END:.*]]: index)
// CHECK: %[[LV:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: %[[P2:.*]] = llvm.getelementptr %[[C]][0, 2]
// CHECK: %[[L2:.*]] = llvm.load %[[P2]] : !llvm.ptr -> i64
// CHECK: %[[COUNT:.*]] = builtin.unrealized_conversion_cast %[[L2]] : i64 to index
// CHECK: scf.for %[[F:[a-z0-9]+]] = %[[BEGIN]] to %[[END]]
// CHECK: %[[J:.*]] = arith.remui %[[F]], %[[COUNT]]
// CHECK: %[[I:.*]] = arith.divui %[[F]], %[[COUNT]]
// CHECK: scf.parallel (%[[K:[a-z0-9]+]]) =
// CHECK: %[[X:.*]] = memref.load %{{.*}}[%[[I]], %[[J]], %[[K]]]
// CHECK: arith.addf %[[X]], %[[LV]] : f32
func.func @elementwise(%a: memref<?x?x384xf32>, %layers: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c384 = arith.constant 384 : index
  %n0 = memref.dim %a, %c0 : memref<?x?x384xf32>
  %n1 = memref.dim %a, %c1 : memref<?x?x384xf32>
  scf.for %l = %c0 to %layers step %c1 {
    %f = arith.index_cast %l : index to i32
    %v = arith.sitofp %f : i32 to f32
    scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%n0, %n1, %c384) step (%c1, %c1, %c1) {
      %x = memref.load %a[%i, %j, %k] : memref<?x?x384xf32>
      %y = arith.addf %x, %v : f32
      memref.store %y, %a[%i, %j, %k] : memref<?x?x384xf32>
      scf.reduce
    }
  }
  return
}

// -----

// Calls stay on the calling thread (the runtime functions compiled code
// calls act on its session), and so do allocations.
// CHECK-LABEL: func.func @calls
// CHECK: scf.parallel
// CHECK: func.call @use
// CHECK-NOT: dtc_rt_parallel_for
func.func private @use(f32)
func.func @calls(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf32>
    func.call @use(%x) : (f32) -> ()
    scf.reduce
  }
  return
}

// CHECK-LABEL: func.func @allocates
// CHECK: scf.parallel
// CHECK: memref.alloc
func.func @allocates(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %t = memref.alloc() : memref<4xf32>
    %x = memref.load %t[%c0] : memref<4xf32>
    memref.store %x, %a[%i] : memref<?xf32>
    memref.dealloc %t : memref<4xf32>
    scf.reduce
  }
  return
}

// -----

// A module that declares the runtime function otherwise is an error.
// expected-error @below {{'dtc_rt_parallel_for' is declared with another type}}
func.func private @dtc_rt_parallel_for(index)
func.func @clash(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %zero, %a[%i] : memref<?xf32>
    scf.reduce
  }
  return
}
