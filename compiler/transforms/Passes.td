//===- Passes.td - dtc compiler passes ---------------------*- tablegen -*-===//
//
// Keep this list alphabetical by pass argument. Each pass has its own .cpp and
// its own lit test under test/transforms/.
//
//===----------------------------------------------------------------------===//

#ifndef DTC_COMPILER_TRANSFORMS_PASSES_TD
#define DTC_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def BindWeights : Pass<"dt-bind-weights", "::mlir::ModuleOp"> {
  let summary = "Binds a .safetensors file to the model's parameters";
  let description = [{
    Checks the weights file against the `dt.param` declarations and makes
    their shapes static: every parameter needs a tensor of its name with its
    element type and rank and with the extents it declares; every tensor of
    the file must be a parameter. Each violation is an error naming the
    parameter or tensor. Parameter declarations take the file's shapes, and
    every `dt.param_load` the refined type (users that need the old type see
    it through a `tensor.cast`); `dt-refine-shapes` then carries the shapes
    through the model.

    Example: `--dt-bind-weights="file=model.safetensors"`.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"\"",
           "path of the .safetensors file">,
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def CountDecisions : Pass<"dt-count-decisions"> {
  let summary = "Counts what conditional ops decided, for the runtime's statistics";
  let description = [{
    After each conditional op, adds `dt.count` ops recording its decisions in
    a counter named after the op and its source location, which the runtime
    reports after every call:

    - `dt.select_tokens`: `tokens kept, offered at FILE:L:C`, entry 0 the
      tokens kept over the batch, entry 1 the tokens it chose from;
    - `dt.early_exit`: `samples per exit head at FILE:L:C`, entry s the
      samples that left at head s;
    - `dt.moe_dispatch`: `rows per expert at FILE:L:C`, entry e the rows
      expert e computes.

    A site inside a loop (a selection in every layer) adds up over its
    executions. Counting costs a few scalar ops per site and call.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::dt::DtDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

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

def FuseElementwise : Pass<"dt-fuse-elementwise"> {
  let summary = "Fuses chains of elementwise linalg ops into their consumers";
  let description = [{
    Runs after `convert-dt-to-linalg`, on linalg on tensors: an elementwise
    `linalg.generic` whose result has one user is fused into that user (an
    elementwise op, a reduction such as a norm's or softmax's sums), so the
    chain runs as one loop nest without writing its intermediate tensors.
    A contraction takes no producer in (the backends call a GEMM for it only
    while its body is a plain multiply-add), and a producer with several
    users stays (fusing it would compute it once per user).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def LowerEarlyExit : Pass<"dt-lower-early-exit"> {
  let summary = "Lowers dt.early_exit to a host loop over stages with compaction";
  let description = [{
    Stage 0 runs first (its head gives the logits' width), then an
    `scf.while` runs stage `s` while `s < num_stages` and a sample is left.
    After each head, the head's softmax confidence (or entropy, or arg-max)
    feeds the policy, decided per sample in an `scf.for` over the rows:

    - a leaving sample writes its head's logits, the stage index and (for
      `recursive`) the offload flag into its original row of the results;
    - the others are listed, and every stage input and the policy's state
      (patience: last arg-max and run length; recursive: last confidence)
      are compacted to them with `dt.gather` along the batch dimension.

    Later stages therefore compute the survivors only, and the loop ends as
    soon as none is left. The last stage always exits. A run-time check
    requires at least one stage.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::dt::DtDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def LowerParamsAndKnobs : Pass<"dt-lower-params-and-knobs",
                                "::mlir::ModuleOp"> {
  let summary = "Makes parameters and knobs arguments of the entry points";
  let description = [{
    The entry-point ABI: every public function takes, after its inputs, one
    tensor argument per `dt.param` and then one argument per `dt.knob` (a
    scalar, or a rank-1 tensor for a vector knob), both in declaration
    order, marked `{dt.param = @name}` and
    `{dt.knob = @name}` so that the artifact writer and the runtime know what
    to pass (the runtime passes weights without copying them). Entry points
    are marked `llvm.emit_c_interface`: once lowered, each has a C wrapper
    `_mlir_ciface_NAME` taking memref descriptors by pointer. Reads become
    those arguments (a layer read, a slice of the stacked one; an element
    read of a vector knob, that element or the knob's default past the
    values set); the declarations disappear. Reads must sit directly in an
    entry point: inline other functions first, and lower `dt.early_exit`
    first, whose isolated body cannot see the arguments. A layer index that
    can reach past the stack is an error where its range is known (a
    constant, a loop with constant bounds) and a `cf.assert` otherwise.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def RefineShapes : Pass<"dt-refine-shapes"> {
  let summary = "Propagates static shapes through dt ops";
  let description = [{
    Re-infers the result types of dt ops and makes them as static as their
    operands allow, repeating until nothing changes: once weights are bound,
    the model's `?` extents that follow from the weights become numbers. A
    `tensor.cast` that only hides static information from dt ops is looked
    through. Users outside dt that need the old type (`func.return`,
    `scf.yield`, calls) keep it through a `tensor.cast`.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def SpecializeKnobs : Pass<"dt-specialize-knobs", "::mlir::ModuleOp"> {
  let summary = "Fixes run-time knobs to compile-time values";
  let description = [{
    Replaces every `dt.knob_get` of a listed knob with a constant and removes
    the knob declaration, so the artifact no longer exposes it. Followed by
    `canonicalize`, the constant folds through the conditional ops: a keep
    rate of 1 removes token selection, a top-k equal to the expert count
    turns routing into a dense sum. A vector knob is fixed to one value for
    every element. A value outside the knob's range, an unknown knob or a
    malformed entry is an error naming it.

    Example: `--dt-specialize-knobs="knobs=keep_rate=1.0,top_k=8"`.
  }];
  let options = [
    ListOption<"knobs", "knobs", "std::string",
               "NAME=VALUE pairs, comma-separated">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def SplitRaggedBatch : Pass<"dt-split-ragged-batch", "::mlir::ModuleOp"> {
  let summary = "Runs what follows a per-sample token selection once per sample";
  let description = [{
    A `dt.select_tokens` with one rate per sample (a `[B]` vector) gives
    every sample its own token count: a ragged batch. Rather than pad the
    batch to the largest count and compute on the padding, this pass moves
    everything that depends on the selection into an `scf.for` over the
    samples, where the selection has that sample's scalar rate and later ops
    see `[1, K_b, ...]` tensors; what comes before the selection stays
    batched. Each result is written to its sample's row; a result whose
    extent differs per sample (the kept positions) is padded to the largest,
    with 0 for floats and -1 for integers. Run-time checks require one rate
    per sample, each in (0, 1].

    The split is exact only if the ops after the selection keep samples
    apart. Each one, and each function it calls, is checked: an op working
    along the batch axis (softmax, reduction, concat, slice, gather, iota),
    a transpose or reshape that may move it, an MoE capacity shared by the
    batch, or an op the pass does not know is an error naming the op. The
    selection must sit at the top level of its function.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // DTC_COMPILER_TRANSFORMS_PASSES_TD
