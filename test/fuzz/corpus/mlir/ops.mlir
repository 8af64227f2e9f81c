dt.param @w : tensor<?x8xf32>
dt.param @"blocks.w" : tensor<?x4x8xf32>
dt.param @head : tensor<10x16xf32>
dt.knob @keep_rate : f32 = 0.5 in (0.0, 1.0]
dt.knob @top_k : i64 = 2 in [1, 8]
dt.knob @enabled : i1 = true
dt.knob @bias : f64 = -0.25
dt.knob @layer_keep_rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
dt.knob @layer_top_k : tensor<4xi64> = 2 in [1, 8]

func.func @params(%i: index) -> (tensor<3x8xf32>, tensor<4x8xf32>, f32, i64) {
  %0 = dt.param_load @w : tensor<3x8xf32>
  %1 = dt.param_load @"blocks.w"[%i] : tensor<4x8xf32>
  %2 = dt.knob_get @keep_rate : f32
  %3 = dt.knob_get @top_k : i64
  %4 = dt.knob_get @layer_keep_rates[%i] : f32
  return %0, %1, %2, %3 : tensor<3x8xf32>, tensor<4x8xf32>, f32, i64
}

func.func @counters(%v: i64, %i: index) {
  dt.count %v to "rows per expert at m.mlir:1:1" [%i]
  return
}

