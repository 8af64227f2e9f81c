// Multi-exit ViT (arXiv 2403.07965; Pomponi et al., recursive early exit):
// an exit head (layer norm + linear on the class token) after every stage of
// blocks. After each head the exit policy decides per sample; samples that
// exit leave the batch, so later stages run on the survivors only. One entry
// point per policy; thresholds are run-time knobs. Stages = number of heads
// (leading dimension of heads.*), blocks per stage = L / stages: ViT-S/16 with
// 12 blocks and 4 heads exits after blocks 3, 6, 9 and 12.

dt.param @patch_embed.weight : tensor<?x768xf32>      // [D, 16*16*3]
dt.param @patch_embed.bias : tensor<?xf32>            // [D]
dt.param @cls_token : tensor<1x1x?xf32>               // [1, 1, D]
dt.param @pos_embed : tensor<1x?x?xf32>               // [1, 1 + N, D]
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
dt.param @heads.norm.weight : tensor<?x?xf32>         // [S, D]
dt.param @heads.norm.bias : tensor<?x?xf32>
dt.param @heads.fc.weight : tensor<?x?x?xf32>         // [S, C, D]
dt.param @heads.fc.bias : tensor<?x?xf32>             // [S, C]

// max_prob: exit when the top softmax probability reaches the threshold;
// entropy: exit when the entropy falls to it.
dt.knob @threshold : f32 = 0.9 in [0.0, 1.0]
dt.knob @entropy_threshold : f32 = 0.5 in [0.0, 100.0]
// patience: exit when the arg-max held for this many heads.
dt.knob @patience : i64 = 2 in [1, 64]
// recursive: exit when confident, or give up (offload) when the confidence
// gained since the previous head is below the gain threshold.
dt.knob @gain : f32 = 0.01 in [0.0, 1.0]

// image [B, H, W, 3] -> (logits [B, C], exit stage [B]).
func.func @main(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?xi32> {dt.name = "exit"}) {
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %stages = func.call @num_stages() : () -> index
  %t0 = dt.knob_get @threshold : f32
  %logits, %exit = dt.early_exit max_prob(%t0 : f32) stages %stages inputs(%x : tensor<?x?x?xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x?x?xf32>):
    %next, %stage_logits = func.call @stage(%s, %h) : (index, tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
    dt.yield %next, %stage_logits : tensor<?x?x?xf32>, tensor<?x?xf32>
  }
  return %logits, %exit : tensor<?x?xf32>, tensor<?xi32>
}

// image [B, H, W, 3] -> (logits [B, C], exit stage [B]).
func.func @main_entropy(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?xi32> {dt.name = "exit"}) {
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %stages = func.call @num_stages() : () -> index
  %t0 = dt.knob_get @entropy_threshold : f32
  %logits, %exit = dt.early_exit entropy(%t0 : f32) stages %stages inputs(%x : tensor<?x?x?xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x?x?xf32>):
    %next, %stage_logits = func.call @stage(%s, %h) : (index, tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
    dt.yield %next, %stage_logits : tensor<?x?x?xf32>, tensor<?x?xf32>
  }
  return %logits, %exit : tensor<?x?xf32>, tensor<?xi32>
}

// image [B, H, W, 3] -> (logits [B, C], exit stage [B]).
func.func @main_patience(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?xi32> {dt.name = "exit"}) {
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %stages = func.call @num_stages() : () -> index
  %t0 = dt.knob_get @patience : i64
  %logits, %exit = dt.early_exit patience(%t0 : i64) stages %stages inputs(%x : tensor<?x?x?xf32>) -> tensor<?x?xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x?x?xf32>):
    %next, %stage_logits = func.call @stage(%s, %h) : (index, tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
    dt.yield %next, %stage_logits : tensor<?x?x?xf32>, tensor<?x?xf32>
  }
  return %logits, %exit : tensor<?x?xf32>, tensor<?xi32>
}

// image [B, H, W, 3] -> (logits [B, C], exit stage [B], offload [B]).
func.func @main_recursive(%image: tensor<?x?x?x3xf32> {dt.name = "image"})
    -> (tensor<?x?xf32> {dt.name = "logits"}, tensor<?xi32> {dt.name = "exit"},
        tensor<?xi1> {dt.name = "offload"}) {
  %x = func.call @embed(%image) : (tensor<?x?x?x3xf32>) -> tensor<?x?x?xf32>
  %stages = func.call @num_stages() : () -> index
  %t0 = dt.knob_get @threshold : f32
  %t1 = dt.knob_get @gain : f32
  %logits, %exit, %offload = dt.early_exit recursive(%t0, %t1 : f32, f32) stages %stages inputs(%x : tensor<?x?x?xf32>) -> tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x?x?xf32>):
    %next, %stage_logits = func.call @stage(%s, %h) : (index, tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>)
    dt.yield %next, %stage_logits : tensor<?x?x?xf32>, tensor<?x?xf32>
  }
  return %logits, %exit, %offload : tensor<?x?xf32>, tensor<?xi32>, tensor<?xi1>
}

// Number of stages: one per exit head.
func.func private @num_stages() -> index {
  %c0 = arith.constant 0 : index
  %heads = dt.param_load @heads.norm.weight : tensor<?x?xf32>
  %s = tensor.dim %heads, %c0 : tensor<?x?xf32>
  return %s : index
}

// Patch embedding, class token and position embedding: [B, 1 + N, D].
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

// Stage %s: blocks [s * L/S, (s + 1) * L/S), then exit head %s.
func.func private @stage(%s: index, %x: tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %all = dt.param_load @blocks.norm1.weight : tensor<?x?xf32>
  %layers = tensor.dim %all, %c0 : tensor<?x?xf32>
  %stages = func.call @num_stages() : () -> index
  %per = arith.divui %layers, %stages : index
  %first = arith.muli %s, %per : index
  %end = arith.addi %first, %per : index
  %y = scf.for %i = %first to %end step %c1 iter_args(%t = %x) -> (tensor<?x?x?xf32>) {
    %next = func.call @block(%t, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
    scf.yield %next : tensor<?x?x?xf32>
  }
  %nw = dt.param_load @heads.norm.weight[%s] : tensor<?xf32>
  %nb = dt.param_load @heads.norm.bias[%s] : tensor<?xf32>
  %c = dt.slice %y axis 1 start 0 end 1 : (tensor<?x?x?xf32>) -> tensor<?x1x?xf32>
  %cs = dt.squeeze %c axis 1 : (tensor<?x1x?xf32>) -> tensor<?x?xf32>
  %cn = dt.layer_norm %cs, %nw, %nb {epsilon = 1.0e-6 : f32} : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %fw = dt.param_load @heads.fc.weight[%s] : tensor<?x?xf32>
  %fb = dt.param_load @heads.fc.bias[%s] : tensor<?xf32>
  %logits = dt.linear %cn, %fw, %fb : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %y, %logits : tensor<?x?x?xf32>, tensor<?x?xf32>
}

// Pre-norm transformer block %i on tokens [B, K, D]; inlined per layer.
func.func private @block(%x: tensor<?x?x?xf32>, %i: index) -> tensor<?x?x?xf32> {
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
