// convert-dt-to-linalg: dense dt ops become linalg.generic on tensors.
// RUN: dtc-opt %s --convert-dt-to-linalg --split-input-file | FileCheck %s

// Broadcasting reads a static-1 or missing dimension at index 0.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @broadcast_add
// CHECK-SAME: (%[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<?x1xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %c0
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x3xf32>
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<?x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ID]]]
// CHECK: arith.mulf
func.func @broadcast_add(%a: tensor<?x3xf32>, %b: tensor<3xf32>, %c: tensor<?x1xf32>) -> tensor<?x3xf32> {
  %0 = dt.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %1 = dt.mul %0, %c : (tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK: linalg.generic
// CHECK: math.erf
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK-NOT: dt.
func.func @activations(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dt.gelu %x : tensor<4x8xf32>
  %1 = dt.gelu %0 approximation tanh : tensor<4x8xf32>
  %2 = dt.silu %1 : tensor<4x8xf32>
  %3 = dt.relu %2 : tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// The bias is the accumulator's initial value.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[OUT3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[OUT4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X0:.*]]: tensor<?x197x384xf32>, %[[W0:.*]]: tensor<1536x384xf32>, %[[B0:.*]]: tensor<1536xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x197x1536xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[OUT3]]], {{.*}}} ins(%[[B0]] : tensor<1536xf32>) outs(%[[E]] : tensor<?x197x1536xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[OUT4]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X0]], %[[W0]] : {{.*}}) outs(%[[INIT]] : tensor<?x197x1536xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @linear(%x: tensor<?x197x384xf32>, %w: tensor<1536x384xf32>, %b: tensor<1536xf32>) -> tensor<?x197x1536xf32> {
  %0 = dt.linear %x, %w, %b : (tensor<?x197x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>) -> tensor<?x197x1536xf32>
  return %0 : tensor<?x197x1536xf32>
}

// Without a bias the accumulator starts at zero.
// CHECK-LABEL: func.func @linear_no_bias
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.*}} outs(%[[Z]] : tensor<2x4xf32>)
func.func @linear_no_bias(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %0 = dt.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Batch broadcasting: the lhs's batch of 1 is read at 0 for each of 8.
// CHECK-DAG: #[[L:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[R:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @batched_matmul
// CHECK: linalg.generic {indexing_maps = [#[[L]], #[[R]], #[[O]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
func.func @batched_matmul(%a: tensor<2x1x5x16xf32>, %b: tensor<8x32x16xf32>) -> tensor<2x8x5x32xf32> {
  %0 = dt.matmul %a, %b transpose_rhs : (tensor<2x1x5x16xf32>, tensor<8x32x16xf32>) -> tensor<2x8x5x32xf32>
  return %0 : tensor<2x8x5x32xf32>
}

// -----

// Ops without a lowering yet stay (partial conversion): here, selection
// with per-sample rates.
// CHECK-LABEL: func.func @partial
// CHECK: dt.select_tokens
// CHECK: linalg.generic
func.func @partial(%x: tensor<2x4x64xf32>, %s: tensor<2x4xf32>, %r: tensor<2xf32>) -> tensor<2x?x64xf32> {
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x4x64xf32>, tensor<2x4xf32>, tensor<2xf32>) -> (tensor<2x?x64xf32>, tensor<2x?xi64>)
  %1 = dt.exp %y : tensor<2x?x64xf32>
  return %1 : tensor<2x?x64xf32>
}

// -----

// Selection with a scalar rate: rank, keep, slot, index (each a reduction
// over the tokens), then a gather; K is computed from the rate at run time.
// CHECK-LABEL: func.func @select_tokens
// CHECK: math.ceil
// CHECK-COUNT-3: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: tensor.extract
// CHECK-NOT: dt.select_tokens
func.func @select_tokens(%x: tensor<?x197x384xf32>, %s: tensor<?x197xf32>, %r: f32) -> (tensor<?x?x384xf32>, tensor<?x?xi64>) {
  %y, %i = dt.select_tokens %x, %s, %r prefix 1 : (tensor<?x197x384xf32>, tensor<?x197xf32>, f32) -> (tensor<?x?x384xf32>, tensor<?x?xi64>)
  return %y, %i : tensor<?x?x384xf32>, tensor<?x?xi64>
}

// -----

// Attention splits heads by reshaping, then runs flash-style over tiles of
// 256 keys: per tile Q Kᵀ (with the causal limit at the tile's offset), the
// new row maximum, exp under it, the rescaled running sums, and P V
// accumulated onto the rescaled output; the output is the running output
// over the running sum, heads joined. No [B, H, Nq, Nk] tensor exists.
// CHECK-LABEL: func.func @attention
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [%{{.*}}, 197, 6, 64] : tensor<?x197x384xf32> into tensor<?x197x6x64xf32>
// CHECK: %[[M0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x6x197xf32>)
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[J0:.*]] = %{{.*}} to %{{.*}} step %c256 iter_args(%[[M:.*]] = %[[M0]], %[[L:.*]] = %{{.*}}, %[[ACC:.*]] = %{{.*}}) -> (tensor<?x6x197xf32>, tensor<?x6x197xf32>, tensor<?x197x6x64xf32>)
// CHECK:   tensor.extract_slice %{{.*}}[0, %[[J0]], 0, 0]
// CHECK:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: outs(%{{.*}} : tensor<?x6x197x?xf32>)
// CHECK:   arith.addi %{{.*}}, %[[J0]]
// CHECK:   arith.cmpi ugt
// CHECK:   arith.maximumf
// CHECK:   math.exp
// CHECK:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: outs(%{{.*}} : tensor<?x197x6x64xf32>)
// CHECK:   scf.yield
// CHECK: arith.divf
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<?x197x6x64xf32> into tensor<?x197x384xf32>
// CHECK-NOT: tensor<?x6x197x197xf32>
// CHECK-NOT: dt.attention
func.func @attention(%q: tensor<?x197x384xf32>) -> tensor<?x197x384xf32> {
  %0 = dt.attention %q, %q, %q head_dim 64 causal : (tensor<?x197x384xf32>, tensor<?x197x384xf32>, tensor<?x197x384xf32>) -> tensor<?x197x384xf32>
  return %0 : tensor<?x197x384xf32>
}

