#!/usr/bin/env python3
"""Independent numpy reference of zoo/vit_early_exit/model.mlir, written from
docs/semantics.md (section 3), not from dtc's lowering.

    python3 zoo/vit_early_exit/reference.py --weights=W.safetensors --make-inputs --output-dir=DIR
    python3 zoo/vit_early_exit/reference.py --weights=W.safetensors [--function=main_entropy|main_patience|main_recursive] \\
        --input=@image.npy [--set=KNOB=VALUE ...] --output=@logits.npy --output=@exit.npy [--output=@offload.npy]

Samples are independent, so running every sample through every stage and
then taking each one's exit head gives what compaction computes."""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import cli, nn, vit  # noqa: E402

INPUTS = ["image"]
FUNCTIONS = {
    "main": ["logits", "exit"],            # max_prob
    "main_entropy": ["logits", "exit"],
    "main_patience": ["logits", "exit"],
    "main_recursive": ["logits", "exit", "offload"],
}


def _range(lo, hi):
    return lambda v: None if lo <= v <= hi else "is outside [%g, %g]" % (lo, hi)


KNOBS = {
    "threshold": (float, 0.9, _range(0.0, 1.0)),
    "entropy_threshold": (float, 0.5, _range(0.0, 100.0)),
    "patience": (int, 2, _range(1, 64)),
    "gain": (float, 0.01, _range(0.0, 1.0)),
}
make_inputs = vit.make_inputs


def stage_logits(w, image):
    """[S, B, C]: the logits of every exit head for every sample."""
    x = vit.embed(w, image)
    layers = w["blocks.norm1.weight"].shape[0]
    stages = w["heads.norm.weight"].shape[0]
    per = layers // stages
    out = []
    for s in range(stages):
        for i in range(s * per, (s + 1) * per):
            x = vit.block(w, x, i)
        cls = nn.layer_norm(x[:, 0], w["heads.norm.weight"][s],
                            w["heads.norm.bias"][s], vit.EPS)
        out.append(nn.linear(cls, w["heads.fc.weight"][s], w["heads.fc.bias"][s]))
    return np.stack(out).astype(np.float32)


def decide(logits, function, knobs):
    """Per sample, the first stage whose policy says exit; the last always
    exits. Returns (exit stage, offload flag)."""
    stages, batch, _ = logits.shape
    p = nn.softmax(logits.astype(np.float64))
    confidence = p.max(-1)
    entropy = -(p * np.log(np.maximum(p, 1e-30))).sum(-1)
    best = logits.argmax(-1)
    exits = np.full(batch, stages - 1, np.int32)
    offload = np.zeros(batch, bool)
    for b in range(batch):
        run = 0
        for s in range(stages):
            run = run + 1 if s and best[s, b] == best[s - 1, b] else 1
            if function == "main":
                leave = confidence[s, b] >= knobs["threshold"]
            elif function == "main_entropy":
                leave = entropy[s, b] <= knobs["entropy_threshold"]
            elif function == "main_patience":
                leave = run >= knobs["patience"]
            else:  # recursive: confident, or not gaining enough -> offload
                leave = confidence[s, b] >= knobs["threshold"]
                if not leave and s and confidence[s, b] - confidence[s - 1, b] < knobs["gain"]:
                    leave = offload[b] = True
            if leave or s == stages - 1:
                exits[b] = s
                break
    return exits, offload


def run(w, inputs, knobs, function="main"):
    (image,) = inputs
    logits = stage_logits(w, image)
    exits, offload = decide(logits, function, knobs)
    chosen = logits[exits, np.arange(logits.shape[1])]
    out = [chosen.astype(np.float32), exits]
    return out + [offload] if function == "main_recursive" else out


if __name__ == "__main__":
    sys.exit(cli.reference_main(sys.modules[__name__]))
