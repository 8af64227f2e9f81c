//===- DtDenseOps.td - dense neural-network ops ------------*- tablegen -*-===//
//
// Every dense op infers its result type from its operands (shapes may stay
// dynamic); a written result type must be compatible with the inferred one and
// may be more static.
//
//===----------------------------------------------------------------------===//

#ifndef DT_DENSE_OPS_TD
#define DT_DENSE_OPS_TD

include "dialects/dt/IR/DtBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

def Dt_LinearOp : Dt_InferOp<"linear"> {
  let summary = "fully connected layer: input x weightᵀ + bias";
  let description = [{
    `input : [..., K]`, `weight : [N, K]` (the layout of PyTorch's
    `nn.Linear`), optional `bias : [N]`; result `[..., N]`.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_FloatTensor:$weight,
                       Optional<Dt_FloatTensor>:$bias);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_MatmulOp : Dt_InferOp<"matmul"> {
  let summary = "matrix product with numpy batch broadcasting";
  let description = [{
    `lhs : [..., M, K]` times `rhs : [..., K, N]` (or `[..., N, K]` with
    `transpose_rhs`), both of rank 2 or more; leading batch dimensions
    broadcast as in numpy. Rank 2 is a plain matmul, higher ranks a batched one.
  }];
  let arguments = (ins Dt_FloatTensor:$lhs, Dt_FloatTensor:$rhs,
                       UnitAttr:$transpose_rhs);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_rhs` $transpose_rhs^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise.
//===----------------------------------------------------------------------===//

class Dt_BinaryOp<string mnemonic, string expr, list<Trait> traits = []> :
    Dt_InferOp<mnemonic, traits> {
  let summary = "elementwise " # expr # " with numpy broadcasting";
  let arguments = (ins Dt_FloatTensor:$lhs, Dt_FloatTensor:$rhs);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_AddOp : Dt_BinaryOp<"add", "lhs + rhs", [Commutative]> {
  let hasFolder = 1;
}
def Dt_SubOp : Dt_BinaryOp<"sub", "lhs - rhs"> { let hasFolder = 1; }
def Dt_MulOp : Dt_BinaryOp<"mul", "lhs * rhs", [Commutative]> {
  let hasFolder = 1;
}
def Dt_DivOp : Dt_BinaryOp<"div", "lhs / rhs"> { let hasFolder = 1; }
def Dt_MaximumOp : Dt_BinaryOp<"maximum", "max(lhs, rhs)", [Commutative]>;
def Dt_MinimumOp : Dt_BinaryOp<"minimum", "min(lhs, rhs)", [Commutative]>;

class Dt_UnaryOp<string mnemonic, string expr> :
    Dt_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # expr;
  let arguments = (ins Dt_FloatTensor:$input);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Dt_ExpOp : Dt_UnaryOp<"exp", "exp(x)">;
def Dt_LogOp : Dt_UnaryOp<"log", "natural logarithm">;
def Dt_TanhOp : Dt_UnaryOp<"tanh", "tanh(x)">;
def Dt_SqrtOp : Dt_UnaryOp<"sqrt", "square root">;
def Dt_RsqrtOp : Dt_UnaryOp<"rsqrt", "1 / sqrt(x)">;
def Dt_NegOp : Dt_UnaryOp<"neg", "-x">;
def Dt_AbsOp : Dt_UnaryOp<"abs", "|x|">;
def Dt_ErfOp : Dt_UnaryOp<"erf", "error function">;
def Dt_SigmoidOp : Dt_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Dt_ReluOp : Dt_UnaryOp<"relu", "max(x, 0)">;
def Dt_SiluOp : Dt_UnaryOp<"silu", "x * sigmoid(x)">;

def Dt_GeluOp : Dt_Op<"gelu", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise GELU, exact (erf) or tanh approximation";
  let description = [{
    `erf` (the default): `0.5 x (1 + erf(x / sqrt 2))`. `tanh`:
    `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`.
  }];
  let arguments = (ins Dt_FloatTensor:$input,
      DefaultValuedAttr<Dt_GeluApproximation,
                        "::mlir::dt::GeluApproximation::erf">:$approximation);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`approximation` $approximation^)? attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Normalisation and attention.
//===----------------------------------------------------------------------===//

def Dt_SoftmaxOp : Dt_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis";
  let arguments = (ins Dt_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Dt_LayerNormOp : Dt_InferOp<"layer_norm"> {
  let summary = "layer normalisation over the last dimension";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias` over the last dimension
    `D` of `input : [..., D]`; `scale` and `bias` are `[D]`. The variance is the
    biased one (divided by `D`), as in PyTorch.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_FloatTensor:$scale,
                       Dt_FloatTensor:$bias,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_RmsNormOp : Dt_InferOp<"rms_norm"> {
  let summary = "root-mean-square normalisation over the last dimension";
  let description = [{
    `x / sqrt(mean(x^2) + epsilon) * scale` over the last dimension of
    `input : [..., D]`; `scale` is `[D]`.
  }];
  let arguments = (ins Dt_FloatTensor:$input, Dt_FloatTensor:$scale,
                       DefaultValuedAttr<F32Attr, "1.0e-6">:$epsilon);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_AttentionOp : Dt_InferOp<"attention"> {
  let summary = "multi-head scaled dot-product attention";
  let description = [{
    `query : [B, Nq, D]`, `key : [B, Nk, D]`, `value : [B, Nk, Dv]`, already
    projected; `H = D / head_dim` heads split the feature dimension. Result
    `[B, Nq, Dv]`, the heads concatenated. `scale` defaults to
    `1 / sqrt(head_dim)`. The optional `mask` broadcasts to `[B, H, Nq, Nk]`:
    an `i1` mask keeps the positions that are true, a float mask is added to
    the scores. `causal` masks key positions after the query's (aligned at the
    end, so decoding with a cache works). The head width, not the head count,
    is the attribute so that one model file serves every width of a family.
  }];
  let arguments = (ins Dt_FloatTensor:$query, Dt_FloatTensor:$key,
                       Dt_FloatTensor:$value,
                       Optional<RankedTensorOf<[AnyFloat, I1]>>:$mask,
                       ConfinedAttr<I64Attr, [IntPositive]>:$head_dim,
                       UnitAttr:$causal, OptionalAttr<F32Attr>:$scale);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? `head_dim` $head_dim
    (`causal` $causal^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_AttentionWeightsOp : Dt_InferOp<"attention_weights"> {
  let summary = "one query's attention over the keys, averaged over heads";
  let description = [{
    `query : [B, Nq, D]`, `key : [B, Nk, D]`, `H = D / head_dim` heads as in
    `dt.attention`. Result `[B, Nk]`: for query position `row`, the softmax
    over the keys of `q . k * scale` in each head, averaged over the heads.
    With `row` 0 this is the class token's attention, by which EViT and
    ALaST (semantics.md section 2) rank tokens for selection; it sums to 1 per
    sample. `scale` defaults to `1 / sqrt(head_dim)`.

    ```mlir
    %s = dt.attention_weights %q, %k head_dim 64 row 0
      : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Dt_FloatTensor:$query, Dt_FloatTensor:$key,
                       ConfinedAttr<I64Attr, [IntPositive]>:$head_dim,
                       DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>,
                                         "0">:$row,
                       OptionalAttr<F32Attr>:$scale);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `head_dim` $head_dim (`row` $row^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

def Dt_EmbeddingOp : Dt_InferOp<"embedding"> {
  let summary = "looks up rows of a table by integer ids";
  let description = [{
    `table : [V, D]`, `ids : [...]` (i32 or i64); result `[..., D]`.
  }];
  let arguments = (ins Dt_FloatTensor:$table, Dt_IndexTensor:$ids);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $table `,` $ids attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_PatchifyOp : Dt_InferOp<"patchify"> {
  let summary = "cuts images into flattened square patches";
  let description = [{
    `input : [B, H, W, C]` (channels last) with patch size `p` gives
    `[B, (H/p)(W/p), p*p*C]`: patches in row-major order, each flattened as
    `(row, column, channel)`. Followed by `dt.linear` this is a ViT patch
    embedding. `H` and `W` must be multiples of `p`.
  }];
  let arguments = (ins Dt_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntPositive]>:$patch_size);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input `patch_size` $patch_size attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_ReshapeOp : Dt_InferOp<"reshape"> {
  let summary = "reinterprets a tensor with another shape";
  let description = [{
    `shape` lists the new extents; at most one may be `-1`, inferred from the
    element count. Row-major element order is kept.
  }];
  let arguments = (ins Dt_AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input $shape attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Dt_TransposeOp : Dt_InferOp<"transpose"> {
  let summary = "permutes dimensions";
  let description = "`result.shape[i] = input.shape[permutation[i]]`.";
  let arguments = (ins Dt_AnyTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input $permutation attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Dt_ExpandDimsOp : Dt_InferOp<"expand_dims"> {
  let summary = "inserts a dimension of extent 1";
  let description = [{
    Inserts a unit dimension at `axis` of the result (negative counts from the
    end, as in numpy's `expand_dims`).
  }];
  let arguments = (ins Dt_AnyTensor:$input, I64Attr:$axis);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_SqueezeOp : Dt_InferOp<"squeeze"> {
  let summary = "removes a dimension of extent 1";
  let description = [{
    Removes dimension `axis` (negative counts from the end), which must have
    extent 1.
  }];
  let arguments = (ins Dt_AnyTensor:$input, I64Attr:$axis);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_BroadcastOp : Dt_Op<"broadcast", [Pure]> {
  let summary = "broadcasts a tensor to a larger shape";
  let description = [{
    numpy broadcasting to the result type: dimensions align at the end, and
    each input extent is 1 or equal to the result's. One operand per dynamic
    dimension of the result gives its extent, as for `tensor.empty`.

    ```mlir
    %cls = dt.broadcast %token sizes(%b, %d)
      : tensor<1x1x?xf32> -> tensor<?x1x?xf32>
    ```
  }];
  let arguments = (ins Dt_AnyTensor:$input, Variadic<Index>:$dynamic_sizes);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input (`sizes` `(` $dynamic_sizes^ `)`)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dt_ConcatOp : Dt_InferOp<"concat"> {
  let summary = "joins tensors along an axis";
  let arguments = (ins Variadic<Dt_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_SliceOp : Dt_InferOp<"slice"> {
  let summary = "takes the range [start, end) of one axis";
  let description = [{
    Without `end`, the range runs to the end of the axis. Bounds are
    non-negative and `start < end`.
  }];
  let arguments = (ins Dt_AnyTensor:$input, I64Attr:$axis, I64Attr:$start,
                       OptionalAttr<I64Attr>:$end);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis `start` $start (`end` $end^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_GatherOp : Dt_InferOp<"gather"> {
  let summary = "batched gather along one axis";
  let description = [{
    `input : [d_0, ..., d_{a-1}, N, rest...]`, `indices : [d_0, ..., d_{a-1}, K]`
    for `axis = a`; result `[d_0, ..., d_{a-1}, K, rest...]` with
    `result[i..., k, r...] = input[i..., indices[i..., k], r...]`. The leading
    dimensions are batch dimensions shared with the indices: with `axis = 1`
    this gathers rows per sample, as token selection needs.
  }];
  let arguments = (ins Dt_AnyTensor:$input, Dt_IndexTensor:$indices,
                       I64Attr:$axis);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_IotaOp : Dt_Op<"iota", [Pure]> {
  let summary = "integer ramp 0, 1, 2, ... along one axis";
  let description = [{
    `result[i_0, ..., i_n] = i_axis`. One operand per dynamic dimension of the
    result, as for `tensor.empty`.
  }];
  let arguments = (ins Variadic<Index>:$dynamic_sizes, I64Attr:$axis);
  let results = (outs Dt_IndexTensor:$result);
  let assemblyFormat = [{
    (`(` $dynamic_sizes^ `)`)? `axis` $axis attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

class Dt_ReduceOp<string mnemonic, string what> : Dt_InferOp<mnemonic> {
  let summary = what # " over the given axes";
  let description = [{
    Reduces `input` over `axes` (distinct, negative counting from the end);
    `keep_dims` leaves them as extent 1.
  }];
  let arguments = (ins Dt_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keep_dims);
  let results = (outs Dt_FloatTensor:$result);
  let assemblyFormat = [{
    $input $axes (`keep_dims` $keep_dims^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dt_ReduceSumOp : Dt_ReduceOp<"reduce_sum", "sum">;
def Dt_ReduceMeanOp : Dt_ReduceOp<"reduce_mean", "mean">;
def Dt_ReduceMaxOp : Dt_ReduceOp<"reduce_max", "maximum">;

def Dt_ArgmaxOp : Dt_InferOp<"argmax"> {
  let summary = "index of the largest value along an axis (first on ties)";
  let arguments = (ins Dt_FloatTensor:$input, I64Attr:$axis,
                       UnitAttr:$keep_dims);
  let results = (outs Dt_I64Tensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`keep_dims` $keep_dims^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DT_DENSE_OPS_TD
