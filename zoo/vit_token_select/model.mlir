// ViT with adaptive token selection (arXiv 2405.02330): a learned scorer
// ranks the patch tokens and only the class token plus the top
// ceil(keep_rate * N) patches go through the transformer, so the blocks cost
// about keep_rate of the dense model. One file for every size: shapes come
// from the weights (tiny for tests, ViT-S/16 for benchmarks, see README.md).
//
// Weights use the timm/PyTorch names and layouts; per-block weights are
// stacked on a leading layer dimension and read with param_load [%i].

dt.param @patch_embed.weight : tensor<?x768xf32>      // [D, 16*16*3]
dt.param @patch_embed.bias : tensor<?xf32>            // [D]
dt.param @cls_token : tensor<1x1x?xf32>               // [1, 1, D]
dt.param @pos_embed : tensor<1x?x?xf32>               // [1, 1 + N, D]
dt.param @scorer.fc1.weight : tensor<?x?xf32>         // [S, D]
dt.param @scorer.fc1.bias : tensor<?xf32>             // [S]
dt.param @scorer.fc2.weight : tensor<1x?xf32>         // [1, S]
dt.param @scorer.fc2.bias : tensor<1xf32>             // [1]
dt.param @blocks.norm1.weight : tensor<?x?xf32>       // [L, D]
dt.param @blocks.norm1.bias : tensor<?x?xf32>
dt.param @blocks.attn.q.weight : tensor<?x?x?xf32>    // [L, D, D]
dt.param @blocks.attn.q.bias : tensor<?x?xf32>        // [L, D]
dt.param @blocks.attn.k.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.k.bias : tensor<?x?xf32>
dt.param @blocks.attn.v.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.v.bias : tensor<?x?xf32>
dt.param @blocks.attn.proj.weight : tensor<?x?x?xf32>
dt.param @blocks.attn.proj.bias : tensor<?x?xf32>
dt.param @blocks.norm2.weight : tensor<?x?xf32>
dt.param @blocks.norm2.bias : tensor<?x?xf32>
dt.param @blocks.mlp.fc1.weight : tensor<?x?x?xf32>   // [L, 4D, D]
dt.param @blocks.mlp.fc1.bias : tensor<?x?xf32>
dt.param @blocks.mlp.fc2.weight : tensor<?x?x?xf32>   // [L, D, 4D]
dt.param @blocks.mlp.fc2.bias : tensor<?x?xf32>
dt.param @norm.weight : tensor<?xf32>
dt.param @norm.bias : tensor<?xf32>
dt.param @head.weight : tensor<?x?xf32>               // [C, D]
dt.param @head.bias : tensor<?xf32>

// Fraction of the patch tokens kept; the class token is always kept.
dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]
// @main_layer_budget: the fraction of its incoming patch tokens block i
// keeps; blocks past the values set keep every token.
dt.knob @layer_keep_rates : tensor<?xf32> = 1.0 in (0.0, 1.0]

