#!/usr/bin/env python3
"""Every dense dt op, alone and in small combinations, against numpy.

    dense_ops.py --dtc=DTC --dtc-run=DTC_RUN --work=DIR [--seed=N] [--jobs=N]
                 [--dtc-flag=OPTION ...]

Writes one module holding, per case, a function with the case's varying
extent `n` dynamic (run at n = 1, 3, 17 and 197) and one with it static at an
odd size; compiles it once with dtc, runs every function with dtc-run on
fresh random inputs (seeded by --seed, else by the clock; the seed is
printed), and compares each output with a float64 numpy implementation
written from the op descriptions in dialects/dt/IR/DtDenseOps.td. Floats must
agree to a relative error (largest difference over largest magnitude) below
1e-5, integers exactly. Prints one line per run and exits 1 on a mismatch."""
import argparse
import concurrent.futures
import math
import os
import subprocess
import sys
import time

import numpy as np

SIZES = (1, 3, 17, 197)
# Key counts around and past the flash-attention tile of 256.
LONG_SIZES = (255, 256, 257, 600)
TOLERANCE = 1e-5


# --- numpy references ---------------------------------------------------------

def erf(x):
    return np.vectorize(math.erf)(x)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * g + b


def attention(q, k, v, head_dim, causal=False, mask=None):
    b, nq, d = q.shape
    heads = d // head_dim
    split = lambda t: t.reshape(b, t.shape[1], heads, -1).transpose(0, 2, 1, 3)
    s = split(q) @ split(k).transpose(0, 1, 3, 2) / math.sqrt(head_dim)
    nk = k.shape[1]
    if causal:  # key j visible to query i when j <= i + (nk - nq)
        s = np.where(np.arange(nk)[None, :] > np.arange(nq)[:, None] + (nk - nq),
                     -np.inf, s)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    o = softmax(s, -1) @ split(v)
    return o.transpose(0, 2, 1, 3).reshape(b, nq, -1)


def attention_weights(q, k, head_dim, row):
    """Query `row`'s softmax attention over the keys, mean over the heads."""
    b, _, d = q.shape
    heads = d // head_dim
    qh = q[:, row].reshape(b, heads, head_dim)
    kh = k.reshape(b, k.shape[1], heads, head_dim)
    s = np.einsum("bhe,bjhe->bhj", qh, kh) / math.sqrt(head_dim)
    return softmax(s, -1).mean(1)


