#!/usr/bin/env python3
"""Runs an entry point of a .dtb artifact with dtc-run and compares every
output with a zoo reference run on the same inputs and knobs:

    run_and_compare.py [--dtc-run BIN] --artifact M.dtb --reference reference.py
        --weights W.safetensors --input x.npy... [--set KNOB=VALUE]...
        [--function NAME] [--tolerance 1e-4]

Floats must agree within the relative error ||out - ref|| / ||ref||, every
other dtype exactly (kept indices, chosen experts, exit indices). Prints one
line per output, then OK or MISMATCH (exit status 1)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtc-run", default="dtc-run")
    ap.add_argument("--artifact", required=True)
    ap.add_argument("--reference", required=True)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--function", default="main")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()

    described = json.loads(subprocess.run(
        [args.dtc_run, args.artifact, "--describe", "--json"],
        check=True, capture_output=True, text=True).stdout)
    entry = next(e for e in described["entry_points"] if e["name"] == args.function)
    names = [o["name"] for o in entry["outputs"]]

    with tempfile.TemporaryDirectory() as tmp:
        ours = [os.path.join(tmp, "dtc.%d.npy" % i) for i in range(len(names))]
        refs = [os.path.join(tmp, "ref.%d.npy" % i) for i in range(len(names))]
        common = ["--input=@" + p for p in args.input] + ["--set=" + s for s in args.set]
        subprocess.run([args.dtc_run, args.artifact, "--function=" + args.function]
                       + common + ["--output=@" + p for p in ours],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, args.reference, "--weights=" + args.weights,
                        "--function=" + args.function] + common
                       + ["--output=@" + p for p in refs],
                       check=True, stdout=subprocess.DEVNULL)
        got = [np.load(p) for p in ours]
        want = [np.load(p) for p in refs]

    ok = True
    for name, g, r in zip(names, got, want):
        if g.shape != r.shape:
            print("%s: shape %s, reference %s" % (name, list(g.shape), list(r.shape)))
            ok = False
        elif np.issubdtype(r.dtype, np.floating):
            err = np.linalg.norm(g - r) / max(np.linalg.norm(r), 1e-30)
            print("%s: %s relative error %.2e" % (name, list(g.shape), err))
            ok &= bool(err < args.tolerance)
        else:
            same = np.array_equal(g.astype(r.dtype), r)
            print("%s: %s %s" % (name, list(g.shape), "equal" if same else "DIFFERENT"))
            ok &= same
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
