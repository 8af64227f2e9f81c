"""Mixture-of-experts routing, semantics.md section 4, in numpy."""
import math

import numpy as np

from common import nn


def route(logits, k, gate="softmax_topk"):
    """Top-k experts per token (ties to the lower index) and gate weights.
    logits [T, E] -> (experts [T, k] int64, gates [T, k])."""
    experts = np.argsort(-logits, axis=-1, kind="stable")[:, :k]
    chosen = np.take_along_axis(logits, experts, axis=-1)
    if gate == "softmax_topk":
        gates = nn.softmax(chosen)
    else:
        probs = np.take_along_axis(nn.softmax(logits), experts, axis=-1)
        gates = probs / probs.sum(-1, keepdims=True) if gate == "softmax_all_renorm" else probs
    return experts.astype(np.int64), gates.astype(np.float32)


def moe(x, router, up, up_bias, down, down_bias, k, activation,
        gate="softmax_topk", capacity_factor=None):
    """x [..., D] -> [..., D]: each token's gate-weighted sum of its top-k
    experts' down(act(up(x))). With a capacity factor c, expert e takes at
    most ceil(c k T / E) tokens, in token order; the rest get nothing from
    it."""
    shape = x.shape
    tokens = x.reshape(-1, shape[-1])
    t, e = tokens.shape[0], router.shape[0]
    experts, gates = route(tokens @ router.T, k, gate)
    capacity = t * k if capacity_factor is None else int(math.ceil(capacity_factor * k * t / e))
    out = np.zeros_like(tokens)
    for expert in range(e):
        rows, slots = np.nonzero(experts == expert)  # token order
        rows, slots = rows[:capacity], slots[:capacity]
        if len(rows) == 0:
            continue
        h = activation(tokens[rows] @ up[expert].T + up_bias[expert])
        y = h @ down[expert].T + down_bias[expert]
        out[rows] += gates[rows, slots][:, None] * y
    return out.reshape(shape)
