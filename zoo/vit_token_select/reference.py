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
from common import cli, nn  # noqa: E402

PATCH, HEAD_DIM, EPS = 16, 64, 1e-6
INPUTS = ["image"]
OUTPUTS = ["logits", "kept"]
KNOBS = {"keep_rate": (float, 1.0,
                       lambda r: None if 0.0 < r <= 1.0 else "is outside (0, 1]")}


def make_inputs(weights, rng):
    side = int(round(np.sqrt(weights["pos_embed"].shape[1] - 1))) * PATCH
    return [rng.standard_normal((2, side, side, 3)).astype(np.float32)]


def block(x, w, i):
    g = lambda name: w["blocks." + name][i]  # noqa: E731
    n = nn.layer_norm(x, g("norm1.weight"), g("norm1.bias"), EPS)
    q = nn.linear(n, g("attn.q.weight"), g("attn.q.bias"))
    k = nn.linear(n, g("attn.k.weight"), g("attn.k.bias"))
    v = nn.linear(n, g("attn.v.weight"), g("attn.v.bias"))
    x = x + nn.linear(nn.attention(q, k, v, HEAD_DIM),
                      g("attn.proj.weight"), g("attn.proj.bias"))
    n = nn.layer_norm(x, g("norm2.weight"), g("norm2.bias"), EPS)
    h = nn.gelu(nn.linear(n, g("mlp.fc1.weight"), g("mlp.fc1.bias")))
    return x + nn.linear(h, g("mlp.fc2.weight"), g("mlp.fc2.bias"))


def run(w, inputs, knobs):
    (image,) = inputs
    x = nn.linear(nn.patchify(image.astype(np.float32), PATCH),
                  w["patch_embed.weight"], w["patch_embed.bias"])
    cls = np.broadcast_to(w["cls_token"], (x.shape[0], 1, x.shape[2]))
    x = np.concatenate([cls, x], axis=1) + w["pos_embed"]
    h = nn.gelu(nn.linear(x, w["scorer.fc1.weight"], w["scorer.fc1.bias"]))
    scores = nn.linear(h, w["scorer.fc2.weight"], w["scorer.fc2.bias"])[:, :, 0]
    x, kept = nn.select_tokens(x, scores, knobs["keep_rate"], prefix=1)
    for i in range(w["blocks.norm1.weight"].shape[0]):
        x = block(x, w, i)
    x = nn.layer_norm(x, w["norm.weight"], w["norm.bias"], EPS)
    logits = nn.linear(x[:, 0], w["head.weight"], w["head.bias"])
    return [logits.astype(np.float32), kept]


if __name__ == "__main__":
    sys.exit(cli.reference_main(sys.modules[__name__]))
