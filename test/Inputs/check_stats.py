#!/usr/bin/env python3
"""Checks the counters of `dtc-run --json --stats` (stdin) against its own
outputs and the run's shapes:

    check_stats.py exits              samples per exit head == histogram of 'exit'
    check_stats.py kept               tokens kept == B * K of 'kept', offered == B * T
        --tokens=T
    check_stats.py experts            rows per expert == histogram of 'experts'
        [--capacity-factor=C]         ([L, B, T, k], written with --output) over
                                      the layers, each layer's count capped at
                                      ceil(C * k * B * T / E)
        [--idle]                      and some expert received no rows

Prints the counter and OK, or what differs, and exits 1 on a difference."""
import argparse
import json
import math
import sys

import numpy as np


def counter(stats, prefix):
    hits = [(k, v) for k, v in stats.items() if k.startswith(prefix)]
    if len(hits) != 1:
        sys.exit(f"expected one counter '{prefix}...', have {sorted(stats)}")
    return hits[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["exits", "kept", "experts"])
    ap.add_argument("--tokens", type=int)
    ap.add_argument("--capacity-factor", type=float)
    ap.add_argument("--idle", action="store_true")
    args = ap.parse_args()
    report = json.load(sys.stdin)
    stats = report["stats"]
    outputs = {o["name"]: o for o in report["outputs"]}
    if args.mode == "exits":
        name, values = counter(stats, "samples per exit head at ")
        exits = outputs["exit"]["values"]
        assert len(exits) == outputs["exit"]["num_elements"], "exits truncated"
        want = [exits.count(s) for s in range(max(exits) + 1)]
    elif args.mode == "kept":
        name, values = counter(stats, "tokens kept, offered at ")
        batch, k = outputs["kept"]["shape"]
        want = [batch * k, batch * args.tokens]
    else:
        name, values = counter(stats, "rows per expert at ")
        # Printed outputs stop after 16 values: read 'experts' from the file
        # dtc-run wrote it to (--output=@FILE.npy).
        chosen = outputs["experts"]
        layers, batch, tokens, k = chosen["shape"]
        picked = np.load(chosen["file"]).ravel().tolist()
        per_layer = batch * tokens * k
        cap = per_layer if args.capacity_factor is None else \
            math.ceil(args.capacity_factor * per_layer / len(values))
        want = [0] * len(values)
        for layer in range(layers):
            picks = picked[layer * per_layer:(layer + 1) * per_layer]
            for e in range(len(values)):
                want[e] += min(picks.count(e), cap)
    print(f"{name.split(' at ')[0]}: {values}")
    if args.mode == "experts" and args.idle:
        print(f"idle experts: {values.count(0)}")
        if 0 not in values:
            print("MISMATCH: every expert received rows")
            return 1
    if values != want:
        print(f"MISMATCH: expected {want}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
