#!/usr/bin/env python3
"""Early exit on the CPU: time against the executed depth, steered by the
threshold.

    python3 bench/early_exit.py [--build=build] [--config=full] [--batch=8]
                                [--runs=5] [--threads=1]

Compiles zoo/vit_early_exit (ViT-S/16 with exit heads after blocks 3, 6, 9
and 12 at the full config) and feeds it a batch of random images. The
max_prob thresholds are quantiles of the heads' confidences (from the numpy
reference), from "everyone leaves at the first head" to "nobody leaves before
the last". For each it reads the exit stages dtc-run returns, counts the
FLOPs actually needed (embedding, the blocks each sample ran, its heads) and
compares the median time with the full-depth run's: a time ratio close to the
FLOP ratio means skipped depth is skipped time."""
import argparse
import json
import os
import sys
import tempfile

import numpy as np

from zoo_bench import ROOT, build_artifact, load_reference, run

sys.path.insert(0, os.path.join(ROOT, "zoo"))
from common import safetensors_np as safetensors  # noqa: E402


def flops(w, exits):
    """Multiply-adds x 2 the batch needs when sample b leaves at exits[b]."""
    layers, mlp, d = w["blocks.mlp.fc1.weight"].shape
    stages, classes, _ = w["heads.fc.weight"].shape
    t = w["pos_embed"].shape[1]
    patch_in = w["patch_embed.weight"].shape[1]
    block = 4 * t * d * d + 2 * t * d * mlp + 2 * t * t * d
    head = d * classes
    per = layers // stages
    total = 0
    for s in map(int, exits):
        total +=  (t - 1) * patch_in * d + (s + 1) * (per * block + head)
    return 2 * total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--config", default="full", choices=["tiny", "full"])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    bindir = os.path.join(args.build, "bin")
    work = tempfile.mkdtemp(prefix="dtc-bench-ee-")
    weights, artifact = build_artifact(bindir, work, "vit_early_exit", args.config)
    w, _ = safetensors.load(weights)
    side = 16 * int(round((w["pos_embed"].shape[1] - 1) ** 0.5))
    image = np.random.default_rng(3).standard_normal(
        (args.batch, side, side, 3)).astype(np.float32)
    image_path = os.path.join(work, "image.npy")
    np.save(image_path, image)

    # Thresholds from the confidences the heads reach on this batch.
    logits = load_reference("vit_early_exit").stage_logits(w, image).astype(np.float64)
    p = np.exp(logits - logits.max(-1, keepdims=True))
    confidence = (p / p.sum(-1, keepdims=True)).max(-1)
    thresholds = [1.0] + [float(np.quantile(confidence, q))
                          for q in (0.9, 0.75, 0.5, 0.25)] + [0.0]

    stages = w["heads.fc.weight"].shape[0]
    full_flops = flops(w, [stages - 1] * args.batch)
    print(f"vit_early_exit ({args.config}), batch {args.batch}, "
          f"{args.threads} thread(s), median of {args.runs} runs after a warm-up")
    print(f"{'threshold':>10} {'exits per head':>16} {'median ms':>10} "
          f"{'time ratio':>10} {'FLOP ratio':>10}")
    base = None
    for t in thresholds:
        exit_path = os.path.join(work, "exit.npy")
        common = [os.path.join(bindir, "dtc-run"), artifact, f"--input=@{image_path}",
                  f"--set=threshold={t}", f"--threads={args.threads}"]
        run(common + [f"--output=@{os.path.join(work, 'logits.npy')}",
                      f"--output=@{exit_path}"])
        exits = np.load(exit_path)
        timing = json.loads(run(common + [f"--benchmark={args.runs}", "--json"]))
        ms = timing["median_ms"]
        base = base or ms
        histogram = "/".join(str(int((exits == s).sum())) for s in range(stages))
        print(f"{t:>10.4f} {histogram:>16} {ms:>10.1f} {ms / base:>10.2f} "
              f"{flops(w, exits) / full_flops:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
