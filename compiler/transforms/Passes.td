//===- Passes.td - dtc compiler passes ---------------------*- tablegen -*-===//
//
// Keep this list alphabetical by pass argument. Each pass has its own .cpp and
// its own lit test under test/transforms/.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_COMPILER_TRANSFORMS_PASSES_TD
#define DTC_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DecomposeMoe : Pass<"dt-decompose-moe"> {
  let summary = "Rewrites dt.moe into route, dispatch, grouped linear, combine";
  let description = [{
    Expands each `dt.moe` into the classic kernel plan of mixture-of-experts
    layers: the router `dt.linear`, `dt.moe_route` (top-k and gates),
    `dt.moe_dispatch` (count rows per expert and permute them contiguously),
    two `dt.grouped_linear` with the activation between them, and
    `dt.moe_combine` (gate-weighted un-permute). Every step's extent is a
    run-time value, so the cost scales with k, not with E.
  }];
  let dependentDialects = ["::mlir::dt::DtDialect",
                           "::mlir::tensor::TensorDialect"];
}

def SpecializeKnobs : Pass<"dt-specialize-knobs", "::mlir::ModuleOp"> {
  let summary = "Fixes run-time knobs to compile-time values";
  let description = [{
    Replaces every `dt.knob_get` of a listed knob with a constant and removes
    the knob declaration, so the artifact no longer exposes it. Followed by
    `canonicalize`, the constant folds through the conditional ops: a keep
    rate of 1 removes token selection, a top-k equal to the expert count
    turns routing into a dense sum. A value outside the knob's range, an
    unknown knob or a malformed entry is an error naming it.

    Example: `--dt-specialize-knobs="knobs=keep_rate=1.0,top_k=8"`.
  }];
  let options = [
    ListOption<"knobs", "knobs", "std::string",
               "NAME=VALUE pairs, comma-separated">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // DTC_COMPILER_TRANSFORMS_PASSES_TD
