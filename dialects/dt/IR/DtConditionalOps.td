//===- DtConditionalOps.td - conditional-compute ops -------*- tablegen -*-===//
//
// The ops whose run-time decisions make the rest of the network cheaper, with
// the semantics fixed in docs/semantics.md (sections 1, 3 and 4). Their
// run-time extents (kept tokens, surviving samples, rows per expert) are
// dynamic dimensions: nothing here assumes a dense fallback.
//
//===----------------------------------------------------------------------===//

#ifndef DT_CONDITIONAL_OPS_TD
#define DT_CONDITIONAL_OPS_TD

include "dialects/dt/IR/DtBase.td"
include "dialects/dt/IR/DtInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Dt_ConditionalOp<string mnemonic, list<Trait> traits = []> :
    Dt_Op<mnemonic, !listconcat(traits, [
      DeclareOpInterfaceMethods<Dt_ConditionalComputeOpInterface>])>;

//===----------------------------------------------------------------------===//
// Token selection.
//===----------------------------------------------------------------------===//

def Dt_SelectTokensOp : Dt_ConditionalOp<"select_tokens", [Pure,
    Dt_InferTypes]> {
  let summary = "keeps the prefix and the highest-scoring tokens, in order";
  let description = [{
    `input : [B, N, D]`, `scores : [B, N]`, `rate` a float scalar or a `[B]`
    vector (one rate per sample). Per sample, keeps the `prefix` leading tokens
    and the `ceil(rate * (N - prefix))` highest-scoring others (ties: lower
    index), in their original order. Results: `output : [B, K, D]` and the
    kept positions `indices : [B, K]` (i64), for `dt.restore_tokens`.

    A rate must lie in (0, 1]; the runtime checks it. Rate 1 is the identity
    and folds away. With per-sample rates, `K` is the largest count; a sample
    that keeps fewer tokens has its trailing rows zero with index -1.
    `dt-split-ragged-batch` runs what follows once per sample, so no op
    computes on that padding.

    ```mlir
    %y, %idx = dt.select_tokens %x, %s, %rate prefix 1
      : (tensor<?x197x384xf32>, tensor<?x197xf32>, f32)
      -> (tensor<?x?x384xf32>, tensor<?x?xi64>)
    ```
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_FloatTensor:$scores,
                       Dt_FloatScalarOrVector:$rate,
                       DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>,
                                         "0">:$prefix);
  let results = (outs Dt_FloatTensor:$output, Dt_I64Tensor:$indices);
  let assemblyFormat = [{
    $input `,` $scores `,` $rate (`prefix` $prefix^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasCanonicalizer = 1;
}

def Dt_RestoreTokensOp : Dt_Op<"restore_tokens", [Pure, Dt_InferTypes]> {
  let summary = "scatters selected tokens back to their original positions";
  let description = [{
    `updates : [B, K, D]` and `indices : [B, K]` from `dt.select_tokens`;
    `base : [B, N, D]` gives the values of the positions that were not kept
    (zeros, or the activations before selection). Result `[B, N, D]` with
    `result[b, indices[b, k]] = updates[b, k]`; index -1 rows are skipped.
  }];
  let arguments = (ins Dt_FloatTensor:$updates, Dt_IndexTensor:$indices,
                       Dt_FloatTensor:$base);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $updates `,` $indices `into` $base attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Early exit.
//===----------------------------------------------------------------------===//

def Dt_EarlyExitOp : Dt_ConditionalOp<"early_exit", [
    AttrSizedOperandSegments, IsolatedFromAbove, SingleBlock,
    RecursiveMemoryEffects]> {
  let summary = "runs stages with exit heads, removing samples as they exit";
  let description = [{
    Runs `num_stages` stages. The body computes stage `%s`: it receives the
    stage index and the batch of samples still running (every `inputs` value,
    compacted alike along its leading batch dimension) and yields the inputs of
    the next stage followed by the logits `[B', C]` of stage `%s`'s exit head.
    After each head the `policy` decides per sample:

    - `max_prob(t)`: exit when the largest softmax probability is >= t;
    - `entropy(t)`: exit when the softmax entropy is <= t;
    - `patience(p)`: exit when the arg-max was the same for p heads in a row;
    - `recursive(t, g)`: exit when the confidence is >= t, or when it rose by
      less than g since the previous head, then marked for offload.

    The last stage always exits. A sample that exits keeps its head's logits
    and is removed from the batch for later stages. Results, in input order:
    `logits : [B, C]`, the exit stage per sample `exit_index : [B]` (i32) and,
    for `recursive` only, `offload : [B]` (i1). Thresholds are run-time values
    (usually `dt.knob_get`). The body is isolated from above so that nothing
    batch-shaped escapes compaction; it reads weights with `dt.param_load`.
  }];
  let arguments = (ins Dt_ExitPolicy:$policy, Variadic<AnyType>:$thresholds,
                       Index:$num_stages, Variadic<Dt_AnyTensor>:$inputs);
  let results = (outs Dt_FloatTensor:$logits, Dt_I32Tensor:$exit_index,
                      Optional<RankedTensorOf<[I1]>>:$offload);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $policy `(` $thresholds `:` type($thresholds) `)` `stages` $num_stages
    `inputs` `(` $inputs `:` type($inputs) `)` attr-dict `->` type(results)
    $body
  }];
  let hasRegionVerifier = 1;
}

def Dt_YieldOp : Dt_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"EarlyExitOp">]> {
  let summary = "ends a dt region, yielding its values";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

//===----------------------------------------------------------------------===//
// Mixture of experts: the whole layer, and the steps it decomposes into.
//===----------------------------------------------------------------------===//

def Dt_MoeOp : Dt_ConditionalOp<"moe", [Pure, AttrSizedOperandSegments,
    Dt_InferTypes]> {
  let summary = "mixture-of-experts FFN with top-k routing";
  let description = [{
    `input : [..., T, D]`, `router : [E, D]`, expert weights stacked on a
    leading `E`: `up : [E, H, D]`, `up_bias : [E, H]`, `down : [E, D, H]`,
    `down_bias : [E, D]` (biases optional). Each token's router logits choose
    its `top_k` experts (ties: lower index); `gate` sets the weights; each
    token's output is the gate-weighted sum of its experts'
    `down(act(up(x)))`. Dropless unless `capacity_factor` c is set: then an
    expert takes at most `ceil(c * k * T / E)` tokens in token order and the
    others get a zero contribution from it. `top_k` is a run-time value in
    [1, E]. With `top_k == E` and no binding capacity, the layer is a dense
    softmax-weighted sum of every expert and canonicalises to it;
    `dt-decompose-moe` rewrites it into route / dispatch / grouped linear /
    combine.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_FloatTensor:$router,
                       Dt_FloatTensor:$up, Optional<Dt_FloatTensor>:$up_bias,
                       Dt_FloatTensor:$down,
                       Optional<Dt_FloatTensor>:$down_bias, I64:$top_k,
                       DefaultValuedAttr<Dt_MoeGate,
                         "::mlir::dt::MoeGate::softmax_topk">:$gate,
                       DefaultValuedAttr<Dt_Activation,
                         "::mlir::dt::Activation::gelu">:$activation,
                       OptionalAttr<F32Attr>:$capacity_factor);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `router` $router `up` $up (`bias` $up_bias^)? `down` $down
    (`bias` $down_bias^)? `top_k` $top_k `gate` $gate `activation` $activation
    attr-dict `:` functional-type(operands, results)
  }];
  let hasCanonicalizer = 1;
}

def Dt_MoeRouteOp : Dt_ConditionalOp<"moe_route", [Pure, Dt_InferTypes]> {
  let summary = "top-k experts per token and their gate weights";
  let description = [{
    `logits : [..., E]` gives `gates : [..., k]` (float, as `gate` says) and
    `experts : [..., k]` (i64, best first, ties to the lower index).
  }];
  let arguments = (ins Dt_FloatTensor:$logits, I64:$top_k,
                       DefaultValuedAttr<Dt_MoeGate,
                         "::mlir::dt::MoeGate::softmax_topk">:$gate);
  let results = (outs Dt_FloatTensor:$gates, Dt_I64Tensor:$experts);
  let assemblyFormat = [{
    $logits `top_k` $top_k `gate` $gate attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_MoeDispatchOp : Dt_Op<"moe_dispatch", [Pure, Dt_InferTypes]> {
  let summary = "permutes token rows so that each expert's rows are contiguous";
  let description = [{
    `input : [..., D]`, `experts : [..., k]` (from `dt.moe_route`),
    `num_experts` E. Results: `rows : [R, D]`, the routed copies of the tokens
    grouped by expert (token order inside a group); `group_sizes : [E]` (i64),
    rows per expert; `slots : [..., k]` (i64), where each (token, choice) went
    in `rows`, or -1 if capacity dropped it. `R` is the number of routed pairs
    kept, a run-time extent.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_I64Tensor:$experts,
                       Index:$num_experts,
                       OptionalAttr<F32Attr>:$capacity_factor);
  let results = (outs Dt_FloatTensor:$rows, Dt_I64Tensor:$group_sizes,
                      Dt_I64Tensor:$slots);
  let assemblyFormat = [{
    $input `,` $experts `experts` $num_experts attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_GroupedLinearOp : Dt_Op<"grouped_linear", [Pure, Dt_InferTypes]> {
  let summary = "one linear layer per contiguous group of rows";
  let description = [{
    `input : [R, K]` split into `E` consecutive groups of `group_sizes : [E]`
    rows; group `e` is multiplied by `weight[e] : [N, K]` transposed and gets
    `bias[e]` (`bias : [E, N]`, optional). Result `[R, N]`.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_IndexTensor:$group_sizes,
                       Dt_FloatTensor:$weight, Optional<Dt_FloatTensor>:$bias);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $group_sizes `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_MoeCombineOp : Dt_Op<"moe_combine", [Pure, Dt_InferTypes]> {
  let summary = "gate-weighted sum of each token's expert outputs";
  let description = [{
    `rows : [R, D]` (expert outputs in dispatch order), `slots : [..., k]` and
    `gates : [..., k]`; result `[..., D]` with
    `result[t] = sum_j gates[t, j] * rows[slots[t, j]]`, skipping slot -1.
  }];
  let arguments = (ins Dt_FloatTensor:$rows, Dt_I64Tensor:$slots,
                       Dt_FloatTensor:$gates);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $rows `,` $slots `,` $gates attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DT_CONDITIONAL_OPS_TD