def patchify(img, p):
    b, h, w, c = img.shape
    t = img.reshape(b, h // p, p, w // p, p, c).transpose(0, 1, 3, 2, 4, 5)
    return t.reshape(b, (h // p) * (w // p), p * p * c)


# --- cases --------------------------------------------------------------------
# A case: name, inputs as (shape template, kind), the function body and
# result types (templates), and the reference. In templates, {n} is the
# varying extent; other {...} are derived from it (see dims()). Input kinds:
# f (uniform [-2, 2]), pos (positive), nz (magnitude in [0.5, 2]),
# idx:K (int64 indices below extent K).

UNARY = {
    "exp": np.exp, "log": np.log, "tanh": np.tanh, "sqrt": np.sqrt,
    "rsqrt": lambda x: 1 / np.sqrt(x), "neg": np.negative, "abs": np.abs,
    "erf": erf, "sigmoid": sigmoid, "relu": lambda x: np.maximum(x, 0),
    "silu": lambda x: x * sigmoid(x), "gelu": gelu,
}
POSITIVE = {"log", "sqrt", "rsqrt"}
BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "div": np.divide, "maximum": np.maximum, "minimum": np.minimum,
}


def cases():
    out = []
    for op, fn in UNARY.items():
        out.append((op, [("{n}x5", "pos" if op in POSITIVE else "f")],
                    f"%r = dt.{op} %a0 : tensor<{{n}}x5xf32>",
                    ["{n}x5xf32"], lambda a, fn=fn: [fn(a)]))
    out.append(("gelu_tanh", [("{n}x5", "f")],
                "%r = dt.gelu %a0 approximation tanh : tensor<{n}x5xf32>",
                ["{n}x5xf32"],
                lambda a: [0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi) *
                                                  (a + 0.044715 * a ** 3)))]))
    for op, fn in BINARY.items():
        out.append((op, [("{n}x7", "f"), ("7", "nz" if op == "div" else "f")],
                    f"%r = dt.{op} %a0, %a1 : (tensor<{{n}}x7xf32>, tensor<7xf32>) -> tensor<{{n}}x7xf32>",
                    ["{n}x7xf32"], lambda a, b, fn=fn: [fn(a, b)]))
    out += [
        ("softmax", [("3x{n}", "f")],
         "%r = dt.softmax %a0 {axis = 1} : tensor<3x{n}xf32>",
         ["3x{n}xf32"], lambda x: [softmax(x, 1)]),
        ("layer_norm", [("{n}x24", "f"), ("24", "f"), ("24", "f")],
         "%r = dt.layer_norm %a0, %a1, %a2 {epsilon = 1.0e-5 : f32} : (tensor<{n}x24xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<{n}x24xf32>",
         ["{n}x24xf32"], lambda x, g, b: [layer_norm(x, g, b, 1e-5)]),
        ("rms_norm", [("{n}x24", "f"), ("24", "f")],
         "%r = dt.rms_norm %a0, %a1 {epsilon = 1.0e-6 : f32} : (tensor<{n}x24xf32>, tensor<24xf32>) -> tensor<{n}x24xf32>",
         ["{n}x24xf32"],
         lambda x, g: [x / np.sqrt((x ** 2).mean(-1, keepdims=True) + 1e-6) * g]),
        ("linear", [("2x{n}x19", "f"), ("23x19", "f"), ("23", "f")],
         "%r = dt.linear %a0, %a1, %a2 : (tensor<2x{n}x19xf32>, tensor<23x19xf32>, tensor<23xf32>) -> tensor<2x{n}x23xf32>",
         ["2x{n}x23xf32"], lambda x, w, b: [x @ w.T + b]),
        ("linear_reduced_dim", [("4x{n}", "f"), ("9x{n}", "f")],
         "%r = dt.linear %a0, %a1 : (tensor<4x{n}xf32>, tensor<9x{n}xf32>) -> tensor<4x9xf32>",
         ["4x9xf32"], lambda x, w: [x @ w.T]),
        ("matmul", [("2x{n}x13", "f"), ("2x13x{n}", "f")],
         "%r = dt.matmul %a0, %a1 : (tensor<2x{n}x13xf32>, tensor<2x13x{n}xf32>) -> tensor<2x{n}x{n}xf32>",
         ["2x{n}x{n}xf32"], lambda a, b: [a @ b]),
        ("matmul_transposed_broadcast", [("3x{n}x16", "f"), ("{n}x16", "f")],
         "%r = dt.matmul %a0, %a1 transpose_rhs : (tensor<3x{n}x16xf32>, tensor<{n}x16xf32>) -> tensor<3x{n}x{n}xf32>",
         ["3x{n}x{n}xf32"], lambda a, b: [a @ b.T]),
        ("attention", [("2x{n}x32", "f"), ("2x{n}x32", "f"), ("2x{n}x32", "f")],
         "%r = dt.attention %a0, %a1, %a2 head_dim 8 : (tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x{n}x32xf32>",
         ["2x{n}x32xf32"], lambda q, k, v: [attention(q, k, v, 8)]),
        # Longer than one flash tile (256 keys): the running maximum and sums
        # carry across tiles, the last tile is partial, the causal limit and
        # the mask apply at each tile's offset.
        ("flash_attention_causal", [("2x5x32", "f"), ("2x{n}x32", "f"), ("2x{n}x32", "f")],
         "%r = dt.attention %a0, %a1, %a2 head_dim 8 causal : (tensor<2x5x32xf32>, tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x5x32xf32>",
         ["2x5x32xf32"], lambda q, k, v: [attention(q, k, v, 8, causal=True)],
         LONG_SIZES),
        ("flash_attention_mask", [("2x7x32", "f"), ("2x{n}x32", "f"), ("2x{n}x32", "f"), ("2x1x1x{n}", "bool")],
         "%r = dt.attention %a0, %a1, %a2 mask %a3 head_dim 16 : (tensor<2x7x32xf32>, tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>, tensor<2x1x1x{n}xi1>) -> tensor<2x7x32xf32>",
         ["2x7x32xf32"], lambda q, k, v, m: [attention(q, k, v, 16, mask=m)],
         LONG_SIZES),
        ("attention_weights", [("2x{n}x32", "f"), ("2x{n}x32", "f")],
         "%r = dt.attention_weights %a0, %a1 head_dim 8 : (tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x{n}xf32>",
         ["2x{n}xf32"], lambda q, k: [attention_weights(q, k, 8, 0)]),
        ("attention_weights_row", [("2x5x32", "f"), ("2x{n}x32", "f")],
         "%r = dt.attention_weights %a0, %a1 head_dim 16 row 3 : (tensor<2x5x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x{n}xf32>",
         ["2x{n}xf32"], lambda q, k: [attention_weights(q, k, 16, 3)]),
        ("embedding", [("50x12", "f"), ("{n}", "idx:50")],
         "%r = dt.embedding %a0, %a1 : (tensor<50x12xf32>, tensor<{n}xi64>) -> tensor<{n}x12xf32>",
         ["{n}x12xf32"], lambda t, i: [t[i]]),
        ("patchify", [("1x4x{4n}x3", "f")],
         "%r = dt.patchify %a0 patch_size 2 : (tensor<1x4x{4n}x3xf32>) -> tensor<1x{4n}x12xf32>",
         ["1x{4n}x12xf32"], lambda x: [patchify(x, 2)]),
        ("reshape", [("{n}x6", "f")],
         "%r = dt.reshape %a0 [-1, 3] : (tensor<{n}x6xf32>) -> tensor<{2n}x3xf32>",
         ["{2n}x3xf32"], lambda x: [x.reshape(-1, 3)]),
        ("transpose", [("{n}x5x3", "f")],
         "%r = dt.transpose %a0 [2, 0, 1] : (tensor<{n}x5x3xf32>) -> tensor<3x{n}x5xf32>",
         ["3x{n}x5xf32"], lambda x: [x.transpose(2, 0, 1)]),
        ("expand_squeeze", [("{n}x4", "f")],
         "%e = dt.expand_dims %a0 axis 1 : (tensor<{n}x4xf32>) -> tensor<{n}x1x4xf32>\n"
         "  %s = dt.squeeze %e axis 1 : (tensor<{n}x1x4xf32>) -> tensor<{n}x4xf32>\n"
         "  %r = dt.add %s, %s : (tensor<{n}x4xf32>, tensor<{n}x4xf32>) -> tensor<{n}x4xf32>",
         ["{n}x4xf32"], lambda x: [2 * x]),
        ("broadcast", [("1x4", "f"), ("{n}x2", "f")],
         "%c0 = arith.constant 0 : index\n"
         "  %b = tensor.dim %a1, %c0 : tensor<{n}x2xf32>\n"
         "  %r = dt.broadcast %a0 sizes({bsizes}) : tensor<1x4xf32> -> tensor<{n}x4xf32>",
         ["{n}x4xf32"], lambda x, y: [np.broadcast_to(x, (y.shape[0], 4))]),
        ("concat", [("{n}x3", "f"), ("{n}x5", "f"), ("2x8", "f")],
         "%c = dt.concat %a0, %a1 axis 1 : (tensor<{n}x3xf32>, tensor<{n}x5xf32>) -> tensor<{n}x8xf32>\n"
         "  %r = dt.concat %c, %a2 axis 0 : (tensor<{n}x8xf32>, tensor<2x8xf32>) -> tensor<{n+2}x8xf32>",
         ["{n+2}x8xf32"],
         lambda a, b, c: [np.concatenate([np.concatenate([a, b], 1), c], 0)]),
        ("slice", [("{n}x6", "f")],
         "%r = dt.slice %a0 axis 1 start 1 end 4 : (tensor<{n}x6xf32>) -> tensor<{n}x3xf32>",
         ["{n}x3xf32"], lambda x: [x[:, 1:4]]),
        ("gather", [("2x{n}x4", "f"), ("2x3", "idx:n")],
         "%r = dt.gather %a0, %a1 axis 1 : (tensor<2x{n}x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>",
         ["2x3x4xf32"],
         lambda x, i: [np.take_along_axis(x, i[:, :, None], 1)]),
        ("iota", [("{n}x2", "f")],
         "%c0 = arith.constant 0 : index\n"
         "  %b = tensor.dim %a0, %c0 : tensor<{n}x2xf32>\n"
         "  %r = dt.iota({bsizes}) axis 1 : tensor<{n}x6xi64>",
         ["{n}x6xi64"],
         lambda x: [np.broadcast_to(np.arange(6), (x.shape[0], 6))]),
        ("reduce_sum", [("3x{n}x4", "f")],
         "%r = dt.reduce_sum %a0 [1] : (tensor<3x{n}x4xf32>) -> tensor<3x4xf32>",
         ["3x4xf32"], lambda x: [x.sum(1)]),
        ("reduce_mean", [("{n}x9", "f")],
         "%r = dt.reduce_mean %a0 [-1] keep_dims : (tensor<{n}x9xf32>) -> tensor<{n}x1xf32>",
         ["{n}x1xf32"], lambda x: [x.mean(-1, keepdims=True)]),
        ("reduce_max", [("{n}x5", "f")],
         "%r = dt.reduce_max %a0 [0] : (tensor<{n}x5xf32>) -> tensor<5xf32>",
         ["5xf32"], lambda x: [x.max(0)]),
        ("argmax", [("{n}x11", "f")],
         "%r = dt.argmax %a0 axis -1 : (tensor<{n}x11xf32>) -> tensor<{n}xi64>",
         ["{n}xi64"], lambda x: [x.argmax(-1)]),
        # Small combinations, as models chain them.
        ("mlp", [("{n}x16", "f"), ("40x16", "f"), ("40", "f"), ("16x40", "f"), ("16", "f")],
         "%h = dt.linear %a0, %a1, %a2 : (tensor<{n}x16xf32>, tensor<40x16xf32>, tensor<40xf32>) -> tensor<{n}x40xf32>\n"
         "  %g = dt.gelu %h : tensor<{n}x40xf32>\n"
         "  %o = dt.linear %g, %a3, %a4 : (tensor<{n}x40xf32>, tensor<16x40xf32>, tensor<16xf32>) -> tensor<{n}x16xf32>\n"
         "  %r = dt.add %a0, %o : (tensor<{n}x16xf32>, tensor<{n}x16xf32>) -> tensor<{n}x16xf32>",
         ["{n}x16xf32"],
         lambda x, w1, b1, w2, b2: [x + gelu(x @ w1.T + b1) @ w2.T + b2]),
        ("pre_norm_attention", [("2x{n}x32", "f"), ("32", "f"), ("32", "f")],
         "%h = dt.layer_norm %a0, %a1, %a2 {epsilon = 1.0e-6 : f32} : (tensor<2x{n}x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x{n}x32xf32>\n"
         "  %o = dt.attention %h, %h, %h head_dim 16 : (tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x{n}x32xf32>\n"
         "  %r = dt.add %a0, %o : (tensor<2x{n}x32xf32>, tensor<2x{n}x32xf32>) -> tensor<2x{n}x32xf32>",
         ["2x{n}x32xf32"],
         lambda x, g, b: [x + attention(*(3 * [layer_norm(x, g, b, 1e-6)]), 16)]),
        ("scores_softmax_argmax", [("{n}x8", "f"), ("8x6", "f")],
         "%s = dt.matmul %a0, %a1 : (tensor<{n}x8xf32>, tensor<8x6xf32>) -> tensor<{n}x6xf32>\n"
         "  %p = dt.softmax %s {axis = -1} : tensor<{n}x6xf32>\n"
         "  %r = dt.argmax %p axis -1 : (tensor<{n}x6xf32>) -> tensor<{n}xi64>",
         ["{n}xi64"], lambda x, w: [(x @ w).argmax(-1)]),
    ]
    return out


