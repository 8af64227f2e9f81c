//===- TypeRefinement.h - making result types more static -------*- C++ -*-===//
//
// Shared by dt-bind-weights and dt-refine-shapes: a value's type becomes more
// static (a `?` becomes a known extent). dt ops accept operands more static
// than their declared types, as do tensor.dim and tensor.cast; every other
// user (func.return, scf.yield, calls, ...) keeps seeing the old type through
// a tensor.cast, which later folding removes where it can.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TRANSFORMS_TYPEREFINEMENT_H
#define COMPILER_TRANSFORMS_TYPEREFINEMENT_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dt {

/// Whether `user` accepts an operand whose type is more static than before.
bool acceptsRefinedOperands(Operation *user);

/// The more static of two compatible ranked tensor types (per dimension), or
/// null if they are not compatible.
RankedTensorType joinStatic(RankedTensorType a, RankedTensorType b);

/// Gives `value` the type `refined` and keeps each user that needs the old
/// type working through a tensor.cast.
void refineValueType(RewriterBase &rewriter, Value value,
                     RankedTensorType refined);

} // namespace mlir::dt

#endif // COMPILER_TRANSFORMS_TYPEREFINEMENT_H
