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

/// A float constant of `type`.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value);

} // namespace mlir::dt

#endif // COMPILER_CONVERSION_DTTOLINALG_PATTERNS_H
