#!/usr/bin/env python3
"""Deterministic weights for zoo/vit_token_select/model.mlir.

    python3 zoo/vit_token_select/weights.py --config=tiny|full --seed=N -o W.safetensors

Names and layouts are those model.mlir declares; per-block weights are
stacked on a leading layer dimension. Values are random (scaled by
1/sqrt(fan_in) so activations stay O(1)), not trained."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, vit  # noqa: E402

# image side, width, blocks, MLP width, scorer width, classes
CONFIGS = {
    "tiny": dict(image=64, dim=128, layers=2, mlp=256, scorer=32, classes=10),
    "full": dict(image=224, dim=384, layers=12, mlp=1536, scorer=96, classes=1000),
}


def make_weights(c, rng):
    init = vit.Init(rng)
    d, s = c["dim"], c["scorer"]
    t = vit.make_weights(c, rng)
    t.update({
        "scorer.fc1.weight": init.w(s, d), "scorer.fc1.bias": init.small(s),
        "scorer.fc2.weight": init.w(1, s), "scorer.fc2.bias": init.small(1),
        "norm.weight": init.near_one(d), "norm.bias": init.small(d),
        "head.weight": init.w(c["classes"], d), "head.bias": init.small(c["classes"]),
    })
    return t


if __name__ == "__main__":
    sys.exit(cli.weights_main(sys.modules[__name__]))