# --- instantiation ------------------------------------------------------------

def dims(n):
    """Values of the templates' extents at n, or '?' throughout if n is None."""
    if n is None:
        return {"n": "?", "2n": "?", "4n": "?", "n+2": "?", "bsizes": "%b"}
    return {"n": n, "2n": 2 * n, "4n": 4 * n, "n+2": n + 2, "bsizes": ""}


def fill(template, n):
    return template.replace("{", "{{").replace("}", "}}").replace(
        "{{n}}", "{n}").replace("{{2n}}", "{2n}").replace(
        "{{4n}}", "{4n}").replace("{{n+2}}", "{n+2}").replace(
        "{{bsizes}}", "{bsizes}").format(**dims(n))


def function(name, case, n):
    _, inputs, body, results, _ = case[:5]
    element = lambda kind: ("i64" if kind.startswith("idx")
                            else "i1" if kind == "bool" else "f32")
    args = ", ".join(f"%a{i}: tensor<{fill(shape, n)}x{element(kind)}>"
                     for i, (shape, kind) in enumerate(inputs))
    body = fill(body, n)
    if n is not None:  # static sizes: no dim operands
        body = body.replace(" sizes()", "").replace("dt.iota()", "dt.iota")
    types = ", ".join(f"tensor<{fill(r, n)}>" for r in results)
    return (f"func.func @{name}({args}) -> ({types}) {{\n  {body}\n"
            f"  return %r : {types}\n}}\n")


