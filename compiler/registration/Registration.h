//===- Registration.h - what dtc's tools register ---------------*- C++ -*-===//
//
// One place lists the dialects and passes every dtc tool knows, so dtc-opt,
// dtc and tests agree.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_REGISTRATION_REGISTRATION_H
#define COMPILER_REGISTRATION_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace dtc {
/// dt plus the upstream dialects dt models are written with (func, arith,
/// tensor, scf).
void registerAllDialects(mlir::DialectRegistry &registry);
/// Every dt pass and the upstream passes dtc pipelines use (canonicalize, cse,
/// inline, symbol-dce, ...).
void registerAllPasses();
} // namespace dtc

#endif // COMPILER_REGISTRATION_REGISTRATION_H
