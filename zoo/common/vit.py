"""The ViT pieces the ViT references share (timm layout, per-block weights
stacked on a leading layer dimension), in numpy."""
import numpy as np

from common import nn

PATCH, HEAD_DIM, EPS = 16, 64, 1e-6


def embed(w, image):
    """Patch embedding, class token, position embedding: [B, 1 + N, D]."""
    x = nn.linear(nn.patchify(image.astype(np.float32), PATCH),
                  w["patch_embed.weight"], w["patch_embed.bias"])
    cls = np.broadcast_to(w["cls_token"], (x.shape[0], 1, x.shape[2]))
    return np.concatenate([cls, x], axis=1) + w["pos_embed"]


def attend(w, x, i):
    """The attention half of pre-norm block `i` with its residual; also
    returns the block's queries and keys."""
    g = lambda name: w["blocks." + name][i]  # noqa: E731
    n = nn.layer_norm(x, g("norm1.weight"), g("norm1.bias"), EPS)
    q = nn.linear(n, g("attn.q.weight"), g("attn.q.bias"))
    k = nn.linear(n, g("attn.k.weight"), g("attn.k.bias"))
    v = nn.linear(n, g("attn.v.weight"), g("attn.v.bias"))
    x = x + nn.linear(nn.attention(q, k, v, HEAD_DIM),
                      g("attn.proj.weight"), g("attn.proj.bias"))
    return x, q, k


def mlp(w, x, i):
    """The MLP half of pre-norm block `i` with its residual."""
    g = lambda name: w["blocks." + name][i]  # noqa: E731
    n = nn.layer_norm(x, g("norm2.weight"), g("norm2.bias"), EPS)
    h = nn.gelu(nn.linear(n, g("mlp.fc1.weight"), g("mlp.fc1.bias")))
    return x + nn.linear(h, g("mlp.fc2.weight"), g("mlp.fc2.bias"))


def block(w, x, i):
    """Pre-norm transformer block `i`."""
    return mlp(w, attend(w, x, i)[0], i)


def class_attention(q, k):
    """The class token's attention to every token, averaged over the heads
    (semantics.md section 2): [B, N, D] queries and keys -> [B, N]."""
    b, n, d = q.shape
    heads = d // HEAD_DIM
    qc = q[:, 0].reshape(b, heads, HEAD_DIM).astype(np.float64)
    kh = k.reshape(b, n, heads, HEAD_DIM).astype(np.float64)
    logits = np.einsum("bhe,bjhe->bhj", qc, kh) / np.sqrt(HEAD_DIM)
    return nn.softmax(logits, -1).mean(axis=1)


def make_inputs(w, rng):
    side = int(round(np.sqrt(w["pos_embed"].shape[1] - 1))) * PATCH
    return [rng.standard_normal((2, side, side, 3)).astype(np.float32)]


def make_weights(c, rng):
    """Patch embedding and the stacked blocks; models add their heads."""
    d, l, m = c["dim"], c["layers"], c["mlp"]
    tokens = (c["image"] // PATCH) ** 2 + 1
    init = Init(rng)
    t = {"patch_embed.weight": init.w(d, PATCH * PATCH * 3),
         "patch_embed.bias": init.small(d),
         "cls_token": init.small(1, 1, d), "pos_embed": init.small(1, tokens, d)}
    for n in ("norm1", "norm2"):
        t["blocks.%s.weight" % n] = init.near_one(l, d)
        t["blocks.%s.bias" % n] = init.small(l, d)
    for n in ("q", "k", "v", "proj"):
        t["blocks.attn.%s.weight" % n] = init.w(l, d, d)
        t["blocks.attn.%s.bias" % n] = init.small(l, d)
    t["blocks.mlp.fc1.weight"], t["blocks.mlp.fc1.bias"] = init.w(l, m, d), init.small(l, m)
    t["blocks.mlp.fc2.weight"], t["blocks.mlp.fc2.bias"] = init.w(l, d, m), init.small(l, d)
    return t


class Init:
    """Random, untrained values that keep activations O(1)."""

    def __init__(self, rng):
        self.rng = rng

    def w(self, *shape):  # scaled by 1/sqrt(fan_in), the last extent
        return (self.rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    def small(self, *shape):
        return (0.02 * self.rng.standard_normal(shape)).astype(np.float32)

    def near_one(self, *shape):
        return (1.0 + 0.1 * self.rng.standard_normal(shape)).astype(np.float32)
