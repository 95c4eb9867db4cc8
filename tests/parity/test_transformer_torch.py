"""The numpy pre-LN block against PyTorch: scaled_dot_product_attention and a torch block.

Both get the same weights (ours in the x @ W layout, nn.Linear's transposed), in float64, so
they must agree to rounding.
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from weightinit.transformer import causal_attention, init_block, pre_ln_block


class TorchPreLNBlock(torch.nn.Module):
    """GPT-2's pre-LN block in PyTorch, without biases (they start at zero)."""

    def __init__(self, weights, n_heads):
        super().__init__()
        d = weights.width
        self.n_heads = n_heads
        self.ln_1 = torch.nn.LayerNorm(d, dtype=torch.float64)
        self.ln_2 = torch.nn.LayerNorm(d, dtype=torch.float64)
        self.c_attn = torch.nn.Linear(d, 3 * d, bias=False, dtype=torch.float64)
        self.c_proj = torch.nn.Linear(d, d, bias=False, dtype=torch.float64)
        self.c_fc = torch.nn.Linear(d, 4 * d, bias=False, dtype=torch.float64)
        self.mlp_proj = torch.nn.Linear(4 * d, d, bias=False, dtype=torch.float64)
        self.gelu = torch.nn.GELU(approximate="tanh")
        with torch.no_grad():
            for layer, w in ((self.c_attn, weights.qkv), (self.c_proj, weights.proj),
                             (self.c_fc, weights.fc), (self.mlp_proj, weights.out)):  # fmt: skip
                layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))

    def attention(self, x):
        batch, seq_len, d = x.shape
        q, k, v = self.c_attn(x).split(d, dim=2)
        heads = [t.view(batch, seq_len, self.n_heads, d // self.n_heads).transpose(1, 2)
                 for t in (q, k, v)]  # fmt: skip
        y = F.scaled_dot_product_attention(*heads, is_causal=True)
        return y.transpose(1, 2).contiguous().view(batch, seq_len, d)

    def forward(self, x):
        x = x + self.c_proj(self.attention(self.ln_1(x)))
        return x + self.mlp_proj(self.gelu(self.c_fc(self.ln_2(x))))


@pytest.mark.parametrize("n_heads", [1, 4])
def test_attention_matches_scaled_dot_product_attention(n_heads):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 10, 32))
    w = rng.standard_normal((32, 96)) / math.sqrt(32)
    ours = causal_attention(x, w, n_heads)
    qkv = torch.from_numpy(x @ w)
    q, k, v = (t.view(3, 10, n_heads, 32 // n_heads).transpose(1, 2) for t in qkv.split(32, 2))
    theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    theirs = theirs.transpose(1, 2).reshape(3, 10, 32).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_unscaled_logits_match_sdpa_with_scale_one():
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((2, 6, 16)), rng.standard_normal((16, 48)) / 4
    ours = causal_attention(x, w, 2, logit_scale=1.0)
    q, k, v = (t.view(2, 6, 2, 8).transpose(1, 2) for t in torch.from_numpy(x @ w).split(16, 2))
    theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=1.0)
    np.testing.assert_allclose(ours, theirs.transpose(1, 2).reshape(2, 6, 16).numpy(), rtol=1e-10)


@pytest.mark.parametrize(("std", "residual_std"), [(0.02, 0.02 / math.sqrt(24)), (0.3, 0.2)])
def test_block_matches_a_torch_pre_ln_block(std, residual_std):
    weights = init_block(64, std=std, residual_std=residual_std, rng=2)
    x = np.random.default_rng(3).standard_normal((2, 12, 64))
    with torch.no_grad():
        theirs = TorchPreLNBlock(weights, 4)(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(pre_ln_block(x, weights, 4), theirs, rtol=1e-9, atol=1e-12)