def make_inputs(case, n, rng):
    out = []
    for shape, kind in case[1]:
        extents = [int(d) for d in fill(shape, n).split("x")]
        if kind.startswith("idx"):
            bound = n if kind == "idx:n" else int(kind.split(":")[1])
            out.append(rng.integers(0, bound, extents, dtype=np.int64))
        elif kind == "pos":
            out.append(rng.uniform(0.1, 4.0, extents).astype(np.float32))
        elif kind == "bool":  # a mask: the first key always visible
            mask = rng.random(extents) < 0.7
            mask[..., 0] = True
            out.append(mask)
        elif kind == "nz":
            mag = rng.uniform(0.5, 2.0, extents)
            out.append((mag * rng.choice([-1, 1], extents)).astype(np.float32))
        else:
            out.append(rng.uniform(-2.0, 2.0, extents).astype(np.float32))
    return out


def compare(got, want):
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if np.issubdtype(want.dtype, np.integer):
        bad = int((got != want).sum())
        return f"{bad} of {want.size} differ" if bad else None
    scale = float(np.abs(want).max()) if want.size else 0.0
    err = float(np.abs(got.astype(np.float64) - want).max()) / max(scale, 1e-30) if want.size else 0.0
    return None if err < TOLERANCE else f"relative error {err:.2e}"


