// The example pass plugin, built as a separate .so and loaded at run time.
// RUN: dtc-opt %s --load-pass-plugin=%dtc_lib_dir/libDtcExamplePassPlugin.so --pass-pipeline="builtin.module(example-annotate-conditional-sites)" | FileCheck %s
// Over a zoo model: three token-selection sites (a scalar rate, per-sample
// rates, per-layer rates).
// RUN: dtc-opt %dtc_src_dir/zoo/vit_token_select/model.mlir --load-pass-plugin=%dtc_lib_dir/libDtcExamplePassPlugin.so --pass-pipeline="builtin.module(example-annotate-conditional-sites)" | FileCheck %s --check-prefix=ZOO
// Without the plugin the pass does not exist.
// RUN: not dtc-opt %s --pass-pipeline="builtin.module(example-annotate-conditional-sites)" 2>&1 | FileCheck %s --check-prefix=NOPLUGIN
// A missing plugin file is a clear error.
// RUN: not dtc-opt %s --load-pass-plugin=%t.does-not-exist.so 2>&1 | FileCheck %s --check-prefix=MISSING

// CHECK: module attributes {example.sites = {early_exit = 1 : i64, expert_routing = 2 : i64, token_selection = 1 : i64}}
// ZOO: module attributes {example.sites = {token_selection = 3 : i64}}
// ZOO: dt.select_tokens {{.*}} {example.site = "token_selection#0"}
// NOPLUGIN: 'example-annotate-conditional-sites' does not refer to a registered pass
// MISSING: error: cannot load plugin {{.*}}does-not-exist.so

// CHECK-LABEL: func.func @sites
func.func @sites(%x: tensor<2x8x4xf32>, %s: tensor<2x8xf32>, %r: f32, %l: tensor<16x8xf32>,
                 %k: i64, %h: tensor<?x4xf32>, %n: index) {
  // CHECK: dt.moe_route {{.*}} {example.site = "expert_routing#0"}
  %g, %e = dt.moe_route %l top_k %k gate softmax_topk : (tensor<16x8xf32>, i64) -> (tensor<16x?xf32>, tensor<16x?xi64>)
  // CHECK: dt.select_tokens {{.*}} {example.site = "token_selection#0"}
  %y, %i = dt.select_tokens %x, %s, %r : (tensor<2x8x4xf32>, tensor<2x8xf32>, f32) -> (tensor<2x?x4xf32>, tensor<2x?xi64>)
  // CHECK: dt.moe_route {{.*}} {example.site = "expert_routing#1"}
  %g2, %e2 = dt.moe_route %l top_k %k gate softmax_all : (tensor<16x8xf32>, i64) -> (tensor<16x?xf32>, tensor<16x?xi64>)
  // CHECK: dt.early_exit max_prob{{.*}} {example.site = "early_exit#0"}
  %lo, %ex = dt.early_exit max_prob(%r : f32) stages %n inputs(%h : tensor<?x4xf32>) -> tensor<?x4xf32>, tensor<?xi32> {
  ^bb0(%st: index, %t: tensor<?x4xf32>):
    dt.yield %t, %t : tensor<?x4xf32>, tensor<?x4xf32>
  }
  // A dense op is not a site.
  // CHECK: dt.relu
  // CHECK-NOT: example.site
  %z = dt.relu %x : tensor<2x8x4xf32>
  return
}
