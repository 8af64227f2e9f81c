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

// token ids [B, N] -> next-token logits [B, N, V].
func.func @main(%ids: tensor<?x?xi64> {dt.name = "ids"}) -> (tensor<?x?x?xf32> {dt.name = "logits"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %table = dt.param_load @embed.weight : tensor<?x?xf32>
  %tok = dt.embedding %table, %ids : (tensor<?x?xf32>, tensor<?x?xi64>) -> tensor<?x?x?xf32>
  %n = tensor.dim %ids, %c1 : tensor<?x?xi64>
  %positions = dt.iota(%n) axis 0 : tensor<?xi64>
  %ptable = dt.param_load @pos_embed.weight : tensor<?x?xf32>
  %pos = dt.embedding %ptable, %positions : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  %x = dt.add %tok, %pos : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %k = dt.knob_get @top_k : i64
  %all = dt.param_load @blocks.norm1.weight : tensor<?x?xf32>
  %layers = tensor.dim %all, %c0 : tensor<?x?xf32>
  %y = scf.for %i = %c0 to %layers step %c1 iter_args(%t = %x) -> (tensor<?x?x?xf32>) {
    %next = func.call @block(%t, %i, %k) : (tensor<?x?x?xf32>, index, i64) -> tensor<?x?x?xf32>
    scf.yield %next : tensor<?x?x?xf32>
  }
  %nw = dt.param_load @norm.weight : tensor<?xf32>
  %nb = dt.param_load @norm.bias : tensor<?xf32>
  %yn = dt.layer_norm %y, %nw, %nb : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %hw = dt.param_load @lm_head.weight : tensor<?x?xf32>
  %logits = dt.linear %yn, %hw : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %logits : tensor<?x?x?xf32>
}

// Pre-norm block %i: causal attention, then the mixture-of-experts FFN.
func.func private @block(%x: tensor<?x?x?xf32>, %i: index, %k: i64) -> tensor<?x?x?xf32> {
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
  %n2w = dt.param_load @blocks.norm2.weight[%i] : tensor<?xf32>
  %n2b = dt.param_load @blocks.norm2.bias[%i] : tensor<?xf32>
  %n2 = dt.layer_norm %x1, %n2w, %n2b : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %router = dt.param_load @blocks.moe.router.weight[%i] : tensor<?x?xf32>
  %up = dt.param_load @blocks.moe.up.weight[%i] : tensor<?x?x?xf32>
  %upb = dt.param_load @blocks.moe.up.bias[%i] : tensor<?x?xf32>
  %down = dt.param_load @blocks.moe.down.weight[%i] : tensor<?x?x?xf32>
  %downb = dt.param_load @blocks.moe.down.bias[%i] : tensor<?x?xf32>
  %m = dt.moe %n2 router %router up %up bias %upb down %down bias %downb top_k %k gate softmax_topk activation gelu : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?x?xf32>, tensor<?x?xf32>, i64) -> tensor<?x?x?xf32>
  %x2 = dt.add %x1, %m : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x2 : tensor<?x?x?xf32>
}
