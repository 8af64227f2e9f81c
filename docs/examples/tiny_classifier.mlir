// A complete small dt model: a two-layer transformer classifier over a
// sequence of feature vectors, with token selection driven by a run-time
// keep rate. Used by docs/user-guide.md ("Writing a model") and checked by
// test/docs/examples.test.

// Weights: names are the keys in the .safetensors file. `?` dimensions are
// taken from the file at compile time.
dt.param @proj.weight : tensor<?x?xf32>          // [D, F]
dt.param @blocks.norm.weight : tensor<?x?xf32>   // [L, D]: stacked per layer
dt.param @blocks.norm.bias : tensor<?x?xf32>
dt.param @blocks.fc1.weight : tensor<?x?x?xf32>  // [L, H, D]
dt.param @blocks.fc2.weight : tensor<?x?x?xf32>  // [L, D, H]
dt.param @head.weight : tensor<?x?xf32>          // [C, D]

// A run-time knob: the application sets it per call, within (0, 1].
dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]

// features [B, N, F] -> class logits [B, C].
// `dt.name` names the input and output for applications and dtc-run.
func.func @main(%features: tensor<?x?x?xf32> {dt.name = "features"})
    -> (tensor<?x?xf32> {dt.name = "logits"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pw = dt.param_load @proj.weight : tensor<?x?xf32>
  %x = dt.linear %features, %pw : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>

  // Keep the highest-norm tokens: score = sum of squares of each token.
  %sq = dt.mul %x, %x : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %scores = dt.reduce_sum %sq [2] : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  %rate = dt.knob_get @keep_rate : f32
  %kept, %idx = dt.select_tokens %x, %scores, %rate : (tensor<?x?x?xf32>, tensor<?x?xf32>, f32) -> (tensor<?x?x?xf32>, tensor<?x?xi64>)

  // One block function, called once per layer of the stacked weights.
  %norms = dt.param_load @blocks.norm.weight : tensor<?x?xf32>
  %layers = tensor.dim %norms, %c0 : tensor<?x?xf32>
  %y = scf.for %i = %c0 to %layers step %c1 iter_args(%h = %kept) -> (tensor<?x?x?xf32>) {
    %next = func.call @block(%h, %i) : (tensor<?x?x?xf32>, index) -> tensor<?x?x?xf32>
    scf.yield %next : tensor<?x?x?xf32>
  }

  // Mean over the kept tokens, then the classifier.
  %pooled = dt.reduce_mean %y [1] : (tensor<?x?x?xf32>) -> tensor<?x?xf32>
  %hw = dt.param_load @head.weight : tensor<?x?xf32>
  %logits = dt.linear %pooled, %hw : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %logits : tensor<?x?xf32>
}

// Residual MLP block %i.
func.func private @block(%x: tensor<?x?x?xf32>, %i: index) -> tensor<?x?x?xf32> {
  %g = dt.param_load @blocks.norm.weight[%i] : tensor<?xf32>
  %b = dt.param_load @blocks.norm.bias[%i] : tensor<?xf32>
  %n = dt.layer_norm %x, %g, %b : (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  %w1 = dt.param_load @blocks.fc1.weight[%i] : tensor<?x?xf32>
  %w2 = dt.param_load @blocks.fc2.weight[%i] : tensor<?x?xf32>
  %h = dt.linear %n, %w1 : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %a = dt.gelu %h : tensor<?x?x?xf32>
  %o = dt.linear %a, %w2 : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %r = dt.add %x, %o : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}
