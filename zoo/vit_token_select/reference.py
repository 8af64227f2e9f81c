#!/usr/bin/env python3
"""Independent numpy reference of zoo/vit_token_select/model.mlir, written
from docs/semantics.md (section 1), not from dtc's lowering.

    python3 zoo/vit_token_select/reference.py --weights=W.safetensors --make-inputs --seed=N --output-dir=DIR
    python3 zoo/vit_token_select/reference.py --weights=W.safetensors --input=@image.npy \\
        [--set=keep_rate=R] --output=@logits.npy --output=@kept.npy
    python3 zoo/vit_token_select/reference.py --weights=W.safetensors --function=main_per_sample \\
        --input=@image.npy --input=@keep_rates.npy --output=@logits.npy --output=@kept.npy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, nn, vit  # noqa: E402

INPUTS = ["image", "keep_rates"]
FUNCTIONS = {"main": ["logits", "kept"], "main_per_sample": ["logits", "kept"],
             "main_layer_budget": ["logits", "kept"]}
FUNCTION_INPUTS = {"main": ["image"], "main_per_sample": ["image", "keep_rates"],
                   "main_layer_budget": ["image"]}


def rate_list(text):
    """A vector knob's value: comma-separated numbers."""
    return [float(v) for v in text.split(",")]


KNOBS = {"keep_rate": (float, 1.0,
                       lambda r: None if 0.0 < r <= 1.0 else "is outside (0, 1]"),
         "layer_keep_rates": (rate_list, [],
                              lambda rs: None if all(0.0 < r <= 1.0 for r in rs)
                              else "has an element outside (0, 1]")}


def make_inputs(w, rng):
    (image,) = vit.make_inputs(w, rng)
    rates = rng.uniform(0.05, 1.0, size=image.shape[0]).astype(np.float32)
    return [image, rates]


def classify(w, x):
    """The blocks, the final norm and the head on the kept tokens."""
    for i in range(w["blocks.norm1.weight"].shape[0]):
        x = vit.block(w, x, i)
    x = nn.layer_norm(x, w["norm.weight"], w["norm.bias"], vit.EPS)
    return nn.linear(x[:, 0], w["head.weight"], w["head.bias"]).astype(np.float32)


def layer_budget(w, image, rates):
    """semantics.md section 2: block i keeps the class token and the
    ceil(rates[i] * (K - 1)) patch tokens the class token attends to most in
    that block (rate 1 past the list), for its MLP and the later blocks."""
    x = vit.embed(w, image)
    positions = np.broadcast_to(np.arange(x.shape[1]), x.shape[:2]).astype(np.int64)
    for i in range(w["blocks.norm1.weight"].shape[0]):
        x, q, k = vit.attend(w, x, i)
        rate = rates[i] if i < len(rates) else 1.0
        x, idx = nn.select_tokens(x, vit.class_attention(q, k), rate, prefix=1)
        positions = np.take_along_axis(positions, idx, axis=1)
        x = vit.mlp(w, x, i)
    x = nn.layer_norm(x, w["norm.weight"], w["norm.bias"], vit.EPS)
    logits = nn.linear(x[:, 0], w["head.weight"], w["head.bias"]).astype(np.float32)
    return [logits, positions]


def run(w, inputs, knobs, function="main"):
    image = inputs[0]
    if function == "main_layer_budget":
        return layer_budget(w, image, knobs["layer_keep_rates"])
    x = vit.embed(w, image)
    h = nn.gelu(nn.linear(x, w["scorer.fc1.weight"], w["scorer.fc1.bias"]))
    scores = nn.linear(h, w["scorer.fc2.weight"], w["scorer.fc2.bias"])[:, :, 0]
    if function == "main":
        kept_x, kept = nn.select_tokens(x, scores, knobs["keep_rate"], prefix=1)
        return [classify(w, kept_x), kept]
    # One rate per image (semantics.md section 1): each image keeps its own
    # count; the positions are padded with -1 to the largest.
    rates = inputs[1]
    if rates.shape != (image.shape[0],):
        raise cli.KnobError("keep_rates has shape %s, expected [%d]"
                            % (list(rates.shape), image.shape[0]))
    if not np.all((rates > 0) & (rates <= 1)):
        raise cli.KnobError("a keep rate in keep_rates is outside (0, 1]")
    logits, rows = [], []
    for b in range(image.shape[0]):
        kept_x, kept = nn.select_tokens(x[b:b + 1], scores[b:b + 1], rates[b], prefix=1)
        logits.append(classify(w, kept_x))
        rows.append(kept[0])
    width = max(len(r) for r in rows)
    kept = np.full((len(rows), width), -1, dtype=np.int64)
    for b, r in enumerate(rows):
        kept[b, :len(r)] = r
    return [np.concatenate(logits), kept]


if __name__ == "__main__":
    sys.exit(cli.reference_main(sys.modules[__name__]))
