#!/usr/bin/env python3
"""Checks zoo/common/nn.py, the numpy semantics every zoo reference builds
on, against cases worked out by hand from docs/semantics.md and against the
loop-by-loop attention of test/conversion/dt-to-linalg-attention-run.mlir."""
import os
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])  # the zoo folder
from common import nn  # noqa: E402

checks = 0


def check(cond, what):
    global checks
    if not cond:
        sys.exit("FAIL: " + what)
    checks += 1


# Token selection: prefix kept, ties to the lower index, original order.
x = np.arange(5, dtype=np.float32).reshape(1, 5, 1)
s = np.array([[0, 5, 5, 1, 5]], dtype=np.float32)
y, idx = nn.select_tokens(x, s, 0.5, prefix=1)  # K = 1 + ceil(0.5 * 4) = 3
check(idx.tolist() == [[0, 1, 2]], "ties go to the lower index: %s" % idx)
check(y[0, :, 0].tolist() == [0, 1, 2], "kept rows in order")
_, idx = nn.select_tokens(x, np.array([[9, 1, 7, 8, 2]], np.float32), 0.5, 1)
check(idx.tolist() == [[0, 2, 3]], "original order kept: %s" % idx)
_, idx = nn.select_tokens(x, s, 1e-6, prefix=1)
check(idx.shape == (1, 2), "a tiny rate keeps the prefix and one token")
_, idx = nn.select_tokens(x, s, 1.0, prefix=1)
check(idx.tolist() == [[0, 1, 2, 3, 4]], "rate 1 keeps everything")
check(nn.kept_count(197, 1, 0.7) == 139, "ViT-S at rate 0.7 keeps 139")
check(nn.kept_count(10, 0, 0.3) == 3, "0.3f * 10 rounds to 3 in float32")

# Patches: row-major, each flattened as (row, column, channel).
img = (np.arange(2)[None, None, None, :] + 2 * np.arange(4)[None, None, :, None]
       + 8 * np.arange(2)[None, :, None, None]).astype(np.float32)
check(nn.patchify(img, 2).tolist() ==
      [[[0, 1, 2, 3, 8, 9, 10, 11], [4, 5, 6, 7, 12, 13, 14, 15]]], "patch order")

check(abs(float(nn.gelu(np.float32([1.0]))[0]) - 0.841345) < 1e-6, "gelu(1)")

# Attention, against the values of the loop-by-loop reference.
q = np.array([[[0.5, -1.0, 1.0, 0.0], [1.0, 0.5, -0.5, 2.0]]], np.float32)
k = np.array([[[1.0, 0.0, 0.5, 1.0], [0.0, 1.0, -1.0, 0.5], [2.0, -1.0, 0.0, 0.0]]], np.float32)
v = np.array([[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.0, 2.0], [0.0, -2.0, 1.0, 1.0]]], np.float32)
plain = [[0.15439, -0.85097, 1.80734, 2.63357], [0.09526, -0.15902, 1.54604, 2.80348]]
causal = [[0.48563, 1.61423, 2.22845, 3.48563], [0.09526, -0.15902, 1.54604, 2.80348]]
check(np.allclose(nn.attention(q, k, v, 2)[0], plain, atol=1e-5), "attention")
check(np.allclose(nn.attention(q, k, v, 2, causal=True)[0], causal, atol=1e-5),
      "causal attention aligned at the end")

print("%d passed, 0 failed" % checks)
