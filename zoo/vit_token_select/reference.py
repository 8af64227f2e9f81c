#!/usr/bin/env python3
"""Independent numpy reference of zoo/vit_token_select/model.mlir, written
from ../shared/MODELS.md (section 1), not from dtc's lowering.

    python3 zoo/vit_token_select/reference.py --weights=W.safetensors --make-inputs --seed=N --output-dir=DIR
    python3 zoo/vit_token_select/reference.py --weights=W.safetensors --input=@image.npy \\
        [--set=keep_rate=R] --output=@logits.npy --output=@kept.npy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, nn, vit  # noqa: E402

INPUTS = ["image"]
FUNCTIONS = {"main": ["logits", "kept"]}
KNOBS = {"keep_rate": (float, 1.0,
                       lambda r: None if 0.0 < r <= 1.0 else "is outside (0, 1]")}
make_inputs = vit.make_inputs


def run(w, inputs, knobs, function="main"):
    (image,) = inputs
    x = vit.embed(w, image)
    h = nn.gelu(nn.linear(x, w["scorer.fc1.weight"], w["scorer.fc1.bias"]))
    scores = nn.linear(h, w["scorer.fc2.weight"], w["scorer.fc2.bias"])[:, :, 0]
    x, kept = nn.select_tokens(x, scores, knobs["keep_rate"], prefix=1)
    for i in range(w["blocks.norm1.weight"].shape[0]):
        x = vit.block(w, x, i)
    x = nn.layer_norm(x, w["norm.weight"], w["norm.bias"], vit.EPS)
    logits = nn.linear(x[:, 0], w["head.weight"], w["head.bias"])
    return [logits.astype(np.float32), kept]


if __name__ == "__main__":
    sys.exit(cli.reference_main(sys.modules[__name__]))