def run_one(args, artifact, name, case, n, seed):
    rng = np.random.default_rng(seed)
    inputs = make_inputs(case, n, rng)
    # Large runs use two threads: their generated loops then split over the
    # runtime's pool, and must agree with numpy all the same.
    threads = 2 if n >= 197 else 1
    cmd = [args.dtc_run, artifact, f"--function={name}", f"--threads={threads}"]
    for i, x in enumerate(inputs):
        path = os.path.join(args.work, f"{name}.{n}.in{i}.npy")
        np.save(path, x)
        cmd.append(f"--input=@{path}")
    outs = [os.path.join(args.work, f"{name}.{n}.out{i}.npy")
            for i in range(len(case[3]))]
    cmd += [f"--output=@{p}" for p in outs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        return f"dtc-run failed: {proc.stderr.strip()}"
    wants = case[4](*[x.astype(np.float64) if x.dtype == np.float32 else x
                      for x in inputs])
    for path, want in zip(outs, wants):
        want = np.asarray(want)
        if not np.issubdtype(want.dtype, np.integer):
            want = want.astype(np.float64)
        problem = compare(np.load(path), want)
        if problem:
            return problem
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dtc", required=True)
    ap.add_argument("--dtc-run", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dtc-flag", action="append", default=[],
                    help="an extra dtc option (repeatable)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"seed {seed}")
    os.makedirs(args.work, exist_ok=True)

    runs, module = [], []
    for i, case in enumerate(cases()):
        name = case[0]
        module.append(function(f"{name}_dynamic", case, None))
        sizes = case[5] if len(case) > 5 else SIZES
        runs += [(f"{name}_dynamic", case, n) for n in sizes]
        static = sizes[1 + i % 3]  # 3, 17 or 197 (or long ones), in turn
        module.append(function(f"{name}_static", case, static))
        runs.append((f"{name}_static", case, static))
    source = os.path.join(args.work, "dense_ops.mlir")
    with open(source, "w") as f:
        f.write("\n".join(module))
    artifact = os.path.join(args.work, "dense_ops.dtb")
    proc = subprocess.run([args.dtc, source, "-o", artifact, *args.dtc_flag],
                          capture_output=True, text=True)
    if proc.returncode:
        print(f"dtc failed on {source}:\n{proc.stderr}")
        return 1

    failures = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, args, artifact, name, case, n,
                               seed * 1000 + k)
                   for k, (name, case, n) in enumerate(runs)]
        for (name, _, n), future in zip(runs, futures):
            problem = future.result()
            failures += problem is not None
            print(f"{name} n={n}: {problem or 'OK'}")
    print(f"{len(runs) - failures} of {len(runs)} runs match numpy")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
