#!/usr/bin/env python3
"""One attention layer at growing sequence lengths: dtc's flash-style
lowering against numpy's unfused attention on the same inputs.

    python3 bench/attention.py [--build=build] [--tokens=197,1024,4096]
                               [--runs=5] [--threads=1]

Compiles `dt.attention` (dim 384, 6 heads of 64, the sequence length
dynamic) once, then for each length times `dtc-run --benchmark` and the
same attention in numpy float32 (scores, softmax, weighted sum; its matrix
products through numpy's BLAS, held to --threads threads), each in a process
of its own, and reads each process's peak resident memory. dtc tiles the keys by 256, so its memory grows
with the tokens, not with their square; numpy holds the whole
[heads, tokens, tokens] score matrix. Also checks that both agree."""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np

from zoo_bench import run

DIM, HEADS = 384, 6

MODEL = """func.func @main(%q: tensor<1x?x384xf32>, %k: tensor<1x?x384xf32>,
                 %v: tensor<1x?x384xf32>) -> tensor<1x?x384xf32> {
  %r = dt.attention %q, %k, %v head_dim 64 : (tensor<1x?x384xf32>,
      tensor<1x?x384xf32>, tensor<1x?x384xf32>) -> tensor<1x?x384xf32>
  return %r : tensor<1x?x384xf32>
}
"""

# Runs in a child process so that its peak memory is its own.
NUMPY_CHILD = """
import json, sys, time
import numpy as np
q, k, v = (np.load(p) for p in sys.argv[1:4])
runs = int(sys.argv[4])
def attention(q, k, v):
    n, d = q.shape[1], q.shape[2] // {heads}
    qh = q[0].reshape(n, {heads}, d).transpose(1, 0, 2)
    kh = k[0].reshape(-1, {heads}, d).transpose(1, 2, 0)
    vh = v[0].reshape(-1, {heads}, d).transpose(1, 0, 2)
    s = (qh @ kh) * np.float32(d ** -0.5)
    s = np.exp(s - s.max(axis=-1, keepdims=True))
    p = s / s.sum(axis=-1, keepdims=True)
    return (p @ vh).transpose(1, 0, 2).reshape(1, n, -1)
out = attention(q, k, v)
times = []
for _ in range(runs):
    t = time.perf_counter()
    attention(q, k, v)
    times.append((time.perf_counter() - t) * 1e3)
np.save(sys.argv[5], out)
print(json.dumps({{"median_ms": sorted(times)[len(times) // 2]}}))
""".format(heads=HEADS)


def run_measured(cmd, env=None):
    """(stdout, peak resident KiB) of `cmd`, from the kernel's accounting of
    that one child; a failure raises with the tool's message."""
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err,
                                 env=env, text=True)
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            raise RuntimeError(f"{cmd[0]} failed: {err.read().decode()}")
    return out, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--tokens", default="197,1024,4096")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    bindir = os.path.join(args.build, "bin")
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads),
               OMP_NUM_THREADS=str(args.threads))

    with tempfile.TemporaryDirectory() as work:
        model = os.path.join(work, "attention.mlir")
        with open(model, "w") as f:
            f.write(MODEL)
        artifact = os.path.join(work, "attention.dtb")
        run([os.path.join(bindir, "dtc"), model, "-o", artifact])
        # Linux counts a child's peak from before its exec too, so no peak
        # below this script's own can be seen.
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"attention: dim {DIM}, {HEADS} heads, batch 1, {args.threads} "
              f"thread(s), median of {args.runs}; peak RSS per process, "
              f"{floor:.0f} MiB at least (this script's, which a child "
              f"starts from)")
        print(f"{'tokens':>6} {'dtc ms':>9} {'numpy ms':>9} {'dtc/numpy':>9} "
              f"{'dtc MiB':>8} {'numpy MiB':>9} {'max diff':>9}")
        rng = np.random.default_rng(1)
        for n in (int(t) for t in args.tokens.split(",")):
            inputs = []
            for name in "qkv":
                path = os.path.join(work, f"{name}{n}.npy")
                np.save(path, rng.standard_normal((1, n, DIM), np.float32))
                inputs.append(path)
            dtc_out = os.path.join(work, f"dtc{n}.npy")
            numpy_out = os.path.join(work, f"numpy{n}.npy")
            common = [os.path.join(bindir, "dtc-run"), artifact,
                      *[f"--input=@{p}" for p in inputs],
                      f"--threads={args.threads}"]
            run(common + [f"--output=@{dtc_out}"])
            out, dtc_kb = run_measured(common + [f"--benchmark={args.runs}",
                                                 "--json"])
            dtc_ms = json.loads(out)["median_ms"]
            out, numpy_kb = run_measured(
                [sys.executable, "-c", NUMPY_CHILD, *inputs, str(args.runs),
                 numpy_out], env)
            numpy_ms = json.loads(out)["median_ms"]
            diff = float(np.abs(np.load(dtc_out) - np.load(numpy_out)).max())
            print(f"{n:>6} {dtc_ms:>9.2f} {numpy_ms:>9.2f} "
                  f"{dtc_ms / numpy_ms:>9.2f} {dtc_kb / 1024:>8.0f} "
                  f"{numpy_kb / 1024:>9.0f} {diff:>9.1e}")


if __name__ == "__main__":
    main()
