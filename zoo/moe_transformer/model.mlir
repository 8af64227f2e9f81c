// Mixture-of-experts transformer (arXiv 2403.07965, section on expert
// routing): a causal language model whose every block replaces the dense MLP
// with E experts, each token routed to its top_k (default 2 of 8). Dropless:
// every routed token is computed, and the cost scales with top_k, not E.
// Realistic size: 8 blocks, dim 512, 8 experts; the tiny configuration keeps
// 8 experts with small dims. Shapes come from the weights.

dt.param @embed.weight : tensor<?x?xf32>              // [V, D]
dt.param @pos_embed.weight : tensor<?x?xf32>          // [max positions, D]
dt.param @blocks.norm1.weight : tensor<?x?xf32>       // [L, D]
dt.param @blocks.norm1.bias : tensor<?x?xf32>
dt.param @blocks.attn.q.weight : tensor<?x?x?xf32>    // [L, D, D]
dt.param @blocks.attn.q.bias : tensor<?x?xf32>
dt.param @blocks.attn.k.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.k.bias : tensor<?x?xf32>
dt.param @blocks.attn.v.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.v.bias : tensor<?x?xf32>
dt.param @blocks.attn.proj.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.proj.bias : tensor<?x?xf32>
dt.param @blocks.norm2.weight : tensor<?x?xf32>
dt.param @blocks.norm2.bias : tensor<?x?xf32>
dt.param @blocks.moe.router.weight : tensor<?x?x?xf32>  // [L, E, D]
dt.param @blocks.moe.up.weight : tensor<?x?x?x?xf32>    // [L, E, H, D]
dt.param @blocks.moe.up.bias : tensor<?x?x?xf32>        // [L, E, H]
dt.param @blocks.moe.down.weight : tensor<?x?x?x?xf32>  // [L, E, D, H]
dt.param @blocks.moe.down.bias : tensor<?x?x?xf32>      // [L, E, D]
dt.param @norm.weight : tensor<?xf32>
dt.param @norm.bias : tensor<?xf32>
dt.param @lm_head.weight : tensor<?x?xf32>            // [V, D]

// Experts per token.
dt.knob @top_k : i64 = 2 in [1, 8]

