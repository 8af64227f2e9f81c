//===- Passes.td - dtc conversion passes -------------------*- tablegen -*-===//
//
// Keep this list alphabetical by pass argument.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_COMPILER_CONVERSION_PASSES_TD
#define DTC_COMPILER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDtToLinalg : Pass<"convert-dt-to-linalg"> {
  let summary = "Lowers dense dt ops to linalg on tensors";
  let description = [{
    Rewrites dense dt ops into `linalg.generic` on tensors, with `arith` and
    `math` in their bodies: elementwise ops (with numpy broadcasting) and
    activations, and the contractions `dt.linear` (its bias is the
    accumulator's initial value, so the bias add costs no extra pass over
    the output) and `dt.matmul` (batch broadcasting, transposed right-hand
    side). Ops not yet covered stay as they are (partial conversion).

    Broadcasting is decided at compile time: an operand broadcasts along a
    dimension whose extent is a static 1; a dynamic extent is taken to match
    the result.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // DTC_COMPILER_CONVERSION_PASSES_TD
