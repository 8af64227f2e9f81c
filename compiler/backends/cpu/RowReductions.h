//===- RowReductions.h - reductions along rows as vector code ---*- C++ -*-===//
//
// A norm's sums, a softmax's maximum and sum: reductions along the
// innermost, contiguous dimension. dtc-cpu-tile-for-vectors recognises them
// and leaves one row per op; dtc-cpu-vectorize turns each row into a loop
// that combines a vector of partial results, reduced across its lanes once
// at the end.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_BACKENDS_CPU_ROWREDUCTIONS_H
#define COMPILER_BACKENDS_CPU_ROWREDUCTIONS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace dtc::cpu {

/// The op that combines each element into `op`'s single output, when `op`
/// reduces along its innermost loop dimension in a way that vectors can
/// take apart: the combiner has a vector reduction kind and a neutral
/// element, and may be reassociated (an integer one, or a float one marked
/// `reassoc` by dtc-cpu-reassociate-reductions); the output is read only by
/// it; the rest of the body is element-wise arithmetic (no
/// `linalg.index`). Null otherwise.
mlir::Operation *matchRowReduction(mlir::linalg::GenericOp op);

/// Rewrites `row`, a match of matchRowReduction whose other dimensions have
/// one iteration each, as an `scf.for` over the innermost dimension in
/// steps of `width` elements carrying a vector of partial results (the
/// neutral element at first), a masked step for what is left, and one
/// `vector.reduction` into the output.
mlir::LogicalResult vectorizeRowReduction(mlir::RewriterBase &rewriter,
                                          mlir::linalg::GenericOp row,
                                          int64_t width);

} // namespace dtc::cpu

#endif // COMPILER_BACKENDS_CPU_ROWREDUCTIONS_H