// token ids [B, N] -> (next-token logits [B, N, V], the experts each token
// was routed to in each layer [L, B, N, top_k]). Dropless.
func.func @main(%ids: tensor<?x?xi64> {dt.name = "ids"})
    -> (tensor<?x?x?xf32> {dt.name = "logits"}, tensor<?x?x?x?xi64> {dt.name = "experts"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = func.call @embed(%ids) : (tensor<?x?xi64>) -> tensor<?x?x?xf32>
  %k = dt.knob_get @top_k : i64
  %layers, %init = func.call @no_experts_yet(%x, %k) : (tensor<?x?x?xf32>, i64) -> (index, tensor<?x?x?x?xi64>)
  %y, %experts = scf.for %i = %c0 to %layers step %c1 iter_args(%t = %x, %acc = %init) -> (tensor<?x?x?xf32>, tensor<?x?x?x?xi64>) {
    %next, %chosen = func.call @block(%t, %i, %k) : (tensor<?x?x?xf32>, index, i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>)
    %acc1 = func.call @record(%acc, %chosen, %i) : (tensor<?x?x?x?xi64>, tensor<?x?x?xi64>, index) -> tensor<?x?x?x?xi64>
    scf.yield %next, %acc1 : tensor<?x?x?xf32>, tensor<?x?x?x?xi64>
  }
  %logits = func.call @lm_head(%y) : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %logits, %experts : tensor<?x?x?xf32>, tensor<?x?x?x?xi64>
}

// The same with an expert capacity (semantics.md section 4, capacity factor
// 1.0): each expert takes at most ceil(top_k * B * N / E) tokens per layer,
// in token order; the tokens over it get nothing from that expert. `experts`
// still lists every token's choice, dropped or not.
func.func @main_capacity(%ids: tensor<?x?xi64> {dt.name = "ids"})
    -> (tensor<?x?x?xf32> {dt.name = "logits"}, tensor<?x?x?x?xi64> {dt.name = "experts"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = func.call @embed(%ids) : (tensor<?x?xi64>) -> tensor<?x?x?xf32>
  %k = dt.knob_get @top_k : i64
  %layers, %init = func.call @no_experts_yet(%x, %k) : (tensor<?x?x?xf32>, i64) -> (index, tensor<?x?x?x?xi64>)
  %y, %experts = scf.for %i = %c0 to %layers step %c1 iter_args(%t = %x, %acc = %init) -> (tensor<?x?x?xf32>, tensor<?x?x?x?xi64>) {
    %next, %chosen = func.call @block_capacity(%t, %i, %k) : (tensor<?x?x?xf32>, index, i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>)
    %acc1 = func.call @record(%acc, %chosen, %i) : (tensor<?x?x?x?xi64>, tensor<?x?x?xi64>, index) -> tensor<?x?x?x?xi64>
    scf.yield %next, %acc1 : tensor<?x?x?xf32>, tensor<?x?x?x?xi64>
  }
  %logits = func.call @lm_head(%y) : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %logits, %experts : tensor<?x?x?xf32>, tensor<?x?x?x?xi64>
}

// Token and position embeddings: [B, N] -> [B, N, D].
func.func private @embed(%ids: tensor<?x?xi64>) -> tensor<?x?x?xf32> {
  %c1 = arith.constant 1 : index
  %table = dt.param_load @embed.weight : tensor<?x?xf32>
  %tok = dt.embedding %table, %ids : (tensor<?x?xf32>, tensor<?x?xi64>) -> tensor<?x?x?xf32>
  %n = tensor.dim %ids, %c1 : tensor<?x?xi64>
  %positions = dt.iota(%n) axis 0 : tensor<?xi64>
  %ptable = dt.param_load @pos_embed.weight : tensor<?x?xf32>
  %pos = dt.embedding %ptable, %positions : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  %x = dt.add %tok, %pos : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %x : tensor<?x?x?xf32>
}

// The layer count L and an empty [L, B, N, top_k] record of the choices.
func.func private @no_experts_yet(%x: tensor<?x?x?xf32>, %k: i64) -> (index, tensor<?x?x?x?xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %all = dt.param_load @blocks.norm1.weight : tensor<?x?xf32>
  %layers = tensor.dim %all, %c0 : tensor<?x?xf32>
  %b = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %kk = arith.index_cast %k : i64 to index
  %init = tensor.empty(%layers, %b, %n, %kk) : tensor<?x?x?x?xi64>
  return %layers, %init : index, tensor<?x?x?x?xi64>
}

// Layer %i's choices [B, N, top_k] into the record.
func.func private @record(%acc: tensor<?x?x?x?xi64>, %chosen: tensor<?x?x?xi64>, %i: index) -> tensor<?x?x?x?xi64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %b = tensor.dim %chosen, %c0 : tensor<?x?x?xi64>
  %n = tensor.dim %chosen, %c1 : tensor<?x?x?xi64>
  %k = tensor.dim %chosen, %c2 : tensor<?x?x?xi64>
  %out = tensor.insert_slice %chosen into %acc[%i, 0, 0, 0] [1, %b, %n, %k] [1, 1, 1, 1] : tensor<?x?x?xi64> into tensor<?x?x?x?xi64>
  return %out : tensor<?x?x?x?xi64>
}

// Final norm and the language-model head: [B, N, D] -> [B, N, V].
func.func private @lm_head(%y: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %nw = dt.param_load @norm.weight : tensor<?xf32>
  %nb = dt.param_load @norm.bias : tensor<?xf32>
  %yn = dt.layer_norm %y, %nw, %nb : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %hw = dt.param_load @lm_head.weight : tensor<?x?xf32>
  %logits = dt.linear %yn, %hw : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %logits : tensor<?x?x?xf32>
}

// Pre-norm causal attention of block %i, with its residual.
func.func private @attend(%x: tensor<?x?x?xf32>, %i: index) -> tensor<?x?x?xf32> {
  %n1w = dt.param_load @blocks.norm1.weight[%i] : tensor<?xf32>
  %n1b = dt.param_load @blocks.norm1.bias[%i] : tensor<?xf32>
  %n1 = dt.layer_norm %x, %n1w, %n1b : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %qw = dt.param_load @blocks.attn.q.weight[%i] : tensor<?x?xf32>
  %qb = dt.param_load @blocks.attn.q.bias[%i] : tensor<?xf32>
  %kw = dt.param_load @blocks.attn.k.weight[%i] : tensor<?x?xf32>
  %kb = dt.param_load @blocks.attn.k.bias[%i] : tensor<?xf32>
  %vw = dt.param_load @blocks.attn.v.weight[%i] : tensor<?x?xf32>
  %vb = dt.param_load @blocks.attn.v.bias[%i] : tensor<?xf32>
  %q = dt.linear %n1, %qw, %qb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %kk = dt.linear %n1, %kw, %kb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %v = dt.linear %n1, %vw, %vb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %a = dt.attention %q, %kk, %v head_dim 64 causal : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %pw = dt.param_load @blocks.attn.proj.weight[%i] : tensor<?x?xf32>
  %pb = dt.param_load @blocks.attn.proj.bias[%i] : tensor<?xf32>
  %o = dt.linear %a, %pw, %pb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %x1 = dt.add %x, %o : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x1 : tensor<?x?x?xf32>
}

// The normalised input of block %i's mixture of experts and its routing:
// (input [B, N, D], chosen experts [B, N, top_k]). dt.moe routes the same
// input with the same router again; dtc computes it once (CSE after
// dt-decompose-moe).
func.func private @route(%x1: tensor<?x?x?xf32>, %i: index, %k: i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>) {
  %n2w = dt.param_load @blocks.norm2.weight[%i] : tensor<?xf32>
  %n2b = dt.param_load @blocks.norm2.bias[%i] : tensor<?xf32>
  %n2 = dt.layer_norm %x1, %n2w, %n2b : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %router = dt.param_load @blocks.moe.router.weight[%i] : tensor<?x?xf32>
  %rl = dt.linear %n2, %router : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %gates, %chosen = dt.moe_route %rl top_k %k gate softmax_topk : (tensor<?x?x?xf32>, i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>)
  return %n2, %chosen : tensor<?x?x?xf32>, tensor<?x?x?xi64>
}

// Pre-norm block %i: causal attention, then the mixture-of-experts FFN.
func.func private @block(%x: tensor<?x?x?xf32>, %i: index, %k: i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>) {
  %x1 = func.call @attend(%x, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
  %n2, %chosen = func.call @route(%x1, %i, %k) : (tensor<?x?x?xf32>, index, i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>)
  %router = dt.param_load @blocks.moe.router.weight[%i] : tensor<?x?xf32>
  %up = dt.param_load @blocks.moe.up.weight[%i] : tensor<?x?x?xf32>
  %upb = dt.param_load @blocks.moe.up.bias[%i] : tensor<?x?xf32>
  %down = dt.param_load @blocks.moe.down.weight[%i] : tensor<?x?x?xf32>
  %downb = dt.param_load @blocks.moe.down.bias[%i] : tensor<?x?xf32>
  %m = dt.moe %n2 router %router up %up bias %upb down %down bias %downb top_k %k gate softmax_topk activation gelu : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, i64) -> tensor<?x?x?xf32>
  %x2 = dt.add %x1, %m : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x2, %chosen : tensor<?x?x?xf32>, tensor<?x?x?xi64>
}

// Block %i with an expert capacity of 1.0.
func.func private @block_capacity(%x: tensor<?x?x?xf32>, %i: index, %k: i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>) {
  %x1 = func.call @attend(%x, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
  %n2, %chosen = func.call @route(%x1, %i, %k) : (tensor<?x?x?xf32>, index, i64) -> (tensor<?x?x?xf32>, tensor<?x?x?xi64>)
  %router = dt.param_load @blocks.moe.router.weight[%i] : tensor<?x?xf32>
  %up = dt.param_load @blocks.moe.up.weight[%i] : tensor<?x?x?xf32>
  %upb = dt.param_load @blocks.moe.up.bias[%i] : tensor<?x?xf32>
  %down = dt.param_load @blocks.moe.down.weight[%i] : tensor<?x?x?xf32>
  %downb = dt.param_load @blocks.moe.down.bias[%i] : tensor<?x?xf32>
  %m = dt.moe %n2 router %router up %up bias %upb down %down bias %downb top_k %k gate softmax_topk activation gelu {capacity_factor = 1.0 : f32} : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, i64) -> tensor<?x?x?xf32>
  %x2 = dt.add %x1, %m : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x2, %chosen : tensor<?x?x?xf32>, tensor<?x?x?xi64>
}
