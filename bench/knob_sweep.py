#!/usr/bin/env python3
"""Time against work as a knob skips it: token selection's keep rate and the
experts per token of the mixture of experts.

    python3 bench/knob_sweep.py [--build=build] [--config=full] [--runs=5]
                                [--threads=1] [--only=keep_rate|top_k]

For each zoo model and knob value it runs dtc-run on the zoo's example
inputs, takes the median time and the FLOPs of the matrix products the run
executed (the runtime's own counter, `dtc-run --stats`; the experts' grouped
linears are GEMM calls too), and prints both as ratios to the first row: a
time ratio close to the FLOP ratio means skipped work is skipped time.

- vit_token_select: keep_rate 1.0, 0.7, 0.5, 0.25;
- moe_transformer: top_k 8 (every expert: the dense equivalent), 4, 2, 1,
  on --moe-tokens random ids (default 4x256: enough rows per expert for the
  expert GEMMs to be compute-bound; the zoo's example is 2x16), then a dense
  MLP of the FLOPs of top-2: the same model with one expert of twice the
  width and top_k fixed to 1 at compile time, which folds the layer to a
  plain MLP."""
import argparse
import json
import os
import sys
import tempfile

import numpy as np

from zoo_bench import ROOT, build_artifact, entry_inputs, run, weight_shapes

FLOPS = "matrix-product FLOPs (dtc_rt_sgemm)"
SWEEPS = {
    "keep_rate": ("vit_token_select", ["1.0", "0.7", "0.5", "0.25"]),
    "top_k": ("moe_transformer", ["8", "4", "2", "1"]),
}


def dense_peer(bindir, work, weights, config):
    """The MoE model with one expert twice as wide and top_k fixed to 1: its
    layer folds to a dense MLP (no routing, no permutation) with the FLOPs of
    top-2 of the real experts. Attention, embeddings and head are the same."""
    sys.path.insert(0, os.path.join(ROOT, "zoo", "moe_transformer"))
    import weights as moe_weights  # noqa: E402  (zoo/moe_transformer/weights.py)
    from common import safetensors_np  # noqa: E402
    c = dict(moe_weights.CONFIGS[config])
    c.update(experts=1, hidden=2 * c["hidden"])
    path = os.path.join(work, "dense_peer.safetensors")
    safetensors_np.save(moe_weights.make_weights(c, np.random.default_rng(1)), path)
    artifact = os.path.join(work, "dense_peer.dtb")
    run([os.path.join(bindir, "dtc"), os.path.join(ROOT, "zoo", "moe_transformer", "model.mlir"),
         f"--weights={path}", "--fix-knob=top_k=1", "-o", artifact])
    return artifact


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--config", default="full", choices=["tiny", "full"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", choices=sorted(SWEEPS))
    ap.add_argument("--moe-tokens", default="4x256",
                    help="BATCHxTOKENS of the MoE input")
    args = ap.parse_args()
    bindir = os.path.join(args.build, "bin")
    work = tempfile.mkdtemp(prefix="dtc-bench-knobs-")
    for knob, (model, values) in SWEEPS.items():
        if args.only and knob != args.only:
            continue
        weights, artifact = build_artifact(bindir, work, model, args.config)
        inputs = os.path.join(work, f"{model}.in")
        listing = run([sys.executable, os.path.join(ROOT, "zoo", model, "reference.py"),
                       f"--weights={weights}", "--make-inputs", "--seed=2",
                       f"--output-dir={inputs}"])
        files = [os.path.join(inputs, f"{name}.npy") for name in entry_inputs(model)]
        listing = "".join(line + "\n" for line in listing.splitlines()
                          if line.split(":")[0] in files)
        if model == "moe_transformer":
            batch, tokens = (int(v) for v in args.moe_tokens.split("x"))
            shapes = weight_shapes(weights)
            vocab = shapes["embed.weight"][0]
            positions = shapes["pos_embed.weight"][0]
            if tokens > positions:
                sys.exit(f"--moe-tokens: at most {positions} tokens")
            ids = np.random.default_rng(2).integers(0, vocab, (batch, tokens))
            np.save(files[0], ids.astype(np.int64))
            listing = f"{files[0]}: int64 [{batch}, {tokens}]"
        print(f"\n{model} ({args.config}), inputs {listing.strip()}; "
              f"{args.threads} thread(s), median of {args.runs} runs after a warm-up")
        print(f"{knob:>10} {'median ms':>10} {'GFLOP':>8} {'time ratio':>10} "
              f"{'FLOP ratio':>10}")
        def measure(artifact, *knobs):
            out = json.loads(run(
                [os.path.join(bindir, "dtc-run"), artifact,
                 *[f"--input=@{f}" for f in files], *knobs,
                 f"--threads={args.threads}", f"--benchmark={args.runs}",
                 "--stats", "--json"]))
            return out["median_ms"], out["stats"][FLOPS][0]

        rows = [(value, measure(artifact, f"--set={knob}={value}")) for value in values]
        if model == "moe_transformer":
            rows.append(("dense MLP", measure(dense_peer(bindir, work, weights, args.config))))
        base = rows[0][1]
        for label, (ms, flops) in rows:
            print(f"{label:>10} {ms:>10.1f} {flops / 1e9:>8.2f} "
                  f"{ms / base[0]:>10.2f} {flops / base[1]:>10.2f}")
        if model == "moe_transformer":
            times = dict((label, ms) for label, (ms, _) in rows)
            print(f"top_k 2 / dense MLP of equal FLOPs: time {times['2'] / times['dense MLP']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
