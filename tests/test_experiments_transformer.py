"""The residual stream, attention logits and tied logits of fresh pre-LN blocks, against theory."""

import math

import numpy as np
import pytest

from weightinit.experiments.propagation.transformer import (
    attention_logits,
    gelu_second_moment,
    residual_stds,
    stream_variance,
    tied_logits,
)
from weightinit.transformer import gelu


def test_residual_stds_follow_the_codebases():
    np.testing.assert_allclose(residual_stds("none", 4), 0.02)
    np.testing.assert_allclose(residual_stds("gpt2", 12), 0.02 / math.sqrt(24))
    np.testing.assert_allclose(residual_stds("depth", 3), 0.02 / np.sqrt([2, 4, 6]))
    with pytest.raises(ValueError, match="rule"):
        residual_stds("fixup", 3)


def test_gelu_second_moment_against_monte_carlo():
    z = np.random.default_rng(0).standard_normal(400_000)
    for variance in (0.05, 1.0, 4.0):
        sample = gelu(math.sqrt(variance) * z) ** 2
        # within 5 standard errors of the Monte Carlo mean
        tolerance = 5 * sample.std() / math.sqrt(z.size)
        assert abs(gelu_second_moment(variance) - sample.mean()) < tolerance
    # small z: GELU(z) ~ z / 2, so E[GELU^2] ~ v / 4
    assert gelu_second_moment(1e-4) == pytest.approx(1e-4 / 4, rel=0.01)


@pytest.fixture(scope="module")
def streams():
    kwargs = {"n_blocks": 16, "width": 64, "n_heads": 4, "seq_len": 16, "n_sequences": 4}
    return {rule: stream_variance(rule, rng=1, **kwargs) for rule in ("none", "gpt2", "depth")}


def test_branch_variances_add_up_to_the_stream(streams):
    for run in streams.values():
        assert run.measured.shape == (17,) and run.attention.shape == (16,)
        growth = run.measured[-1] - run.measured[0]
        assert abs(run.added.sum() / growth - 1) < 0.15


def test_mlp_branch_matches_its_prediction(streams):
    # d = 64 correlated outputs per block: relative sd up to sqrt(2/64) = 0.18 per block
    for run in streams.values():
        ratio = run.mlp / run.predicted_mlp
        assert abs(ratio.mean() - 1) < 0.15 and np.all(np.abs(ratio - 1) < 0.55)


def test_the_scaling_rules_order_the_final_variance(streams):
    none, gpt2, depth = (streams[r].measured[-1] for r in ("none", "gpt2", "depth"))
    assert gpt2 < depth < none
    # each MLP adds 2N = 32 times less under GPT-2's rule, measured: a ratio of two sums of 16
    # blocks, each within a relative sd of 0.18 / 4, so 4 sd of the ratio is 0.25
    ratio = streams["none"].mlp.sum() / streams["gpt2"].mlp.sum()
    assert abs(ratio / 32 - 1) < 0.25


def test_gpt2_rule_adds_the_same_at_any_depth():
    kwargs = {"width": 64, "n_heads": 4, "seq_len": 16, "n_sequences": 4}
    short = stream_variance("gpt2", n_blocks=4, rng=2, **kwargs).added.sum()
    long = stream_variance("gpt2", n_blocks=32, rng=3, **kwargs).added.sum()
    assert abs(long / short - 1) < 0.3


def test_attention_logit_spread():
    run = attention_logits((16, 64, 256), seq_len=32, n_sequences=8, rng=4)
    np.testing.assert_allclose(run.std_unscaled / np.sqrt([16, 64, 256]), 1, rtol=0.1)
    np.testing.assert_allclose(run.std_scaled, 1, rtol=0.1)
    assert np.all(np.diff(run.max_weight_unscaled) > 0)


def test_a_fixed_std_gives_logits_that_grow_with_the_model_width():
    # one head of d_k = 16 in models of width 64 and 1024: the scaled spread is d * 0.02^2
    fixed = attention_logits((16, 16), model_widths=(64, 1024), projection_std=0.02,
                             seq_len=32, n_sequences=8, rng=5)  # fmt: skip
    np.testing.assert_allclose(fixed.std_scaled, [64 * 0.02**2, 1024 * 0.02**2], rtol=0.1)
    np.testing.assert_allclose(fixed.std_unscaled, 4 * fixed.std_scaled, rtol=1e-6)
    assert fixed.max_weight_scaled[1] > fixed.max_weight_scaled[0]


def test_zero_projections_attend_uniformly_over_the_visible_positions():
    run = attention_logits((8, 8), model_widths=(8, 32), projection_std=0.0, seq_len=5,
                           n_sequences=2, rng=0)  # fmt: skip
    # query t sees t + 1 keys: the largest weight is 1/(t + 1), averaged over the 5 queries
    expected = (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5) / 5
    assert run.uniform_max_weight == pytest.approx(expected)
    np.testing.assert_allclose(run.max_weight_scaled, expected)
    np.testing.assert_allclose(run.max_weight_unscaled, expected)


def test_model_widths_must_match_the_head_widths():
    with pytest.raises(ValueError, match="model_widths"):
        attention_logits((16, 32), model_widths=(64,))


def test_tied_logits():
    small = tied_logits(0.02, width=128, vocab_size=1024, n_rows=256, rng=6)
    large = tied_logits(1.0, width=128, vocab_size=1024, n_rows=256, rng=6)
    for run in (small, large):
        assert run.logit_std == pytest.approx(run.predicted_std, rel=0.05)
    assert small.uniform_loss == pytest.approx(math.log(1024))
    # Gaussian logits of spread s: loss about ln V + s^2 / 2
    assert small.loss == pytest.approx(small.uniform_loss + small.predicted_std**2 / 2, abs=0.05)
    assert large.loss > 3 * large.uniform_loss
    with pytest.raises(ValueError, match="embedding_std"):
        tied_logits(0.0)
