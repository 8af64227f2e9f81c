#!/usr/bin/env python3
"""Checks the counters of `dtc-run --json --stats` (stdin) against its own
outputs and the run's shapes:

    check_stats.py exits              samples per exit head == histogram of 'exit'
    check_stats.py kept               tokens kept == B * K of 'kept', offered == B * T
        --tokens=T
    check_stats.py experts            rows per expert sum to B * T * top_k * layers
        --rows=N                      (N = B * T * top_k * layers, dropless)

Prints the counter and OK, or what differs, and exits 1 on a difference."""
import argparse
import json
import sys


def counter(stats, prefix):
    hits = [(k, v) for k, v in stats.items() if k.startswith(prefix)]
    if len(hits) != 1:
        sys.exit(f"expected one counter '{prefix}...', have {sorted(stats)}")
    return hits[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["exits", "kept", "experts"])
    ap.add_argument("--tokens", type=int)
    ap.add_argument("--rows", type=int)
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
        values = [sum(values)]
        want = [args.rows]
    print(f"{name.split(' at ')[0]}: {values}")
    if values != want:
        print(f"MISMATCH: expected {want}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
