#!/usr/bin/env python3
"""Deterministic weights for zoo/vit_token_select/model.mlir.

    python3 zoo/vit_token_select/weights.py --config=tiny|full --seed=N -o W.safetensors

Names and layouts are those model.mlir declares; per-block weights are
stacked on a leading layer dimension. Values are random (scaled by
1/sqrt(fan_in) so activations stay O(1)), not trained."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli  # noqa: E402

PATCH = 16
# image side, width, blocks, MLP width, scorer width, classes
CONFIGS = {
    "tiny": dict(image=64, dim=128, layers=2, mlp=256, scorer=32, classes=10),
    "full": dict(image=224, dim=384, layers=12, mlp=1536, scorer=96, classes=1000),
}


def make_weights(c, rng):
    d, l, m, s = c["dim"], c["layers"], c["mlp"], c["scorer"]
    tokens = (c["image"] // PATCH) ** 2 + 1

    def w(*shape):  # fan_in is the last extent
        return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    def small(*shape):
        return (0.02 * rng.standard_normal(shape)).astype(np.float32)

    def near_one(*shape):
        return (1.0 + 0.1 * rng.standard_normal(shape)).astype(np.float32)

    t = {
        "patch_embed.weight": w(d, PATCH * PATCH * 3), "patch_embed.bias": small(d),
        "cls_token": small(1, 1, d), "pos_embed": small(1, tokens, d),
        "scorer.fc1.weight": w(s, d), "scorer.fc1.bias": small(s),
        "scorer.fc2.weight": w(1, s), "scorer.fc2.bias": small(1),
        "norm.weight": near_one(d), "norm.bias": small(d),
        "head.weight": w(c["classes"], d), "head.bias": small(c["classes"]),
    }
    for n in ("norm1", "norm2"):
        t["blocks.%s.weight" % n] = near_one(l, d)
        t["blocks.%s.bias" % n] = small(l, d)
    for n in ("q", "k", "v", "proj"):
        t["blocks.attn.%s.weight" % n] = w(l, d, d)
        t["blocks.attn.%s.bias" % n] = small(l, d)
    t["blocks.mlp.fc1.weight"], t["blocks.mlp.fc1.bias"] = w(l, m, d), small(l, m)
    t["blocks.mlp.fc2.weight"], t["blocks.mlp.fc2.bias"] = w(l, d, m), small(l, d)
    return t


if __name__ == "__main__":
    sys.exit(cli.weights_main(sys.modules[__name__]))
