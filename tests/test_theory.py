"""Tests for weightinit.theory: closed forms, simulation, and a mutation the tests must catch."""

import math

import numpy as np
import pytest

from weightinit.activations import relu
from weightinit.theory import (
    chi_1,
    correlation_fixed_point,
    correlation_map,
    correlation_slope,
    critical_weight_variance,
    depth_scales,
    gaussian_expectation,
    length_fixed_point,
    length_map,
    length_slope,
    relu_log_ratio_moments,
    relu_shrink_probability,
)

SIGMA_W2 = np.array([0.5, 1.0, 2.0, 3.0])


def closed_form_errors(chi=chi_1) -> float:
    """Largest deviation of ``chi`` (chi_1) from the closed forms (ReLU, tanh, linear)."""
    relu = np.abs(chi(1.7, SIGMA_W2, "relu") - SIGMA_W2 / 2)
    tanh_edge = abs(float(chi(length_fixed_point(1.0, 0.0), 1.0, "tanh")) - 1.0)
    linear = np.abs(chi(0.3, SIGMA_W2, "linear") - SIGMA_W2)
    return float(max(relu.max(), tanh_edge, linear.max()))


def test_chi_1_matches_the_closed_forms():
    assert closed_form_errors() < 1e-9


def test_swapping_the_derivative_for_the_function_is_caught():
    """Mutation: chi_1 with phi instead of phi', sigma_w^2 E[phi(sqrt(q) z)^2], fails the check."""
    phi = {"relu": relu, "tanh": np.tanh, "linear": lambda u: u}

    def swapped(q, sigma_w2, activation):
        return sigma_w2 * gaussian_expectation(lambda u: phi[activation](u) ** 2, q)

    assert closed_form_errors(swapped) > 0.5


def test_tanh_critical_point_without_biases():
    assert float(length_fixed_point(1.0, 0.0)) < 1e-12
    assert float(critical_weight_variance(0.0)) == pytest.approx(1.0, abs=1e-6)
    q = length_fixed_point(1.3, 0.0)
    assert q > 0.1 and float(length_map(q, 1.3)) == pytest.approx(float(q), abs=1e-12)


def test_relu_maps_in_closed_form():
    q = np.array([0.2, 1.0, 5.0])
    assert np.allclose(length_map(q, 2.0, 0.3, "relu"), q + 0.3)
    # arc-cosine kernel at c = 0: E[relu(z1) relu(z2)] = 1 / (2 pi)
    assert float(correlation_map(0.0, 1.0, 2.0, 0.0, "relu")) == pytest.approx(1 / math.pi)
    assert float(correlation_slope(1.0, 1.0, 3.0, "relu")) == pytest.approx(1.5)
    assert float(critical_weight_variance(0.0, "relu")) == 2.0
    assert np.isnan(critical_weight_variance(0.1, "relu"))
    assert float(length_fixed_point(1.0, 0.5, "relu")) == pytest.approx(1.0)
    assert np.isinf(length_fixed_point(3.0, 0.5, "relu"))


def test_correlation_map_fixes_one_and_keeps_tanh_odd():
    assert np.allclose(correlation_map(1.0, np.array([0.1, 1.0, 4.0]), 2.5, 0.2), 1.0)
    assert abs(float(correlation_map(0.0, 1.0, 2.5, 0.0))) < 1e-12
    q = length_fixed_point(2.5, 0.2)
    assert float(correlation_slope(1.0, q, 2.5)) == pytest.approx(float(chi_1(q, 2.5)), rel=1e-9)


def test_length_slope_is_the_derivative_of_the_length_map():
    q, h = 0.8, 1e-5
    numeric = (length_map(q + h, 2.0, 0.1) - length_map(q - h, 2.0, 0.1)) / (2 * h)
    assert float(length_slope(q, 2.0)) == pytest.approx(float(numeric), rel=1e-6)


def test_depth_scales_are_the_decay_rates_of_the_maps():
    w, b = 1.5, 0.05  # ordered phase: c* = 1
    q_star = float(length_fixed_point(w, b))
    xi_q, xi_c = depth_scales(w, b)
    q, c = 1.01 * q_star, 0.999
    for _ in range(10):
        q_next = float(length_map(q, w, b))
        c_next = float(correlation_map(c, q_star, w, b))
        rate_q = (q_next - q_star) / (q - q_star)
        rate_c = (1 - c_next) / (1 - c)
        q, c = q_next, c_next
    assert rate_q == pytest.approx(math.exp(-1 / float(xi_q)), rel=1e-3)
    assert rate_c == pytest.approx(math.exp(-1 / float(xi_c)), rel=1e-2)


def test_both_depth_scales_diverge_where_their_maps_have_slope_one():
    # tanh, sigma_w^2 = 1, no biases: q* = 0, where both maps have slope tanh'(0)^2 = 1
    xi_q, xi_c = depth_scales(1.0, 0.0)
    assert np.isinf(xi_q) and np.isinf(xi_c)
    # with biases q* > 0, the length map's slope is below 1 and xi_q is finite
    xi_q, _ = depth_scales(1.0, 0.05)
    assert np.isfinite(xi_q) and 0 < float(xi_q) < 5


