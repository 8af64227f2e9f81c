#!/usr/bin/env python3
"""Independent numpy reference of zoo/moe_transformer/model.mlir, written
from docs/semantics.md (section 4), not from dtc's lowering.

    python3 zoo/moe_transformer/reference.py --weights=W.safetensors --make-inputs --output-dir=DIR
    python3 zoo/moe_transformer/reference.py --weights=W.safetensors --input=@ids.npy \\
        [--set=top_k=K] [--function=main_capacity] --output=@logits.npy --output=@experts.npy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, moe, nn  # noqa: E402

HEAD_DIM, EPS = 64, 1e-5
INPUTS = ["ids"]
FUNCTIONS = {"main": ["logits", "experts"], "main_capacity": ["logits", "experts"]}
KNOBS = {"top_k": (int, 2, lambda k: None if 1 <= k <= 8 else "is outside [1, 8]")}
# @main_capacity's expert capacity factor (model.mlir).
CAPACITY_FACTOR = 1.0


def make_inputs(w, rng):
    vocab = w["embed.weight"].shape[0]
    return [rng.integers(0, vocab, size=(2, 16)).astype(np.int64)]


def run(w, inputs, knobs, function="main"):
    (ids,) = inputs
    experts = w["blocks.moe.router.weight"].shape[1]
    k = knobs["top_k"]
    if k > experts:
        raise cli.KnobError("knob 'top_k': value %d is above the %d experts"
                            % (k, experts))
    capacity = CAPACITY_FACTOR if function == "main_capacity" else None
    x = w["embed.weight"][ids] + w["pos_embed.weight"][np.arange(ids.shape[1])]
    chosen = []
    for i in range(w["blocks.norm1.weight"].shape[0]):
        g = lambda name: w["blocks." + name][i]  # noqa: E731
        n = nn.layer_norm(x, g("norm1.weight"), g("norm1.bias"), EPS)
        q = nn.linear(n, g("attn.q.weight"), g("attn.q.bias"))
        kk = nn.linear(n, g("attn.k.weight"), g("attn.k.bias"))
        v = nn.linear(n, g("attn.v.weight"), g("attn.v.bias"))
        x = x + nn.linear(nn.attention(q, kk, v, HEAD_DIM, causal=True),
                          g("attn.proj.weight"), g("attn.proj.bias"))
        n = nn.layer_norm(x, g("norm2.weight"), g("norm2.bias"), EPS)
        router = g("moe.router.weight")
        tokens = n.reshape(-1, n.shape[-1])
        chosen.append(moe.route(tokens @ router.T, k)[0].reshape(ids.shape + (k,)))
        x = x + moe.moe(n, router, g("moe.up.weight"), g("moe.up.bias"),
                        g("moe.down.weight"), g("moe.down.bias"), k, nn.gelu,
                        capacity_factor=capacity)
    x = nn.layer_norm(x, w["norm.weight"], w["norm.bias"], EPS)
    return [nn.linear(x, w["lm_head.weight"]).astype(np.float32),
            np.stack(chosen).astype(np.int64)]


if __name__ == "__main__":
    sys.exit(cli.reference_main(sys.modules[__name__]))