// -----

// Attention weights take one query row, score it against every key per head,
// softmax over the keys, then average the heads.
// CHECK-LABEL: func.func @attention_weights
// CHECK: %[[ROW:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0] [%{{.*}}, 1, 384] [1, 1, 1] : tensor<?x197x384xf32> to tensor<?x1x384xf32>
// CHECK: tensor.expand_shape %[[ROW]] {{\[}}[0], [1], [2, 3]] output_shape [%{{.*}}, 1, 6, 64]
// CHECK: iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK: math.exp
// CHECK: iterator_types = ["parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.divf
// CHECK-NOT: dt.attention_weights
func.func @attention_weights(%q: tensor<?x197x384xf32>) -> tensor<?x197xf32> {
  %0 = dt.attention_weights %q, %q head_dim 64 : (tensor<?x197x384xf32>, tensor<?x197x384xf32>) -> tensor<?x197xf32>
  return %0 : tensor<?x197xf32>
}

// -----

// softmax: max, exp(x - max), sum, divide; each reduction drops the axis.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK: linalg.fill ins(%{{.*}} : f32)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK-NOT: dt.softmax
func.func @softmax(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = dt.softmax %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// layer_norm over the last dimension: the sum, the squares of x - mean and
// their sum, then scale and shift; the last step reads x and the sums, not
// a centred copy of x.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x5x16xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] :
// CHECK: %[[SQUARES:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[SUM]] :
// CHECK: %[[SUM_SQUARES:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[SQUARES]] :
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[SUM]], %[[SUM_SQUARES]], %{{.*}}, %{{.*}} :
// CHECK: math.rsqrt
// CHECK-NOT: dt.layer_norm
func.func @layer_norm(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<2x5x16xf32> {
  %0 = dt.layer_norm %x, %g, %b : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}

// keep_dims re-inserts the reduced axis as a unit dimension.
// CHECK-LABEL: func.func @reduce_keep_dims
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [2, 5, 1] : tensor<2x5xf32> into tensor<2x5x1xf32>
func.func @reduce_keep_dims(%x: tensor<2x5x16xf32>) -> tensor<2x5x1xf32> {
  %0 = dt.reduce_mean %x [2] keep_dims : (tensor<2x5x16xf32>) -> tensor<2x5x1xf32>
  return %0 : tensor<2x5x1xf32>
}

// -----

// Reshapes map onto the tensor dialect; a -1 extent is computed at run time.
// CHECK-LABEL: func.func @shapes
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x6x4xf32>) outs(%{{.*}} : tensor<2x4x6xf32>) permutation = [0, 2, 1]
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2xindex>
// CHECK: tensor.reshape %{{.*}}(%[[SHAPE]]) : (tensor<2x6x4xf32>, tensor<2xindex>) -> tensor<?x8xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] output_shape [1, 2, 6, 4]
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<1x2x6x4xf32> into tensor<2x6x4xf32>
// CHECK: tensor.concat dim(1)
// CHECK: tensor.extract_slice %{{.*}}[0, 2, 0] [2, 3, 4] [1, 1, 1]
func.func @shapes(%x: tensor<2x6x4xf32>) -> (tensor<2x4x6xf32>, tensor<?x8xf32>, tensor<2x6x4xf32>, tensor<2x12x4xf32>, tensor<2x3x4xf32>) {
  %0 = dt.transpose %x [0, 2, 1] : (tensor<2x6x4xf32>) -> tensor<2x4x6xf32>
  %1 = dt.reshape %x [-1, 8] : (tensor<2x6x4xf32>) -> tensor<?x8xf32>
  %2 = dt.expand_dims %x axis 0 : (tensor<2x6x4xf32>) -> tensor<1x2x6x4xf32>
  %3 = dt.squeeze %2 axis 0 : (tensor<1x2x6x4xf32>) -> tensor<2x6x4xf32>
  %4 = dt.concat %x, %3 axis 1 : (tensor<2x6x4xf32>, tensor<2x6x4xf32>) -> tensor<2x12x4xf32>
  %5 = dt.slice %x axis 1 start 2 end 5 : (tensor<2x6x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %3, %4, %5 : tensor<2x4x6xf32>, tensor<?x8xf32>, tensor<2x6x4xf32>, tensor<2x12x4xf32>, tensor<2x3x4xf32>
}

// -----

// Gathers read the source with tensor.extract at an index from the indices.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x4xf32>, %[[I:.*]]: tensor<2x3xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}], {{.*}}} ins(%[[I]] : tensor<2x3xi64>)
// CHECK: %[[ROW:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: tensor.extract %[[X]][%{{.*}}, %[[ROW]], %{{.*}}] : tensor<2x6x4xf32>
func.func @gather(%x: tensor<2x6x4xf32>, %i: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = dt.gather %x, %i axis 1 : (tensor<2x6x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