def test_xi_c_diverges_at_the_edge_of_chaos_and_c_star_drops_past_it():
    edge = float(critical_weight_variance(0.05))
    assert float(chi_1(length_fixed_point(edge, 0.05), edge)) == pytest.approx(1.0, abs=1e-9)
    assert edge == pytest.approx(1.76, abs=0.01)  # regression value of the bisection
    _, xi_c = depth_scales(np.array([edge - 0.5, edge - 0.01, edge + 0.01, edge + 0.5]), 0.05)
    assert xi_c[1] > 5 * xi_c[0] and xi_c[2] > 5 * xi_c[3]
    c_star = correlation_fixed_point(np.array([edge - 0.2, edge + 1.0]), 0.05)
    assert c_star[0] == 1.0 and 0 < c_star[1] < 0.9


def test_pytorch_tanh_gain_is_mildly_chaotic():
    w = (5 / 3) ** 2
    value = float(chi_1(length_fixed_point(w, 0.0), w))
    assert 1.15 < value < 1.25


def test_maps_agree_with_sampling():
    """Quadrature against 400,000 normal draws, within 5 standard errors."""
    rng = np.random.default_rng(0)
    n = 400_000
    z1, z2 = rng.standard_normal((2, n))
    q, c, w, b = 1.3, 0.6, 2.2, 0.1
    u1, u2 = math.sqrt(q) * z1, math.sqrt(q) * (c * z1 + math.sqrt(1 - c * c) * z2)
    for values, predicted in (
        (w * np.tanh(u1) ** 2 + b, length_map(q, w, b)),
        (w * np.tanh(u1) * np.tanh(u2) + b, correlation_map(c, q, w, b) * length_map(q, w, b)),
        (w * (1 - np.tanh(u1) ** 2) ** 2, chi_1(q, w)),
    ):
        assert abs(values.mean() - float(predicted)) < 5 * values.std() / math.sqrt(n)


def test_relu_log_ratio_moments_match_the_exact_and_first_order_laws():
    mean, var, dead = relu_log_ratio_moments(1)  # K = 1: ln(4 chi^2_1 / 1), given K >= 1
    # ln 2 + E ln chi^2_1 = ln 2 + (ln 2 + psi(1/2)) = ln 4 - gamma - 2 ln 2
    assert mean == pytest.approx(-0.5772156649)
    assert var == pytest.approx(math.pi**2 / 2) and dead == 0.5
    mean, var, _ = relu_log_ratio_moments(2000)
    assert var * 2000 == pytest.approx(5, rel=0.01) and mean * 2000 == pytest.approx(-2.5, rel=0.02)


def test_relu_log_ratio_moments_match_simulation():
    rng = np.random.default_rng(1)
    n, draws = 16, 200_000
    k = rng.binomial(n, 0.5, draws)
    k = k[k > 0]
    log_x = np.log(2 / n * rng.chisquare(k))
    mean, var, _ = relu_log_ratio_moments(n)
    assert abs(log_x.mean() - mean) < 5 * log_x.std() / math.sqrt(k.size)
    # the variance of a sample variance: (m4 - var**2) / draws
    m4 = np.mean((log_x - log_x.mean()) ** 4)
    assert abs(log_x.var() - var) < 5 * math.sqrt((m4 - var**2) / k.size)


def test_relu_shrink_probability_is_the_normal_law_of_the_summed_moments():
    mean, var, _ = relu_log_ratio_moments(16)
    # at the normal law's mean the probability is one half; one sd below, Phi(-1)
    mu, sd = 40 * mean, math.sqrt(40 * var)
    assert relu_shrink_probability(16, 40, mu) == pytest.approx(0.5, abs=1e-12)
    assert relu_shrink_probability(16, 40, mu - sd) == pytest.approx(0.158655254, abs=1e-8)
    # deeper networks shrink more often; wider ones less
    t = -math.log(10)
    assert relu_shrink_probability(16, 80, t) > relu_shrink_probability(16, 40, t)
    assert relu_shrink_probability(64, 40, t) < relu_shrink_probability(16, 40, t)
    with pytest.raises(ValueError, match=r"^depth must be"):
        relu_shrink_probability(16, 0, t)
    with pytest.raises(TypeError, match=r"^log_ratio must be"):
        relu_shrink_probability(16, 40, "tenfold")


def test_gaussian_expectation_of_a_polynomial_is_exact():
    assert float(gaussian_expectation(lambda u: u**6, 0.5)) == pytest.approx(15 * 0.5**3)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="activation"):
        chi_1(1.0, 1.0, "softsign")
    with pytest.raises(TypeError, match="activation"):
        length_map(1.0, 1.0, 0.0, 3)
    with pytest.raises(ValueError, match="q must be"):
        length_map(-1.0, 1.0)
    with pytest.raises(TypeError, match="sigma_w2"):
        chi_1(1.0, "big")
    with pytest.raises(ValueError, match="c must be"):
        correlation_map(1.5, 1.0, 1.0)
    with pytest.raises(TypeError, match="f must be callable"):
        gaussian_expectation(3, 1.0)
    with pytest.raises(ValueError, match="width"):
        relu_log_ratio_moments(0)
