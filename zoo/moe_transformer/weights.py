#!/usr/bin/env python3
"""Deterministic weights for zoo/moe_transformer/model.mlir.

    python3 zoo/moe_transformer/weights.py --config=tiny|full --seed=N -o W.safetensors

Random, untrained values; per-block weights stacked on the layer dimension,
expert weights on the expert dimension after it."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, vit  # noqa: E402

# vocabulary, positions, width, blocks, experts, expert hidden width
CONFIGS = {
    "tiny": dict(vocab=64, positions=32, dim=128, layers=2, experts=8, hidden=256),
    "full": dict(vocab=8192, positions=512, dim=512, layers=8, experts=8, hidden=2048),
}


def make_weights(c, rng):
    init = vit.Init(rng)
    v, p, d, l, e, h = (c[k] for k in ("vocab", "positions", "dim", "layers", "experts", "hidden"))
    t = {"embed.weight": init.w(v, d), "pos_embed.weight": init.small(p, d),
         "norm.weight": init.near_one(d), "norm.bias": init.small(d),
         "lm_head.weight": init.w(v, d),
         "blocks.moe.router.weight": init.w(l, e, d),
         "blocks.moe.up.weight": init.w(l, e, h, d), "blocks.moe.up.bias": init.small(l, e, h),
         "blocks.moe.down.weight": init.w(l, e, d, h), "blocks.moe.down.bias": init.small(l, e, d)}
    for n in ("norm1", "norm2"):
        t["blocks.%s.weight" % n] = init.near_one(l, d)
        t["blocks.%s.bias" % n] = init.small(l, d)
    for n in ("q", "k", "v", "proj"):
        t["blocks.attn.%s.weight" % n] = init.w(l, d, d)
        t["blocks.attn.%s.bias" % n] = init.small(l, d)
    return t


if __name__ == "__main__":
    sys.exit(cli.weights_main(sys.modules[__name__]))
