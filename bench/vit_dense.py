#!/usr/bin/env python3
"""Dense ViT-S on the CPU: time per image batch against the fp32 FMA peak.

    python3 bench/vit_dense.py [--build=build] [--runs=10] [--batches=1,8]
                               [--threads=1,2] [--config=full]

Generates zoo/vit_token_select's weights, compiles the model with the keep
rate fixed to 1 (selection folds away: a dense ViT), and times dtc-run at each
batch size and thread count. The FLOPs are those of the matrix products
(every linear layer and both attention products), counted from the weight
shapes; the peak is measured by dtc-bench-gemm's register-only FMA loop, just
before each row (the best of five loops), and scaled by the thread count.
Prints the median's fraction of peak and, like for like with the peak, the
fastest run's."""
import argparse
import json
import os
import re
import sys
import tempfile

import numpy as np

from zoo_bench import ROOT, build_artifact, run, weight_shapes


def gflop_per_image(s):
    """Multiply-adds x 2 of the dense forward pass's matrix products."""
    layers, mlp, d = s["blocks.mlp.fc1.weight"]
    t = s["pos_embed"][1]                       # tokens, class token included
    patch_in = s["patch_embed.weight"][1]
    classes = s["head.weight"][0]
    per_layer = (4 * t * d * d                  # q, k, v, proj
                 + 2 * t * d * mlp              # fc1, fc2
                 + 2 * t * t * d)               # q k^T and p v, all heads
    macs = (t - 1) * patch_in * d + layers * per_layer + d * classes
    return 2 * macs / 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--config", default="full", choices=["tiny", "full"])
    args = ap.parse_args()
    bindir = os.path.join(args.build, "bin")
    work = tempfile.mkdtemp(prefix="dtc-bench-vit-")
    weights, artifact = build_artifact(bindir, work, "vit_token_select",
                                       args.config, "--fix-knob=keep_rate=1.0")
    s = weight_shapes(weights)
    side = int(round((s["patch_embed.weight"][1] // 3) ** 0.5)) * int(round((s["pos_embed"][1] - 1) ** 0.5))
    per_image = gflop_per_image(s)
    print(f"dense ViT ({args.config}): {per_image:.2f} GFLOP per image "
          f"(matrix products), {args.runs} timed runs per row after a warm-up")
    print(f"{'batch':>5} {'threads':>7} {'median ms':>10} {'min ms':>8} "
          f"{'GFLOP/s':>8} {'peak GF/s':>9} {'of peak':>7} {'best of peak':>12}")
    rng = np.random.default_rng(5)
    for batch in [int(b) for b in args.batches.split(",")]:
        image = os.path.join(work, f"image{batch}.npy")
        np.save(image, rng.standard_normal((batch, side, side, 3)).astype(np.float32))
        for threads in [int(t) for t in args.threads.split(",")]:
            peak_line = run([os.path.join(bindir, "dtc-bench-gemm"), "--peak-only"])
            peak = float(re.search(r"([0-9.]+) GFLOP/s", peak_line).group(1)) * threads
            out = json.loads(run([os.path.join(bindir, "dtc-run"), artifact,
                                  f"--input=@{image}", f"--threads={threads}",
                                  f"--benchmark={args.runs}", "--json"]))
            rate = per_image * batch / (out["median_ms"] / 1e3)
            best = per_image * batch / (out["min_ms"] / 1e3)
            print(f"{batch:>5} {threads:>7} {out['median_ms']:>10.1f} "
                  f"{out['min_ms']:>8.1f} {rate:>8.1f} {peak:>9.1f} "
                  f"{rate / peak:>7.2f} {best / peak:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
