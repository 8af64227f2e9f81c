// RUN: dtc-opt %s --pass-pipeline='builtin.module(func.func(dtc-cpu-plan-arenas))' | FileCheck %s
// RUN: dtc-opt %s --pass-pipeline='builtin.module(func.func(dtc-cpu-plan-arenas))' | mlir-opt --buffer-deallocation-pipeline | FileCheck %s --check-prefix=FREE

// Four buffers of one size in a chain: two slots suffice, since each buffer
// dies when the next but one is allocated; the returned one keeps its own
// allocation.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: memref<?x8xf32>)
// CHECK: %[[N:.*]] = memref.dim %[[X]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[N]], %{{.*}}
// CHECK: %[[ROUNDED:.*]] = arith.addi %[[BYTES]], %{{.*}}
// CHECK: %[[SLOT:.*]] = arith.andi %[[ROUNDED]], %{{.*}}
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[TOTAL:.*]] = arith.addi %[[SLOT]], %[[SLOT]]
// CHECK: %[[ARENA:.*]] = memref.alloc(%[[TOTAL]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[ZERO]]][%[[N]]] : memref<?xi8> to memref<?x8xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[SLOT]]][%[[N]]]
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[ZERO]]][%[[N]]]
// CHECK: %[[D:.*]] = memref.alloc(%[[N]])
// CHECK: linalg.copy ins(%[[C]] : memref<?x8xf32>) outs(%[[D]] : memref<?x8xf32>)
// CHECK: return %[[D]]
// Deallocation frees the arena once, at the end, and never a view of it.
// FREE-LABEL: func.func @chain
// FREE: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// FREE-NOT: memref.dealloc
// FREE: memref.dealloc %[[ARENA]] : memref<?xi8>
// FREE-NOT: memref.dealloc
// FREE: return
func.func @chain(%x: memref<?x8xf32>) -> memref<?x8xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x8xf32>
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%x : memref<?x8xf32>) outs(%a : memref<?x8xf32>)
  %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%a : memref<?x8xf32>) outs(%b : memref<?x8xf32>)
  %c = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%b : memref<?x8xf32>) outs(%c : memref<?x8xf32>)
  %d = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%c : memref<?x8xf32>) outs(%d : memref<?x8xf32>)
  return %d : memref<?x8xf32>
}

// A view keeps its buffer alive: %a is read through %row after %b is
// allocated, so %b and %c cannot take %a's slot before that; %c, allocated
// after the last read, can. Buffers of different sizes sharing a slot make
// it as large as the larger.
// CHECK-LABEL: func.func @views_and_sizes
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[OFF1:.*]] = arith.constant 256 : index
// CHECK: %[[TOTAL:.*]] = arith.constant 320 : index
// CHECK: %[[ARENA:.*]] = memref.alloc(%[[TOTAL]])
// CHECK: memref.view %[[ARENA]][%[[ZERO]]][] : memref<?xi8> to memref<4x4xf32>
// CHECK: memref.subview
// CHECK: memref.view %[[ARENA]][%[[OFF1]]][] : memref<?xi8> to memref<4x4xf32>
// CHECK: memref.view %[[ARENA]][%[[ZERO]]][] : memref<?xi8> to memref<64xf32>
func.func @views_and_sizes(%x: memref<4x4xf32>, %y: memref<4xf32>, %z: memref<64xf32>) {
  %a = memref.alloc() : memref<4x4xf32>
  linalg.copy ins(%x : memref<4x4xf32>) outs(%a : memref<4x4xf32>)
  %row = memref.subview %a[0, 0] [1, 4] [1, 1] : memref<4x4xf32> to memref<4xf32, strided<[1]>>
  %b = memref.alloc() : memref<4x4xf32>
  linalg.copy ins(%x : memref<4x4xf32>) outs(%b : memref<4x4xf32>)
  linalg.copy ins(%row : memref<4xf32, strided<[1]>>) outs(%y : memref<4xf32>)
  %c = memref.alloc() : memref<64xf32>
  linalg.copy ins(%z : memref<64xf32>) outs(%c : memref<64xf32>)
  linalg.copy ins(%c : memref<64xf32>) outs(%z : memref<64xf32>)
  linalg.copy ins(%b : memref<4x4xf32>) outs(%x : memref<4x4xf32>)
  return
}

// Each loop body has its own arena; the buffer the body yields outlives the
// iteration and keeps its allocation. A size the body computes with pure ops
// after the first buffer is moved up to the arena.
// CHECK-LABEL: func.func @loop_body
// CHECK: scf.for
// CHECK: %[[DIM:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?xf32>
// CHECK: %[[TWICE:.*]] = arith.muli %[[DIM]], %{{.*}} : index
// CHECK: %[[ARENA:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: memref.view %[[ARENA]]{{.*}}[%[[DIM]]] : memref<?xi8> to memref<?xf32>
// CHECK: memref.view %[[ARENA]]{{.*}}[%[[TWICE]]] : memref<?xi8> to memref<?xf32>
// CHECK: %[[OUT:.*]] = memref.alloc(%[[DIM]]) : memref<?xf32>
// CHECK: scf.yield %[[OUT]]
func.func @loop_body(%x: memref<?xf32>, %n: index) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%cur = %x) -> (memref<?xf32>) {
    %m = memref.dim %cur, %c0 : memref<?xf32>
    %t0 = memref.alloc(%m) : memref<?xf32>
    linalg.copy ins(%cur : memref<?xf32>) outs(%t0 : memref<?xf32>)
    %m2 = arith.muli %m, %c2 : index
    %t1 = memref.alloc(%m2) : memref<?xf32>
    %head = memref.subview %t1[0] [%m] [1] : memref<?xf32> to memref<?xf32, strided<[1]>>
    linalg.copy ins(%t0 : memref<?xf32>) outs(%head : memref<?xf32, strided<[1]>>)
    %out = memref.alloc(%m) : memref<?xf32>
    linalg.copy ins(%head : memref<?xf32, strided<[1]>>) outs(%out : memref<?xf32>)
    scf.yield %out : memref<?xf32>
  }
  return %r : memref<?xf32>
}

// A size read from memory is known only after the read: the buffers
// allocated after it go to a second arena there. A buffer passed to a call
// may outlive the call and keeps its allocation.
// CHECK-LABEL: func.func @late_sizes_and_calls
// CHECK: %[[FIRST:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: memref.view %[[FIRST]]
// CHECK: memref.view %[[FIRST]]
// CHECK: memref.load
// CHECK: %[[SECOND:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK: memref.view %[[SECOND]]
// CHECK: memref.view %[[SECOND]]
// CHECK: %[[KEPT:.*]] = memref.alloc() : memref<8xf32>
// CHECK: call @consume(%[[KEPT]])
func.func private @consume(memref<8xf32>)
func.func @late_sizes_and_calls(%x: memref<8xf32>, %sizes: memref<1xindex>) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<8xf32>
  linalg.copy ins(%x : memref<8xf32>) outs(%a : memref<8xf32>)
  %b = memref.alloc() : memref<8xf32>
  linalg.copy ins(%a : memref<8xf32>) outs(%b : memref<8xf32>)
  %k = memref.load %sizes[%c0] : memref<1xindex>
  %c = memref.alloc(%k) : memref<?xf32>
  %d = memref.alloc(%k) : memref<?xf32>
  linalg.copy ins(%c : memref<?xf32>) outs(%d : memref<?xf32>)
  %e = memref.alloc() : memref<8xf32>
  call @consume(%e) : (memref<8xf32>) -> ()
  return
}
