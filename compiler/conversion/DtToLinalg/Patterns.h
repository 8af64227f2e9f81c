//===- Patterns.h - dt to linalg patterns, by family ------------*- C++ -*-===//

#ifndef COMPILER_CONVERSION_DTTOLINALG_PATTERNS_H
#define COMPILER_CONVERSION_DTTOLINALG_PATTERNS_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dt {

/// Elementwise binary and unary ops and activations (Elementwise.cpp).
void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// dt.linear and dt.matmul (Contraction.cpp).
void populateContractionToLinalgPatterns(RewritePatternSet &patterns);
/// Reductions, argmax, softmax, layer_norm, rms_norm (Normalization.cpp).
void populateNormalizationToLinalgPatterns(RewritePatternSet &patterns);
/// Shape and data movement: transpose, reshape, expand_dims, squeeze,
/// broadcast, concat, slice, gather, embedding, iota, patchify
/// (DataMovement.cpp).
void populateDataMovementToLinalgPatterns(RewritePatternSet &patterns);
/// dt.select_tokens with a scalar rate (TokenSelection.cpp).
void populateTokenSelectionToLinalgPatterns(RewritePatternSet &patterns);
/// The steps of a decomposed dt.moe (Experts.cpp).
void populateExpertsToLinalgPatterns(RewritePatternSet &patterns);
/// dt.attention (Attention.cpp).
void populateAttentionToLinalgPatterns(RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// Helpers shared by the pattern files.
//===----------------------------------------------------------------------===//

/// The map from the `resultRank` loop dimensions to an operand of `shape`
/// aligned at the end (numpy broadcasting): a static extent of 1 under a
/// result extent other than 1 reads index 0. `resultShape` has `resultRank`
/// extents.
AffineMap broadcastMap(ArrayRef<int64_t> shape, ArrayRef<int64_t> resultShape,
                       MLIRContext *context);

/// A tensor.empty of `type`; each dynamic extent is read (tensor.dim) from
/// the first of `operands` whose end-aligned dimension there is not a
/// static 1.
Value emptyForBroadcast(OpBuilder &b, Location loc, RankedTensorType type,
                        ValueRange operands);

/// `value` as `type` through a tensor.cast when they differ.
Value castTo(OpBuilder &b, Location loc, Value value, Type type);

/// An integer value (i32, i64) as an index, and the loop index `dim` of the
/// enclosing linalg.generic as an i64.
Value toIndex(OpBuilder &b, Location loc, Value integer);
Value loopIndexI64(OpBuilder &b, Location loc, unsigned dim);

/// A possibly negative axis (counted from the end) as a position in [0, rank).
inline int64_t positiveAxis(uint64_t axis, int64_t rank) {
  auto a = static_cast<int64_t>(axis);
  return a < 0 ? a + rank : a;
}

/// A float constant of `type`.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value);

/// The extents of `value` as index values (constants where static).
SmallVector<Value> extentsOf(OpBuilder &b, Location loc, Value value);

/// A tensor.empty of `shape` (ShapedType::kDynamic where unknown) and
/// `elementType`, whose dynamic extents are the matching `extents`.
Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType, ArrayRef<Value> extents);

/// `value` with unit dimensions inserted at `axes` (positions in `type`, the
/// result type), by tensor.expand_shape.
Value insertUnitDims(OpBuilder &b, Location loc, Value value,
                     RankedTensorType type, ArrayRef<int64_t> axes);

/// How a reduction combines elements.
enum class ReduceKind { Sum, Max };

/// Reduces `input` over the sorted, normalised `axes` with one
/// linalg.generic; the result drops those dimensions.
Value reduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
             ReduceKind kind);

/// One linalg.generic with out.size() parallel loops and a last reduction
/// loop: an output of `element` with extents `out`, starting at `init`;
/// `body` gets the inputs' elements and the accumulator, last. `maps` take
/// out.size() + 1 loops.
Value reduceLast(OpBuilder &b, Location loc, ArrayRef<Value> out, Type element,
                 Value init, ValueRange inputs, ArrayRef<AffineMap> maps,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// A zero-filled float tensor of `shape` whose extents are `extents` (all of
/// them), or of `type` whose dynamic extents are `dynamicSizes`.
Value zeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Type element,
            ArrayRef<Value> extents);
Value zeros(OpBuilder &b, Location loc, RankedTensorType type,
            ValueRange dynamicSizes);

/// A [B, M] i64 tensor whose element (b, m) counts the n for which
/// `counted` holds: one linalg.generic over loops (b, m, n) reducing n; the
/// extent of n comes from `inputs` through `maps`. linalg.index gives b, m, n.
Value countWhere(OpBuilder &b, Location loc, Value batch, Value rows,
                 ValueRange inputs, ArrayRef<AffineMap> maps,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> counted);

/// The map from `loops` loops to the listed loop dimensions.
AffineMap loopMap(OpBuilder &b, unsigned loops, ArrayRef<unsigned> dims);

/// rank[b, j] over `scores` [B, N]: how many i >= `first` (an i64) score
/// higher than j, or equal with a lower index. Ranks are distinct, so the k
/// best are those of rank < k, ties going to the lower index.
Value rankDescending(OpBuilder &b, Location loc, Value batch, Value count,
                     Value scores, Value first);

/// softmax of `x` along `axis` (max-subtracted): four linalg ops.
Value softmax(OpBuilder &b, Location loc, Value x, int64_t axis);

/// One linalg.generic over the shape of `like` (whose extents it reuses)
/// reading each of `inputs` through `maps` and computing `body` per element.
Value mapElements(OpBuilder &b, Location loc, Value like, Type elementType,
                  ValueRange inputs, ArrayRef<AffineMap> maps,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body);

} // namespace mlir::dt

#endif // COMPILER_CONVERSION_DTTOLINALG_PATTERNS_H
