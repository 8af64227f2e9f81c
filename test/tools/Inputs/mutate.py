#!/usr/bin/env python3
"""Feeds a tool many malformed variants of valid inputs and checks that it
never crashes: each run must exit 0 (the variant happened to be valid) or 1
with a located diagnostic ("file:line:col: error:"). Variants are
deterministic (seeded): truncations at spread-out offsets, deleted lines,
and single-token edits that break types, shapes and attributes."""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

EDITS = [
    (r"tensor<\?x", "tensor<3x"), (r"xf32>", "xi32>"), (r"f32", "f16"),
    (r"axis \d+", "axis 7"), (r"head_dim \d+", "head_dim 0"),
    (r"prefix \d+", "prefix 999"), (r"\[%i\]", ""), (r"@\w+", "@missing"),
    (r"in \(", "in ["), (r"\}", ""), (r"\)", ""), (r",", ""), (r":", ""),
    (r"dt\.\w+", "dt.no_such_op"), (r"%\w+", "%undefined"),
]


def variants(text, rng, count):
    n = len(text)
    for i in range(1, count // 3 + 1):
        yield "truncate", text[: n * i // (count // 3 + 1)]
    lines = text.splitlines(keepends=True)
    for _ in range(count // 3):
        k = rng.randrange(len(lines))
        yield "delete line %d" % (k + 1), "".join(lines[:k] + lines[k + 1:])
    edits = [(p, r) for p, r in EDITS if re.search(p, text)]
    for _ in range(count - 2 * (count // 3)):
        pattern, repl = rng.choice(edits)
        m = rng.choice(list(re.finditer(pattern, text)))
        yield "edit %r at %d" % (pattern, m.start()), text[: m.start()] + repl + text[m.end():]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    rng = random.Random(1234)
    located = re.compile(r"^[^\n]*:\d+:\d+: error: ", re.M)
    runs = failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.inputs:
            text = open(path).read()
            for what, body in variants(text, rng, args.count):
                case = os.path.join(tmp, "case.mlir")
                with open(case, "w") as f:
                    f.write(body)
                p = subprocess.run([args.tool, case, "-o", os.devnull],
                                   capture_output=True, text=True, timeout=60)
                runs += 1
                ok = p.returncode == 0 or (p.returncode == 1 and located.search(p.stderr))
                if not ok:
                    failures += 1
                    print("FAIL %s (%s): exit %d\n%s" % (path, what, p.returncode, p.stderr[-2000:]))
    print("%d malformed inputs, %d crashes or unlocated errors" % (runs, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