// image [B, H, W, 3] -> (logits [B, C], kept token positions [B, K]).
func.func @main(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?x?xi64> {dt.name = "kept"}) {
  %x, %scores = func.call @embed_and_score(%image) : (tensor<?x?x?x3xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
  %rate = dt.knob_get @keep_rate : f32
  %kept, %idx = dt.select_tokens %x, %scores, %rate prefix 1 : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %logits = func.call @classify(%kept) : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %logits, %idx : tensor<?x?xf32>, tensor<?x?xi64>
}

// The same with one keep rate per image, keep_rates [B] in (0, 1]: every
// image keeps its own count K_b and runs its blocks on exactly those tokens
// (a ragged batch, no padded compute). `kept` is [B, max K_b], each row
// padded with -1 after its own K_b positions.
func.func @main_per_sample(%image: tensor<?x?x?x3xf32> {dt.name = "image"},
                           %rates: tensor<?xf32> {dt.name = "keep_rates"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?x?xi64> {dt.name = "kept"}) {
  %x, %scores = func.call @embed_and_score(%image) : (tensor<?x?x?x3xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
  %kept, %idx = dt.select_tokens %x, %scores, %rates prefix 1 : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
  %logits = func.call @classify(%kept) : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %logits, %idx : tensor<?x?xf32>, tensor<?x?xi64>
}

// Per-layer token budgets (ALaST, arXiv 2408.08670; semantics.md section 2):
// no scorer; block i ranks its patch tokens by the class token's attention
// in that block and keeps ceil(layer_keep_rates[i] * (K - 1)) of them for its
// MLP and every later block (EViT's placement). `kept` lists the original
// positions of the tokens that reach the head.
func.func @main_layer_budget(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?x?xi64> {dt.name = "kept"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %b = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %positions = dt.iota(%b, %n) axis 1 : tensor<?x?xi64>
  %all = dt.param_load @blocks.norm1.weight : tensor<?x?xf32>
  %layers = tensor.dim %all, %c0 : tensor<?x?xf32>
  %y, %kept = scf.for %i = %c0 to %layers step %c1 iter_args(%t = %x, %p = %positions) -> (tensor<?x?x?xf32>, tensor<?x?xi64>) {
    %rate = dt.knob_get @layer_keep_rates[%i] : f32
    %x1, %q, %k = func.call @attend(%t, %i) : (tensor<?x?x?xf32>, index) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>)
    %w = dt.attention_weights %q, %k head_dim 64 : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?xf32>
    %x1s, %idx = dt.select_tokens %x1, %w, %rate prefix 1 : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)
    %ps = dt.gather %p, %idx axis 1 : (tensor<?x?xi64>, tensor<?x?xi64>) -> tensor<?x?xi64>
    %x2 = func.call @mlp(%x1s, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
    scf.yield %x2, %ps : tensor<?x?x?xf32>, tensor<?x?xi64>
  }
  %logits = func.call @head(%y) : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %logits, %kept : tensor<?x?xf32>, tensor<?x?xi64>
}

// Patch and position embedding plus the class token, and the learned
// scorer's score for every token: (tokens [B, N, D], scores [B, N]).
func.func private @embed_and_score(%image: tensor<?x?x?x3xf32>)
    -> (tensor<?x?x?xf32>, tensor<?x?xf32>) {
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %s1w = dt.param_load @scorer.fc1.weight : tensor<?x?xf32>
  %s1b = dt.param_load @scorer.fc1.bias : tensor<?xf32>
  %s2w = dt.param_load @scorer.fc2.weight : tensor<1x?xf32>
  %s2b = dt.param_load @scorer.fc2.bias : tensor<1xf32>
  %h = dt.linear %x, %s1w, %s1b : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %hg = dt.gelu %h : tensor<?x?x?xf32>
  %s = dt.linear %hg, %s2w, %s2b : (tensor<?x?x?xf32>, tensor<1x?xf32>, tensor<1xf32>) -> tensor<?x?x1xf32>
  %scores = dt.squeeze %s axis 2 : (tensor<?x?x1xf32>) -> tensor<?x?xf32>
  return %x, %scores : tensor<?x?x?xf32>, tensor<?x?xf32>
}

// Patch and position embedding plus the class token: [B, 1 + N, D].
func.func private @embed(%image: tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %patches = dt.patchify %image patch_size 16 : (tensor<?x?x?x3xf32>) -> tensor<?x?x768xf32>
  %pw = dt.param_load @patch_embed.weight : tensor<?x768xf32>
  %pb = dt.param_load @patch_embed.bias : tensor<?xf32>
  %emb = dt.linear %patches, %pw, %pb : (tensor<?x?x768xf32>, tensor<?x768xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %b = tensor.dim %emb, %c0 : tensor<?x?x?xf32>
  %d = tensor.dim %emb, %c2 : tensor<?x?x?xf32>
  %cls = dt.param_load @cls_token : tensor<1x1x?xf32>
  %clsb = dt.broadcast %cls sizes(%b, %d) : tensor<1x1x?xf32> -> tensor<?x1x?xf32>
  %tokens = dt.concat %clsb, %emb axis 1 : (tensor<?x1x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %pos = dt.param_load @pos_embed : tensor<1x?x?xf32>
  %x = dt.add %tokens, %pos : (tensor<?x?x?xf32>, tensor<1x?x?xf32>) -> tensor<?x?x?xf32>
  return %x : tensor<?x?x?xf32>
}

// The transformer blocks on the kept tokens [B, K, D], the final norm and
// the classifier on the class token: logits [B, C].
func.func private @classify(%kept: tensor<?x?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %all = dt.param_load @blocks.norm1.weight : tensor<?x?xf32>
  %layers = tensor.dim %all, %c0 : tensor<?x?xf32>
  %y = scf.for %i = %c0 to %layers step %c1 iter_args(%t = %kept) -> (tensor<?x?x?xf32>) {
    %x1, %q, %k = func.call @attend(%t, %i) : (tensor<?x?x?xf32>, index) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>)
    %next = func.call @mlp(%x1, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
    scf.yield %next : tensor<?x?x?xf32>
  }
  %logits = func.call @head(%y) : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  return %logits : tensor<?x?xf32>
}

// The final norm and the classifier on the class token: [B, K, D] -> [B, C].
func.func private @head(%y: tensor<?x?x?xf32>) -> tensor<?x?xf32> {
  %nw = dt.param_load @norm.weight : tensor<?xf32>
  %nb = dt.param_load @norm.bias : tensor<?xf32>
  %yn = dt.layer_norm %y, %nw, %nb {epsilon = 1.0e-6 : f32} : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %c = dt.slice %yn axis 1 start 0 end 1 : (tensor<?x?x?xf32>) -> tensor<?x1x?xf32>
  %cs = dt.squeeze %c axis 1 : (tensor<?x1x?xf32>) -> tensor<?x?xf32>
  %hw = dt.param_load @head.weight : tensor<?x?xf32>
  %hb = dt.param_load @head.bias : tensor<?xf32>
  %logits = dt.linear %cs, %hw, %hb : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %logits : tensor<?x?xf32>
}

// The attention half of pre-norm block %i on tokens [B, K, D]: the residual
// sum, and the queries and keys (for the class token's attention).
func.func private @attend(%x: tensor<?x?x?xf32>, %i: index)
    -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %n1w = dt.param_load @blocks.norm1.weight[%i] : tensor<?xf32>
  %n1b = dt.param_load @blocks.norm1.bias[%i] : tensor<?xf32>
  %n1 = dt.layer_norm %x, %n1w, %n1b {epsilon = 1.0e-6 : f32} : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %qw = dt.param_load @blocks.attn.q.weight[%i] : tensor<?x?xf32>
  %qb = dt.param_load @blocks.attn.q.bias[%i] : tensor<?xf32>
  %kw = dt.param_load @blocks.attn.k.weight[%i] : tensor<?x?xf32>
  %kb = dt.param_load @blocks.attn.k.bias[%i] : tensor<?xf32>
  %vw = dt.param_load @blocks.attn.v.weight[%i] : tensor<?x?xf32>
  %vb = dt.param_load @blocks.attn.v.bias[%i] : tensor<?xf32>
  %q = dt.linear %n1, %qw, %qb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %k = dt.linear %n1, %kw, %kb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %v = dt.linear %n1, %vw, %vb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %a = dt.attention %q, %k, %v head_dim 64 : (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %pw = dt.param_load @blocks.attn.proj.weight[%i] : tensor<?x?xf32>
  %pb = dt.param_load @blocks.attn.proj.bias[%i] : tensor<?xf32>
  %o = dt.linear %a, %pw, %pb : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %x1 = dt.add %x, %o : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x1, %q, %k : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// The MLP half of pre-norm block %i, with its residual.
func.func private @mlp(%x1: tensor<?x?x?xf32>, %i: index) -> tensor<?x?x?xf32> {
  %n2w = dt.param_load @blocks.norm2.weight[%i] : tensor<?xf32>
  %n2b = dt.param_load @blocks.norm2.bias[%i] : tensor<?xf32>
  %n2 = dt.layer_norm %x1, %n2w, %n2b {epsilon = 1.0e-6 : f32} : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %f1w = dt.param_load @blocks.mlp.fc1.weight[%i] : tensor<?x?xf32>
  %f1b = dt.param_load @blocks.mlp.fc1.bias[%i] : tensor<?xf32>
  %f2w = dt.param_load @blocks.mlp.fc2.weight[%i] : tensor<?x?xf32>
  %f2b = dt.param_load @blocks.mlp.fc2.bias[%i] : tensor<?xf32>
  %h = dt.linear %n2, %f1w, %f1b : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %g = dt.gelu %h : tensor<?x?x?xf32>
  %f = dt.linear %g, %f2w, %f2b : (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %x2 = dt.add %x1, %f : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %x2 : tensor<?x?x?xf32>
}
