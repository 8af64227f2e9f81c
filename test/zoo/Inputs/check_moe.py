#!/usr/bin/env python3
"""Checks zoo/common/moe.py (semantics.md section 4) on hand-worked routing and
against a dense evaluation of every expert."""
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])  # the zoo folder
from common import moe, nn  # noqa: E402

checks = 0


def check(cond, what):
    global checks
    if not cond:
        sys.exit("FAIL: " + what)
    checks += 1


logits = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 0.0, 1.0, 2.0]], np.float32)
experts, gates = moe.route(logits, 2)
check(experts.tolist() == [[1, 2], [0, 3]], "top-k ties go to the lower index")
check(np.allclose(gates, 0.5), "equal chosen logits give equal gates")
_, g = moe.route(np.array([[0.0, 1.0, 2.0]], np.float32), 2, "softmax_all")
check(abs(g.sum() - (np.exp(2) + np.exp(1)) / (1 + np.exp(1) + np.exp(2))) < 1e-6,
      "softmax_all keeps the full-softmax probabilities")
_, g = moe.route(np.array([[0.0, 1.0, 2.0]], np.float32), 2, "softmax_all_renorm")
check(abs(g.sum() - 1.0) < 1e-6, "softmax_all_renorm sums to one")

rng = np.random.default_rng(0)
t, d, h, e = 6, 4, 5, 3
x = rng.standard_normal((t, d)).astype(np.float32)
up, ub = rng.standard_normal((e, h, d)).astype(np.float32), rng.standard_normal((e, h)).astype(np.float32)
down, db = rng.standard_normal((e, d, h)).astype(np.float32), rng.standard_normal((e, d)).astype(np.float32)
relu = lambda v: np.maximum(v, 0)  # noqa: E731
ffn = np.stack([relu(x @ up[i].T + ub[i]) @ down[i].T + db[i] for i in range(e)])  # [E, T, D]

# top_k == E is the dense softmax-weighted sum of every expert.
router = rng.standard_normal((e, d)).astype(np.float32)
dense = (nn.softmax(x @ router.T).T[:, :, None] * ffn).sum(0)
check(np.allclose(moe.moe(x, router, up, ub, down, db, e, relu), dense, atol=1e-5),
      "top_k = E equals the dense weighted sum")

# Every token prefers expert 0, then 1: expert 2 receives none; a capacity of
# ceil(0.5 * 2 * 6 / 3) = 2 keeps tokens 0 and 1 at expert 0, in token order.
router = np.zeros((e, d), np.float32)
x_pos = np.abs(x) + 1.0
router[0], router[1] = 2.0, 1.0
experts, gates = moe.route(x_pos @ router.T, 2)
check((experts == 2).sum() == 0, "an expert can receive no tokens")
out = moe.moe(x_pos, router, up, ub, down, db, 2, relu, capacity_factor=0.5)
ffn_pos = [relu(x_pos @ up[i].T + ub[i]) @ down[i].T + db[i] for i in range(e)]
expect = np.zeros_like(x_pos)
for tok in range(t):
    if tok < 2:
        expect[tok] += gates[tok, 0] * ffn_pos[0][tok]
        expect[tok] += gates[tok, 1] * ffn_pos[1][tok]
check(np.allclose(out, expect, atol=1e-5), "capacity drops later tokens, in token order")
print("%d passed, 0 failed" % checks)
