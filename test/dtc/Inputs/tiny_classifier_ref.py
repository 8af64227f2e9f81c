#!/usr/bin/env python3
"""Independent reference of docs/examples/tiny_classifier.mlir (keep rate 1),
in plain Python, on the inputs and weights run_tiny_classifier.c builds.
With --check FILE, compares FILE's logits (one per line) and fails above a
relative error of 1e-5."""
import argparse
import math
import sys

B, N, F, D, H, L, C = 2, 5, 4, 8, 16, 2, 3


def filled(count, seed):
    return [(((i * 37 + seed * 11) % 17) - 8) / 16.0 for i in range(count)]


def reshape(flat, *shape):
    if len(shape) == 1:
        return flat[: shape[0]]
    step = len(flat) // shape[0]
    return [reshape(flat[i * step:(i + 1) * step], *shape[1:]) for i in range(shape[0])]


def linear(x, w):  # x [K], w [N, K]
    return [sum(a * b for a, b in zip(x, row)) for row in w]


def layer_norm(x, g, b, eps=1e-5):
    mean = sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    inv = 1.0 / math.sqrt(var + eps)
    return [(v - mean) * inv * gi + bi for v, gi, bi in zip(x, g, b)]


def gelu(v):
    return 0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0)))


def model():
    x = reshape(filled(B * N * F, 1), B, N, F)
    proj = reshape(filled(D * F, 2), D, F)
    nw = reshape(filled(L * D, 3), L, D)
    nb = reshape(filled(L * D, 4), L, D)
    fc1 = reshape(filled(L * H * D, 5), L, H, D)
    fc2 = reshape(filled(L * D * H, 6), L, D, H)
    head = reshape(filled(C * D, 7), C, D)
    logits = []
    for b in range(B):
        tokens = [linear(t, proj) for t in x[b]]
        for l in range(L):
            out = []
            for t in tokens:
                n = layer_norm(t, nw[l], nb[l])
                h = [gelu(v) for v in linear(n, fc1[l])]
                o = linear(h, fc2[l])
                out.append([a + c for a, c in zip(t, o)])
            tokens = out
        pooled = [sum(t[d] for t in tokens) / N for d in range(D)]
        logits += linear(pooled, head)
    return logits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check")
    args = ap.parse_args()
    ref = model()
    if not args.check:
        print("\n".join("%.9g" % v for v in ref))
        return 0
    got = [float(line) for line in open(args.check) if line.strip()]
    if len(got) != len(ref):
        print("expected %d logits, got %d" % (len(ref), len(got)))
        return 1
    norm = math.sqrt(sum(r * r for r in ref))
    err = math.sqrt(sum((g - r) ** 2 for g, r in zip(got, ref))) / norm
    print("relative error %.3g over %d logits: %s" % (err, len(ref), "OK" if err < 1e-5 else "FAIL"))
    return 0 if err < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
