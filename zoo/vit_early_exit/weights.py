#!/usr/bin/env python3
"""Deterministic weights for zoo/vit_early_exit/model.mlir.

    python3 zoo/vit_early_exit/weights.py --config=tiny|full --seed=N -o W.safetensors

The ViT blocks as in vit_token_select, plus one exit head (layer norm and
linear on the class token) per stage, stacked: heads.* [S, ...]. Random,
untrained values."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, vit  # noqa: E402

# ViT-S/16 with a head after every 3 blocks; tiny: 4 blocks, 2 heads.
CONFIGS = {
    "tiny": dict(image=64, dim=128, layers=4, mlp=256, heads=4, classes=10),
    "full": dict(image=224, dim=384, layers=12, mlp=1536, heads=4, classes=1000),
}


def make_weights(c, rng):
    init = vit.Init(rng)
    d, s, n = c["dim"], c["heads"], c["classes"]
    t = vit.make_weights(c, rng)
    t.update({
        "heads.norm.weight": init.near_one(s, d), "heads.norm.bias": init.small(s, d),
        "heads.fc.weight": init.w(s, n, d), "heads.fc.bias": init.small(s, n),
    })
    return t


if __name__ == "__main__":
    sys.exit(cli.weights_main(sys.modules[__name__]))
