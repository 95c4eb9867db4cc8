"""The residual stream, attention logits and tied logits of fresh pre-LN blocks, against theory."""

import math

import numpy as np
import pytest

from weightinit.experiments.transformer import (
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
    # the predicted MLP share is 2N = 32 times smaller under GPT-2's rule
    ratio = streams["none"].predicted_mlp / streams["gpt2"].predicted_mlp
    np.testing.assert_allclose(ratio, 32)


def test_gpt2_rule_adds_the_same_at_any_depth():
    kwargs = {"width": 64, "n_heads": 4, "seq_len": 16, "n_sequences": 4}
    short = stream_variance("gpt2", n_blocks=4, rng=2, **kwargs).added.sum()
    long = stream_variance("gpt2", n_blocks=32, rng=3, **kwargs).added.sum()
    assert abs(long / short - 1) < 0.3


def test_attention_logit_spread():
    run = attention_logits((16, 64, 256), seq_len=32, n_sequences=8, rng=4)
    np.testing.assert_allclose(run.std_unscaled / np.sqrt([16, 64, 256]), 1, rtol=0.1)
    np.testing.assert_allclose(run.std_scaled, 1, rtol=0.1)
    np.testing.assert_allclose(run.predicted_std(False), np.sqrt([16, 64, 256]))
    assert np.all(np.diff(run.max_weight_unscaled) > 0)
    fixed = attention_logits((64,), projection_std=0.02, seq_len=32, n_sequences=8, rng=5)
    np.testing.assert_allclose(fixed.component_variance, 64 * 0.02**2)
    assert fixed.std_scaled[0] == pytest.approx(fixed.predicted_std(True)[0], rel=0.1)


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
