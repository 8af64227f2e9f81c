"""numpy implementations of the ops the zoo models use, written from
docs/semantics.md and the op definitions in docs/dialect.md, not from dtc's
lowering. Everything computes in float32 like the compiled models."""
import math

import numpy as np

_erf = np.frompyfunc(math.erf, 1, 1)


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def gelu(x):
    """Exact GELU: 0.5 x (1 + erf(x / sqrt 2))."""
    return (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))).astype(np.float32))).astype(np.float32)


def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(eps)) * g + b


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def attention(q, k, v, head_dim, causal=False):
    """Multi-head attention on projected [B, N, D] inputs, heads of head_dim."""
    b, nq, d = q.shape
    nk = k.shape[1]
    h = d // head_dim
    qh = q.reshape(b, nq, h, head_dim).transpose(0, 2, 1, 3)
    kh = k.reshape(b, nk, h, head_dim).transpose(0, 2, 1, 3)
    vh = v.reshape(b, nk, h, v.shape[2] // h).transpose(0, 2, 1, 3)
    scores = qh @ kh.transpose(0, 1, 3, 2) / np.float32(math.sqrt(head_dim))
    if causal:
        visible = np.arange(nk)[None, :] <= np.arange(nq)[:, None] + (nk - nq)
        scores = np.where(visible, scores, -np.inf)
    out = softmax(scores) @ vh
    return out.transpose(0, 2, 1, 3).reshape(b, nq, -1)


def patchify(image, p):
    """[B, H, W, C] -> [B, (H/p)(W/p), p*p*C], patches row-major, each
    flattened as (row, column, channel)."""
    b, hh, ww, c = image.shape
    x = image.reshape(b, hh // p, p, ww // p, p, c).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(b, (hh // p) * (ww // p), p * p * c)


def kept_count(n, prefix, rate):
    """K = P + ceil(r (N - P)), the product rounded to float32 first."""
    return prefix + min(n - prefix, int(math.ceil(np.float32(rate) * np.float32(n - prefix))))


def select_tokens(x, scores, rate, prefix):
    """semantics.md section 1: keep the prefix and the highest-scoring others
    (ties to the lower index), in their original order; returns the kept
    tokens and their indices (int64)."""
    b, n, _ = x.shape
    k = kept_count(n, prefix, rate)
    rest = scores[:, prefix:]
    # A stable sort of -score puts equal scores in index order.
    best = np.argsort(-rest, axis=1, kind="stable")[:, : k - prefix] + prefix
    idx = np.concatenate([np.broadcast_to(np.arange(prefix), (b, prefix)),
                          np.sort(best, axis=1)], axis=1).astype(np.int64)
    return np.take_along_axis(x, idx[:, :, None], axis=1), idx
