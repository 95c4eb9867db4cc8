"""The parity tests' two-sample test can fail: it tells the mistakes it is meant to catch."""

import math

import numpy as np
import pytest

import weightinit as wi
from parity.stats import (
    ALPHA,
    assert_same_distribution,
    assert_truncated,
    assert_truncation_share,
    ks_critical,
    ks_sample_size,
    ks_statistic,
    truncation_share,
    uniform_scale_distance,
)

SHAPE = (300, 700)


def test_critical_value_formula():
    assert ks_critical(100, 100, 0.05) == pytest.approx(1.358 * math.sqrt(2 / 100), rel=1e-3)


def test_identical_samples_and_disjoint_samples():
    x = np.arange(10.0)
    assert ks_statistic(x, x) == 0.0
    assert ks_statistic(x, x + 100) == 1.0


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        # PyTorch's default against He uniform: a variance 6 times too large.
        (lambda r: wi.variance_scaling(SHAPE, 1 / 3, "fan_in", "uniform", rng=r),
         lambda r: wi.he_uniform(SHAPE, rng=r)),
        # fan_avg against fan_in: variance 2 / 1000 against 1 / 300.
        (lambda r: wi.glorot_uniform(SHAPE, rng=r), lambda r: wi.lecun_uniform(SHAPE, rng=r)),
        # A truncated normal without the 0.8796 correction (std 12 % too small).
        (lambda r: wi.lecun_normal(SHAPE, rng=r),
         lambda r: wi.trunc_normal(SHAPE, std=1 / math.sqrt(300), a=-2 / math.sqrt(300),
                                   b=2 / math.sqrt(300), rng=r)),
        # The same variance, truncated against untruncated: only the shape differs.
        (lambda r: wi.lecun_normal(SHAPE, rng=r),
         lambda r: wi.variance_scaling(SHAPE, 1.0, "fan_in", "untruncated_normal", rng=r)),
    ],
)  # fmt: skip
def test_detects_each_mistake_and_accepts_the_right_draw(right, wrong):
    assert_same_distribution(right(1), right(2))
    statistic = ks_statistic(right(1), wrong(2))
    assert statistic > ks_critical(SHAPE[0] * SHAPE[1], SHAPE[0] * SHAPE[1], ALPHA)


def cut_normal(n, cut, rng):
    z = np.random.default_rng(rng).standard_normal(4 * n)
    return z[np.abs(z) <= cut][:n]


def test_the_truncation_check_sees_a_cut_in_the_wrong_place():
    n = 36_000  # the size of the (3, 3, 40, 100) kernels the suites draw
    right = cut_normal(n, 2.0, 13)
    assert_truncated(right, 1.0)
    # cut at 1.8 std and rescaled to the same variance as a cut at 2 std: the upper bound
    # holds, the variance matches, only the largest draw tells
    wrong = cut_normal(n, 1.8, 14)
    wrong *= np.sqrt(np.mean(right**2) / np.mean(wrong**2))
    assert np.abs(wrong).max() <= 2.0
    with pytest.raises(AssertionError, match="cut too early"):
        assert_truncated(wrong, 1.0)


def test_the_share_beyond_1_8_std_sees_the_same_cut_without_the_largest_draw():
    n = 36_000
    right = cut_normal(n, 2.0, 15)
    assert_truncation_share(right, 1.0)
    assert truncation_share(2.0, 1.8) == pytest.approx(0.02762, abs=1e-5)  # Φ tables
    wrong = cut_normal(n, 1.8, 16)
    wrong *= np.sqrt(np.mean(right**2) / np.mean(wrong**2))
    with pytest.raises(AssertionError, match=r"beyond 1.8 std, expected 2.76"):
        assert_truncation_share(wrong, 1.0)


def test_the_derived_sample_size_tells_a_bias_at_half_its_variance():
    # U(±b) against U(±sqrt(0.5) b): the two-sample test at the derived size rejects it for
    # every seed tried, and accepts the right distribution.
    n = ks_sample_size(uniform_scale_distance(0.5))
    assert 3_000 < n < 5_000
    for seed in range(5):
        rng = np.random.default_rng(seed)
        right, again = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
        wrong = rng.uniform(-1, 1, n) * math.sqrt(0.5)
        assert_same_distribution(right, again)
        with pytest.raises(AssertionError, match="KS statistic"):
            assert_same_distribution(right, wrong)
    # 100 entries, a Conv2d(40, 100, 3)'s bias, are far too few
    assert ks_sample_size(uniform_scale_distance(0.45)) > 30 * 100
