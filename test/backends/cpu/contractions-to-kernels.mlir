// RUN: dtc-opt %s --dtc-cpu-contractions-to-kernels --split-input-file | FileCheck %s

// A linear layer: the weight [N, K] is read transposed (row stride 1, column
// stride K) and is a parameter, so it is passed constant (flag 2); the bias
// already in the output is accumulated onto (flag 1). The leading batch
// dimension becomes a loop around the call. The module lists the weight as
// a constant operand, for the runtime to pack when the model loads.
// CHECK: module attributes {dtc.constant_gemm_operands = [{col_stride = 8 : i64, k = 8 : i64, n = 6 : i64, offsets = array<i64: 0>, parameter = @w, row_stride = 1 : i64}]}
// CHECK: func.func private @dtc_rt_sgemm(i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.*]]: memref<?x5x8xf32>, %[[W:.*]]: memref<6x8xf32> {dt.param = @w}, %[[Y:.*]]: memref<?x5x6xf32>)
// CHECK: %[[BATCH:.*]] = memref.dim %[[X]]
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[XB:.*]], %[[XO:.*]], %{{.*}}:3, %[[XS:.*]]:3 = memref.extract_strided_metadata %[[X]]
// CHECK: %[[XP:.*]] = memref.extract_aligned_pointer_as_index %[[XB]]
// CHECK: %[[WB:.*]], %[[WO:.*]], %{{.*}}:2, %[[WS:.*]]:2 = memref.extract_strided_metadata %[[W]]
// CHECK: %[[YB:.*]], %{{.*}}, %{{.*}}:3, %[[YS:.*]]:3 = memref.extract_strided_metadata %[[Y]]
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[BATCH]] step %{{.*}} {
// CHECK:   %[[XI:.*]] = arith.muli %[[I]], %[[XS]]#0 : index
// CHECK:   %[[XOFF:.*]] = arith.addi %[[XO]], %[[XI]] : index
// CHECK:   %[[XBYTES:.*]] = arith.muli %[[XOFF]], %[[C4]] : index
// CHECK:   %[[XADDR:.*]] = arith.addi %[[XP]], %[[XBYTES]] : index
// CHECK:   %[[XADDR64:.*]] = arith.index_cast %[[XADDR]] : index to i64
// CHECK:   %[[XPTR:.*]] = llvm.inttoptr %[[XADDR64]] : i64 to !llvm.ptr
// CHECK:   %[[XRS:.*]] = arith.index_cast %[[XS]]#1 : index to i64
// CHECK:   %[[XCS:.*]] = arith.index_cast %[[XS]]#2 : index to i64
// CHECK:   %[[WRS:.*]] = arith.index_cast %[[WS]]#1 : index to i64
// CHECK:   %[[WCS:.*]] = arith.index_cast %[[WS]]#0 : index to i64
// CHECK:   %[[FLAGS:.*]] = arith.constant 3 : i64
// CHECK:   %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:   call @dtc_rt_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %[[XPTR]], %[[XRS]], %[[XCS]], %{{.*}}, %[[WRS]], %[[WCS]], %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]], %[[NULL]], %[[NULL]])
// CHECK: }
// CHECK-NOT: linalg.generic
func.func @linear(%x: memref<?x5x8xf32>, %w: memref<6x8xf32> {dt.param = @w}, %y: memref<?x5x6xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : memref<?x5x8xf32>, memref<6x8xf32>) outs(%y : memref<?x5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A zero fill of the output just before is folded into the call, which then
// overwrites (flag 0: B is no parameter either). Batch dimensions, one of them
// broadcast in B (stride 0 there: no offset term), become two loops.
// CHECK-LABEL: func.func @batched
// CHECK-NOT: linalg.fill
// CHECK: scf.for %[[I:.*]] =
// CHECK:   scf.for %[[J:.*]] =
// CHECK:     %[[FLAGS:.*]] = arith.constant 0 : i64
// CHECK:     call @dtc_rt_sgemm({{.*}}, %[[FLAGS]], %{{.*}}, %{{.*}})
func.func @batched(%a: memref<2x3x5x8xf32>, %b: memref<3x8x7xf32>, %c: memref<2x3x5x7xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<2x3x5x7xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : memref<2x3x5x8xf32>, memref<3x8x7xf32>) outs(%c : memref<2x3x5x7xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A fill with another value stays, and the call accumulates onto it (flag 1);
// views are read through their strided layouts.
// CHECK-LABEL: func.func @strided_views
// CHECK: linalg.fill
// CHECK: memref.extract_strided_metadata %{{.*}} : memref<4x8xf32, strided<[16, 1], offset: ?>>
// CHECK: %[[FLAGS:.*]] = arith.constant 1 : i64
// CHECK: call @dtc_rt_sgemm({{.*}}, %[[FLAGS]], %{{.*}}, %{{.*}})
func.func @strided_views(%a: memref<4x8xf32, strided<[16, 1], offset: ?>>, %b: memref<8x3xf32>, %c: memref<4x3xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<4x3xf32>)
  linalg.matmul ins(%a, %b : memref<4x8xf32, strided<[16, 1], offset: ?>>, memref<8x3xf32>) outs(%c : memref<4x3xf32>)
  return
}

// -----

// A marked epilogue becomes a function the GEMM calls on each finished
// block of the output: subviews of its operands at the block (the batch
// index from the context, rows and columns from the arguments), with
// linalg.index offset to the block's start. The check between the product
// and the epilogue now runs before the call.
// CHECK-LABEL: func.func @epilogue
// CHECK-SAME: (%[[X:.*]]: memref<?x5x8xf32>, %[[W:.*]]: memref<6x8xf32>, %[[BIAS:.*]]: memref<6xf32>, %[[Y:.*]]: memref<?x5x6xf32>
// CHECK: %[[CONTEXT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<3 x i64>, array<3 x i64>)>, i64)>
// CHECK: scf.if
// CHECK:   call @dtc_rt_fail
// CHECK: scf.for %[[I:.*]] =
// CHECK:   %[[FIELD:.*]] = llvm.getelementptr %[[CONTEXT]][0, 2]
// CHECK:   llvm.store %{{.*}}, %[[FIELD]] : i64, !llvm.ptr
// CHECK:   %[[FN:.*]] = func.constant @__dtc_epilogue_epilogue_0
// CHECK:   %[[FNPTR:.*]] = builtin.unrealized_conversion_cast %[[FN]] : (!llvm.ptr, index, index, index, index) -> () to !llvm.ptr
// CHECK:   call @dtc_rt_sgemm({{.*}}, %[[FNPTR]], %[[CONTEXT]])
// CHECK-NOT: linalg.generic
// CHECK: return
// CHECK-LABEL: func.func private @__dtc_epilogue_epilogue_0
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %[[ROW:.*]]: index, %[[COL:.*]]: index, %[[ROWS:.*]]: index, %[[COLS:.*]]: index) attributes {dtc.callback}
// CHECK: %[[BIASBLOCK:.*]] = memref.subview %{{.*}}[%[[COL]]] [%[[COLS]]] [1]
// CHECK: %[[YBLOCK:.*]] = memref.subview %{{.*}}[%{{.*}}, %[[ROW]], %[[COL]]] [1, %[[ROWS]], %[[COLS]]] [1, 1, 1]
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[BIASBLOCK]] : memref<?xf32, strided<[1], offset: ?>>) outs(%[[YBLOCK]] : memref<1x?x?xf32, strided<[30, 6, 1], offset: ?>>)
// CHECK:   %[[J:.*]] = linalg.index 2 : index
// CHECK:   affine.apply #{{.*}}()[%[[J]], %[[COL]]]
// CHECK-NOT: dtc.gemm_epilogue
func.func private @dtc_rt_fail(!llvm.ptr)
func.func @epilogue(%x: memref<?x5x8xf32>, %w: memref<6x8xf32>, %bias: memref<6xf32>, %y: memref<?x5x6xf32>, %bad: i1, %message: !llvm.ptr) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : memref<?x5x8xf32>, memref<6x8xf32>) outs(%y : memref<?x5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  scf.if %bad {
    func.call @dtc_rt_fail(%message) : (!llvm.ptr) -> ()
  }
  linalg.generic {dtc.gemm_epilogue, indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%bias : memref<6xf32>) outs(%y : memref<?x5x6xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %j = linalg.index 2 : index
    %ji = arith.index_cast %j : index to i32
    %jf = arith.sitofp %ji : i32 to f32
    %s = arith.addf %acc, %b : f32
    %t = arith.addf %s, %jf : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// An epilogue after something else that touches memory stays where it is.
// CHECK-LABEL: func.func @not_next
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: call @dtc_rt_sgemm({{.*}}, %[[NULL]], %[[NULL]])
// CHECK: linalg.copy
// CHECK: linalg.generic {{.*}} attrs = {dtc.gemm_epilogue}
func.func @not_next(%a: memref<4x8xf32>, %b: memref<8x3xf32>, %c: memref<4x3xf32>, %d: memref<4x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x3xf32>) outs(%c : memref<4x3xf32>)
  linalg.copy ins(%c : memref<4x3xf32>) outs(%d : memref<4x3xf32>)
  linalg.generic {dtc.gemm_epilogue, indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<4x3xf32>) {
  ^bb0(%acc: f32):
    %t = math.tanh %acc : f32
    linalg.yield %t : f32
  }
  return
}

// -----

// What the kernel does not cover stays: f64, and two reduction dimensions.
// No call is made, so no declaration is added either.
// CHECK-LABEL: func.func @not_covered
// CHECK-NOT: dtc_rt_sgemm
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-NOT: dtc_rt_sgemm
func.func @not_covered(%a: memref<4x8xf64>, %b: memref<8x3xf64>, %c: memref<4x3xf64>,
                       %x: memref<4x2x8xf32>, %y: memref<2x8x3xf32>, %z: memref<4x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf64>, memref<8x3xf64>) outs(%c : memref<4x3xf64>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%x, %y : memref<4x2x8xf32>, memref<2x8x3xf32>) outs(%z : memref<4x3xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Layer weights sliced by a loop with constant bounds: the module lists the
// offset of every slice the loop reads. A slice at an index known only at
// run time is not listed (the runtime packs it on first use).
// CHECK: module attributes {dtc.constant_gemm_operands = [{col_stride = 8 : i64, k = 8 : i64, n = 6 : i64, offsets = array<i64: 48, 96, 144>, parameter = @layers, row_stride = 1 : i64}]}
// CHECK-LABEL: func.func @layer_slices
// CHECK: scf.for
// CHECK:   call @dtc_rt_sgemm
// CHECK: call @dtc_rt_sgemm
func.func @layer_slices(%x: memref<5x8xf32>, %w: memref<4x6x8xf32> {dt.param = @layers}, %y: memref<5x6xf32>, %layer: index) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c1 to %c4 step %c1 {
    %s = memref.subview %w[%i, 0, 0] [1, 6, 8] [1, 1, 1] : memref<4x6x8xf32> to memref<6x8xf32, strided<[8, 1], offset: ?>>
    linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %s : memref<5x8xf32>, memref<6x8xf32, strided<[8, 1], offset: ?>>) outs(%y : memref<5x6xf32>) {
    ^bb0(%a: f32, %b: f32, %acc: f32):
      %p = arith.mulf %a, %b : f32
      %r = arith.addf %acc, %p : f32
      linalg.yield %r : f32
    }
  }
  %d = memref.subview %w[%layer, 0, 0] [1, 6, 8] [1, 1, 1] : memref<4x6x8xf32> to memref<6x8xf32, strided<[8, 1], offset: ?>>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %d : memref<5x8xf32>, memref<6x8xf32, strided<[8, 1], offset: ?>>) outs(%y : memref<5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %p : f32
    linalg.yield %r : f32
  }
  return
}
