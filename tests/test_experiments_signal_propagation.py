"""Tests for weightinit.experiments.propagation.signal_propagation: networks against the maps."""

import math

import numpy as np
import pytest

from weightinit.experiments.propagation.signal_propagation import (
    LengthRatios,
    length_ratios,
    network_signals,
    pool_images,
    trainable_depth,
)


def variance_se(values: np.ndarray) -> float:
    """Standard error of a sample variance, from the sample's fourth central moment."""
    m4 = np.mean((values - values.mean()) ** 4)
    return math.sqrt((m4 - values.var() ** 2) / values.size)


def test_network_signals_follow_the_maps_within_their_standard_error():
    """Mean over networks within 5 standard errors; the error from the networks' spread."""
    run = network_signals([1.2, 3.0], 0.05, "tanh", width=200, depth=8, n_networks=24, rng=0)
    q_pred, c_pred = run.predicted()
    n_nets = run.q.shape[1]
    for measured, predicted in ((run.q / q_pred[:, None], 1.0), (run.c, c_pred[:, None])):
        deviation = (measured - predicted)[:, :, 1:]
        se = deviation.std(axis=1, ddof=1) / math.sqrt(n_nets)
        # a single network's relative error is of order sqrt(2 / width), not larger
        assert deviation.std() < 3 * math.sqrt(2 / run.width)
        # plus the maps' own finite-width bias: they are the n -> infinity limit, and the
        # next layer's mean is a smooth function of a q whose relative variance is 2 / n (a
        # chi-square mean of n units), so by Taylor's theorem the bias is of order 2 / n
        assert np.all(np.abs(deviation.mean(axis=1)) < 5 * se + 2 / run.width)
    assert run.q.shape == (2, 24, 9) and np.allclose(run.q[:, :, 0], 1.0)
    assert np.allclose(run.c[:, :, 0], 0.5)


def test_relu_he_network_keeps_q_on_average():
    run = network_signals([2.0], 0.0, "relu", width=400, depth=4, n_networks=32, rng=1)
    mean = run.q[0].mean(axis=0)
    # per network the relative error of q at layer 4 has std about sqrt(5 * 4 / 400)
    assert np.all(np.abs(mean - 1) < 5 * math.sqrt(5 * 4 / 400) / math.sqrt(32))


def test_length_ratio_shortcut_has_the_law_of_a_weight_matrix():
    """The direct Gaussian draw against real matrices: same mean and variance of ln rho."""
    rng = np.random.default_rng(2)
    n, layers, count = 8, 6, 4000
    h = rng.standard_normal((count, n))
    start = np.mean(h * h, axis=1)
    for _ in range(layers):
        h = np.maximum(
            np.einsum("gi,gij->gj", h, rng.standard_normal((count, n, n)) * math.sqrt(2 / n)), 0
        )
    with np.errstate(divide="ignore"):
        matrix = np.log(np.mean(h * h, axis=1) / start)
    shortcut = length_ratios([n] * (layers + 1), count, rng=3)
    a, b = matrix[np.isfinite(matrix)], shortcut.log_ratios[shortcut.alive(), -1]
    se = math.sqrt(a.var() / a.size + b.var() / b.size)
    assert abs(a.mean() - b.mean()) < 5 * se
    assert abs(a.var() - b.var()) < 5 * math.hypot(variance_se(a), variance_se(b))


def test_length_ratios_match_the_exact_law():
    run = length_ratios([32] * 21, 20_000, rng=4)
    mean, var, first = run.predicted()
    values = run.log_ratios[run.alive(), -1]
    assert abs(values.mean() - mean[-1]) < 5 * values.std() / math.sqrt(values.size)
    assert abs(values.var() - var[-1]) < 5 * variance_se(values)
    assert first[-1] == pytest.approx(5 * 20 / 32)
    # the mean ratio is 1 (He): within 5 standard errors of the ratios themselves
    ratios = np.exp(run.log_ratios[:, -1])
    assert abs(ratios.mean() - 1) < 5 * ratios.std() / math.sqrt(ratios.size)


def test_residual_length_ratios_stay_near_the_residual_mean():
    run = length_ratios([64] * 31, 3000, residual=True, rng=5)
    assert isinstance(run, LengthRatios) and run.residual
    ratios = np.exp(run.log_ratios[:, -1])
    # branches scaled by 1/sqrt(L) multiply the mean by (1 + 1/L)^L
    expected = (1 + 1 / 30) ** 30
    assert abs(ratios.mean() - expected) < 5 * ratios.std() / math.sqrt(ratios.size)
    # spread: each block adds 2 L^{-1/2} <h, g> / |h|^2 to ln M to first order, with
    # <h, g> / |h|^2 ~ N(0, 1/n) (W_2 of variance 1/n), so Var ln rho_L = 4/n to first order;
    # allowed: 5 standard errors plus corrections of relative order 1/n and 1/L
    width, depth = 64, 30
    values = run.log_ratios[:, -1]
    first_order = 4 / width
    slack = 5 * variance_se(values) + first_order * (1 / width + 1 / depth)
    assert abs(values.var() - first_order) < slack


def test_pool_images_averages_blocks():
    x = np.arange(16.0).reshape(1, 16)
    assert pool_images(x, (4, 4)).tolist() == [[2.5, 4.5, 10.5, 12.5]]
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples >= 1, 15\)"):
        pool_images(x, (3, 5))
    with pytest.raises(ValueError, match="factor must divide the image's height 4 and width 4"):
        pool_images(x, (4, 4), factor=3)


def test_trainable_depth_learns_a_separable_task_and_returns_the_grid():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 6)).astype(np.float32)
    t = (x[:, 0] + x[:, 1] > 0).astype(int)
    run = trainable_depth(x, t, x, t, [0.5, 1.8], [1, 3], steps=150, lr=0.1, width=8, seed=1)
    assert run.accuracy.shape == (2, 2) and run.xi_c.shape == (2,)
    fine_w2, fine_xi = run.curve  # the fine curve for drawing ends on the grid's values
    assert fine_w2[0] == 0.5 and fine_w2[-1] == 1.8
    np.testing.assert_allclose(fine_xi[[0, -1]], run.xi_c)
    assert np.all(run.accuracy[0] > 0.85)  # one hidden layer learns a linear boundary
    assert run.deepest_trained(0.85)[1] >= 1
    assert run.deepest_trained(1.01).tolist() == [0, 0]
    again = trainable_depth(x, t, x, t, [0.5, 1.8], [1, 3], steps=150, lr=0.1, width=8, seed=1)
    np.testing.assert_array_equal(run.accuracy, again.accuracy)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="sigma_w2"):
        network_signals([-1.0], rng=0)
    with pytest.raises(ValueError, match="activation"):
        network_signals([1.0], activation="softsign", rng=0)
    with pytest.raises(ValueError, match="c0"):
        network_signals([1.0], c0=1.5, rng=0)
    with pytest.raises(ValueError, match="widths"):
        length_ratios([16], 10)
    with pytest.raises(ValueError, match="residual"):
        length_ratios([16, 8], 10, residual=True)
    with pytest.raises(TypeError, match="residual"):
        length_ratios([16, 16], 10, residual=1)
    x = np.zeros((10, 3), dtype=np.float32)
    t = np.zeros(10, dtype=int)
    with pytest.raises(ValueError, match="x_test"):
        trainable_depth(x, t, np.zeros((10, 4)), t, [1.0], [1])
    with pytest.raises(ValueError, match="depths"):
        trainable_depth(x, t, x, t, [1.0], [])
