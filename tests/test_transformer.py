"""The numpy pre-LN block against a direct, loop-by-loop computation of the same formulas."""

import math

import numpy as np
import pytest

from weightinit.transformer import (
    BlockWeights,
    causal_attention,
    gelu,
    init_block,
    layer_norm,
    pre_ln_block,
)


def direct_layer_norm(row, eps=1e-5):
    mean = sum(row) / len(row)
    var = sum((v - mean) ** 2 for v in row) / len(row)
    return [(v - mean) / math.sqrt(var + eps) for v in row]


def direct_gelu(z):
    return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))


def direct_attention(x, w_qkv, n_heads, scale=None):
    """One sequence, shape (T, d): every query, key and head in Python loops."""
    seq_len, width = x.shape
    d_k = width // n_heads
    scale = 1 / math.sqrt(d_k) if scale is None else scale
    qkv = [[sum(x[t, i] * w_qkv[i, j] for i in range(width)) for j in range(3 * width)]
           for t in range(seq_len)]  # fmt: skip
    out = np.zeros((seq_len, width))
    for head in range(n_heads):
        cols = range(head * d_k, (head + 1) * d_k)
        for t in range(seq_len):
            logits = [
                scale * sum(qkv[t][c] * qkv[s][width + c] for c in cols) for s in range(t + 1)
            ]
            top = max(logits)
            weights = [math.exp(v - top) for v in logits]
            total = sum(weights)
            for c in cols:
                out[t, c] = sum(w / total * qkv[s][2 * width + c] for s, w in enumerate(weights))
    return out


def direct_block(x, weights, n_heads):
    normed = np.array([direct_layer_norm(row) for row in x])
    h = x + direct_attention(normed, weights.qkv, n_heads) @ weights.proj
    normed = np.array([direct_layer_norm(row) for row in h])
    hidden = np.vectorize(direct_gelu)(normed @ weights.fc)
    return h + hidden @ weights.out


@pytest.fixture
def sequence():
    return np.random.default_rng(0).standard_normal((6, 8))


def test_layer_norm_matches_the_formula(sequence):
    expected = np.array([direct_layer_norm(row) for row in sequence])
    np.testing.assert_allclose(layer_norm(sequence), expected, rtol=1e-12)


def test_gelu_matches_the_formula():
    z = np.linspace(-4, 4, 17)
    np.testing.assert_allclose(gelu(z), [direct_gelu(v) for v in z], rtol=1e-12, atol=1e-15)
    # the tanh form is within 1e-3 of the exact GELU z * Phi(z)
    exact = [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z]
    np.testing.assert_allclose(gelu(z), exact, atol=1e-3)


@pytest.mark.parametrize(("n_heads", "scale"), [(1, None), (2, None), (4, 1.0), (2, 0.3)])
def test_attention_matches_the_loops(sequence, n_heads, scale):
    w = np.random.default_rng(1).standard_normal((8, 24)) / math.sqrt(8)
    ours = causal_attention(sequence, w, n_heads, logit_scale=scale)
    np.testing.assert_allclose(ours, direct_attention(sequence, w, n_heads, scale), rtol=1e-10)


def test_attention_is_causal(sequence):
    w = np.random.default_rng(2).standard_normal((8, 24))
    changed = sequence.copy()
    changed[4:] += 10.0  # change the future of positions 0..3
    before, after = causal_attention(sequence, w, 2), causal_attention(changed, w, 2)
    np.testing.assert_allclose(before[:4], after[:4], rtol=1e-12)
    assert not np.allclose(before[4:], after[4:])


def test_attention_logits_are_masked_and_scaled(sequence):
    w = np.random.default_rng(3).standard_normal((8, 24))
    _, scaled = causal_attention(sequence, w, 2, return_logits=True)
    _, raw = causal_attention(sequence, w, 2, logit_scale=1.0, return_logits=True)
    assert scaled.shape == (2, 6, 6)
    assert np.all(np.isneginf(scaled[:, np.triu_indices(6, 1)[0], np.triu_indices(6, 1)[1]]))
    lower = np.tril_indices(6)
    np.testing.assert_allclose(scaled[:, lower[0], lower[1]] * 2, raw[:, lower[0], lower[1]])


def test_batched_attention_equals_one_sequence_at_a_time():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((3, 2, 5, 8)), rng.standard_normal((8, 24))
    batched = causal_attention(x, w, 2)
    for i in range(3):
        for j in range(2):
            np.testing.assert_allclose(batched[i, j], causal_attention(x[i, j], w, 2), rtol=1e-12)


def test_block_matches_the_loops(sequence):
    weights = init_block(8, std=0.3, residual_std=0.2, rng=5)
    np.testing.assert_allclose(
        pre_ln_block(sequence, weights, 2), direct_block(sequence, weights, 2), rtol=1e-10
    )


def test_block_weights_have_the_requested_stds():
    # 64 x 192 weights: the sample std is within 5 standard errors, 5 / sqrt(2 * 12288) = 3 %
    block = init_block(64, std=0.02, residual_std=0.005, rng=6)
    assert block.qkv.shape == (64, 192) and block.out.shape == (256, 64)
    assert abs(block.qkv.std() / 0.02 - 1) < 0.03
    assert abs(block.fc.std() / 0.02 - 1) < 0.03
    assert abs(block.out.std() / 0.005 - 1) < 0.03
    assert abs(block.proj.std() / 0.005 - 1) < 0.05  # 4096 weights: 5 / sqrt(8192)
    assert init_block(64, n_networks=3, rng=0).qkv.shape == (3, 64, 192)


def test_bad_arguments_raise_naming_them(sequence):
    w = np.zeros((8, 24))
    with pytest.raises(ValueError, match="n_heads"):
        causal_attention(sequence, w, 3)
    with pytest.raises(ValueError, match="w_qkv"):
        causal_attention(sequence, np.zeros((8, 16)), 2)
    with pytest.raises(ValueError, match="x must"):
        causal_attention(np.zeros(8), w, 2)
    with pytest.raises(TypeError, match="n_heads"):
        causal_attention(sequence, w, 2.0)
    with pytest.raises(TypeError, match="weights"):
        pre_ln_block(sequence, {"qkv": w}, 2)
    with pytest.raises(ValueError, match="width"):
        pre_ln_block(sequence, init_block(16, rng=0), 2)
    with pytest.raises(ValueError, match="std"):
        init_block(8, std=-1.0)
    assert isinstance(init_block(8, rng=0), BlockWeights)