func.func @linear_algebra(%x: tensor<2x5x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>,
                          %q: tensor<2x3x5x8xf32>, %k: tensor<3x7x8xf32>) {
  %0 = dt.linear %x, %w, %b : (tensor<2x5x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x5x4xf32>
  %1 = dt.linear %x, %w : (tensor<2x5x8xf32>, tensor<4x8xf32>) -> tensor<2x5x4xf32>
  %2 = dt.matmul %q, %k transpose_rhs : (tensor<2x3x5x8xf32>, tensor<3x7x8xf32>) -> tensor<2x3x5x7xf32>
  %wt = dt.transpose %w [1, 0] : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %3 = dt.matmul %w, %wt : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  return
}

func.func @elementwise(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<?x1xf32>) {
  %0 = dt.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dt.sub %a, %c : (tensor<2x3xf32>, tensor<?x1xf32>) -> tensor<2x3xf32>
  %2 = dt.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = dt.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = dt.maximum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = dt.minimum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = dt.exp %a : tensor<2x3xf32>
  %7 = dt.log %a : tensor<2x3xf32>
  %8 = dt.tanh %a : tensor<2x3xf32>
  %9 = dt.sqrt %a : tensor<2x3xf32>
  %10 = dt.rsqrt %a : tensor<2x3xf32>
  %11 = dt.neg %a : tensor<2x3xf32>
  %12 = dt.abs %a : tensor<2x3xf32>
  %13 = dt.erf %a : tensor<2x3xf32>
  %14 = dt.sigmoid %a : tensor<2x3xf32>
  %15 = dt.relu %a : tensor<2x3xf32>
  %16 = dt.silu %a : tensor<2x3xf32>
  %17 = dt.gelu %a : tensor<2x3xf32>
  %18 = dt.gelu %a approximation tanh : tensor<2x3xf32>
  return
}

func.func @normalization_and_attention(%x: tensor<2x5x128xf32>, %g: tensor<128xf32>,
    %kv: tensor<2x7x128xf32>, %mask: tensor<5x7xi1>, %bias: tensor<2x1x1x7xf32>) {
  %0 = dt.softmax %x {axis = 1} : tensor<2x5x128xf32>
  %1 = dt.softmax %x : tensor<2x5x128xf32>
  %2 = dt.layer_norm %x, %g, %g {epsilon = 1.0e-6 : f32} : (tensor<2x5x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<2x5x128xf32>
  %3 = dt.rms_norm %x, %g : (tensor<2x5x128xf32>, tensor<128xf32>) -> tensor<2x5x128xf32>
  %4 = dt.attention %x, %kv, %kv head_dim 64 : (tensor<2x5x128xf32>, tensor<2x7x128xf32>, tensor<2x7x128xf32>) -> tensor<2x5x128xf32>
  %5 = dt.attention %x, %kv, %kv mask %mask head_dim 32 causal : (tensor<2x5x128xf32>, tensor<2x7x128xf32>, tensor<2x7x128xf32>, tensor<5x7xi1>) -> tensor<2x5x128xf32>
  %6 = dt.attention %x, %kv, %kv mask %bias head_dim 64 {scale = 0.125 : f32} : (tensor<2x5x128xf32>, tensor<2x7x128xf32>, tensor<2x7x128xf32>, tensor<2x1x1x7xf32>) -> tensor<2x5x128xf32>
  %7 = dt.attention_weights %x, %kv head_dim 64 : (tensor<2x5x128xf32>, tensor<2x7x128xf32>) -> tensor<2x7xf32>
  %8 = dt.attention_weights %x, %kv head_dim 32 row 4 : (tensor<2x5x128xf32>, tensor<2x7x128xf32>) -> tensor<2x7xf32>
  return
}

func.func @data_movement(%table: tensor<100x16xf32>, %ids: tensor<2x5xi64>,
    %img: tensor<?x32x48x3xf32>, %x: tensor<2x6x16xf32>, %idx: tensor<2x3xi64>,
    %cls: tensor<1x1x16xf32>, %b: index) {
  %0 = dt.embedding %table, %ids : (tensor<100x16xf32>, tensor<2x5xi64>) -> tensor<2x5x16xf32>
  %1 = dt.patchify %img patch_size 16 : (tensor<?x32x48x3xf32>) -> tensor<?x6x768xf32>
  %2 = dt.reshape %x [2, -1, 8] : (tensor<2x6x16xf32>) -> tensor<2x12x8xf32>
  %3 = dt.transpose %x [0, 2, 1] : (tensor<2x6x16xf32>) -> tensor<2x16x6xf32>
  %4 = dt.expand_dims %x axis -3 : (tensor<2x6x16xf32>) -> tensor<2x1x6x16xf32>
  %5 = dt.squeeze %4 axis 1 : (tensor<2x1x6x16xf32>) -> tensor<2x6x16xf32>
  %6 = dt.broadcast %cls sizes(%b) : tensor<1x1x16xf32> -> tensor<?x1x16xf32>
  %7 = dt.broadcast %cls : tensor<1x1x16xf32> -> tensor<2x1x16xf32>
  %8 = dt.concat %7, %x axis 1 : (tensor<2x1x16xf32>, tensor<2x6x16xf32>) -> tensor<2x7x16xf32>
  %9 = dt.slice %x axis 1 start 0 end 1 : (tensor<2x6x16xf32>) -> tensor<2x1x16xf32>
  %10 = dt.slice %x axis 2 start 4 : (tensor<2x6x16xf32>) -> tensor<2x6x12xf32>
  %11 = dt.gather %x, %idx axis 1 : (tensor<2x6x16xf32>, tensor<2x3xi64>) -> tensor<2x3x16xf32>
  %12 = dt.iota(%b) axis 1 : tensor<?x6xi64>
  %13 = dt.iota axis 0 : tensor<6xi32>
  return
}

func.func @reductions(%x: tensor<2x6x16xf32>) {
  %0 = dt.reduce_sum %x [1, 2] : (tensor<2x6x16xf32>) -> tensor<2xf32>
  %1 = dt.reduce_mean %x [-1] keep_dims : (tensor<2x6x16xf32>) -> tensor<2x6x1xf32>
  %2 = dt.reduce_max %x [0] : (tensor<2x6x16xf32>) -> tensor<6x16xf32>
  %3 = dt.argmax %x axis -1 : (tensor<2x6x16xf32>) -> tensor<2x6xi64>
  %4 = dt.argmax %x axis 1 keep_dims : (tensor<2x6x16xf32>) -> tensor<2x1x16xi64>
  return
}

func.func @token_selection(%x: tensor<?x197x384xf32>, %s: tensor<?x197xf32>, %r: f32,
                           %rs: tensor<?xf32>) -> tensor<?x197x384xf32> {
  %y, %idx = dt.select_tokens %x, %s, %r prefix 1 : (tensor<?x197x384xf32>, tensor<?x197xf32>, f32) -> (tensor<?x?x384xf32>, tensor<?x?xi64>)
  %y2, %idx2 = dt.select_tokens %x, %s, %rs : (tensor<?x197x384xf32>, tensor<?x197xf32>, tensor<?xf32>) -> (tensor<?x?x384xf32>, tensor<?x?xi64>)
  %z = dt.restore_tokens %y, %idx into %x : (tensor<?x?x384xf32>, tensor<?x?xi64>, tensor<?x197x384xf32>) -> tensor<?x197x384xf32>
  return %z : tensor<?x197x384xf32>
}

func.func @early_exit(%x: tensor<?x16xf32>, %t: f32, %p: i64, %g: f32, %n: index) {
  %l0, %e0 = dt.early_exit max_prob(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x10xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    %w = dt.param_load @head : tensor<10x16xf32>
    %logits = dt.linear %h, %w : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
    dt.yield %h, %logits : tensor<?x16xf32>, tensor<?x10xf32>
  }
  %l1, %e1 = dt.early_exit entropy(%t : f32) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  %l2, %e2 = dt.early_exit patience(%p : i64) stages %n inputs(%x : tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32> {
  ^bb0(%s: index, %h: tensor<?x16xf32>):
    dt.yield %h, %h : tensor<?x16xf32>, tensor<?x16xf32>
  }
  %l3, %e3, %off = dt.early_exit recursive(%t, %g : f32, f32) stages %n inputs(%x, %x : tensor<?x16xf32>, tensor<?x16xf32>) -> tensor<?x16xf32>, tensor<?xi32>, tensor<?xi1> {
  ^bb0(%s: index, %h: tensor<?x16xf32>, %h2: tensor<?x16xf32>):
    dt.yield %h, %h2, %h : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
  }
  return
}

func.func @experts(%x: tensor<2x5x16xf32>, %router: tensor<8x16xf32>, %up: tensor<8x32x16xf32>,
    %upb: tensor<8x32xf32>, %down: tensor<8x16x32xf32>, %downb: tensor<8x16xf32>, %k: i64, %e: index) {
  %0 = dt.moe %x router %router up %up bias %upb down %down bias %downb top_k %k gate softmax_topk activation gelu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x32xf32>, tensor<8x16x32xf32>, tensor<8x16xf32>, i64) -> tensor<2x5x16xf32>
  %1 = dt.moe %x router %router up %up down %down top_k %k gate softmax_all_renorm activation silu {capacity_factor = 1.25 : f32} : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, i64) -> tensor<2x5x16xf32>
  %2 = dt.moe %x router %router up %up down %down bias %downb top_k %k gate softmax_all activation relu : (tensor<2x5x16xf32>, tensor<8x16xf32>, tensor<8x32x16xf32>, tensor<8x16x32xf32>, tensor<8x16xf32>, i64) -> tensor<2x5x16xf32>
  %logits = dt.linear %x, %router : (tensor<2x5x16xf32>, tensor<8x16xf32>) -> tensor<2x5x8xf32>
  %gates, %experts = dt.moe_route %logits top_k %k gate softmax_topk : (tensor<2x5x8xf32>, i64) -> (tensor<2x5x?xf32>, tensor<2x5x?xi64>)
  %rows, %sizes, %slots = dt.moe_dispatch %x, %experts experts %e {capacity_factor = 1.0 : f32} : (tensor<2x5x16xf32>, tensor<2x5x?xi64>, index) -> (tensor<?x16xf32>, tensor<?xi64>, tensor<2x5x?xi64>)
  %h = dt.grouped_linear %rows, %sizes, %up, %upb : (tensor<?x16xf32>, tensor<?xi64>, tensor<8x32x16xf32>, tensor<8x32xf32>) -> tensor<?x32xf32>
  %o = dt.grouped_linear %h, %sizes, %down : (tensor<?x32xf32>, tensor<?xi64>, tensor<8x16x32xf32>) -> tensor<?x16xf32>
  %y = dt.moe_combine %o, %slots, %gates : (tensor<?x16xf32>, tensor<2x5x?xi64>, tensor<2x5x?xf32>) -> tensor<2x5x16xf32>
  return
}
