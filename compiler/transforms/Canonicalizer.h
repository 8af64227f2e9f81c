//===- Canonicalizer.h - dtc's canonicalizer ---------------------*- C++ -*-===//
//
// Upstream's canonicalizer, minus the scf.for pattern that moves a
// tensor.cast of an iteration argument's initial value into the loop
// (ForOpTensorCastFolder). It assumes the carried tensor keeps its shape
// across iterations, and dtc's models do not: a layer loop that selects
// tokens carries [B, K, D] with K shrinking per layer. Once weights make the
// initial value static ([B, 197, 384]), the fold would type the carried value
// static too and cast every later iteration's smaller tensor to it.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TRANSFORMS_CANONICALIZER_H
#define COMPILER_TRANSFORMS_CANONICALIZER_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/Passes.h"

#include <string>

namespace dtc {

/// The upstream canonicalization patterns dtc never runs.
inline const std::string kDisabledCanonicalizations[] = {
    "(anonymous namespace)::ForOpTensorCastFolder"};

inline std::unique_ptr<mlir::Pass> createCanonicalizer() {
  return mlir::createCanonicalizerPass(mlir::GreedyRewriteConfig(),
                                       kDisabledCanonicalizations);
}

/// `patterns` plus the canonicalizations createCanonicalizer runs, frozen,
/// for a pass that applies both in one greedy run.
inline mlir::FrozenRewritePatternSet
withCanonicalizations(mlir::RewritePatternSet &&patterns) {
  mlir::MLIRContext *context = patterns.getContext();
  for (mlir::Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (mlir::RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  return mlir::FrozenRewritePatternSet(std::move(patterns),
                                       kDisabledCanonicalizations);
}

} // namespace dtc

#endif // COMPILER_TRANSFORMS_CANONICALIZER_H
