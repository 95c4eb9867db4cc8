import math

import numpy as np
import pytest

from weightinit.experiments._weights import WEIGHT_NAMES, check_weight_name, draw_weights


@pytest.mark.parametrize(("name", "variance"), [("lecun", 1.0), ("he", 2.0), ("pytorch", 1 / 3)])
def test_scaled_weights_have_their_variance(name, variance):
    n_in, n_out = 400, 300
    w = draw_weights(name, (n_in, n_out), np.random.default_rng(0))
    target = variance / n_in
    # the sample variance of N entries has relative standard error about sqrt(2 / N)
    assert abs(w.var() / target - 1) < 5 * math.sqrt(2 / w.size)
    assert w.shape == (n_in, n_out) and w.dtype == np.float64


def test_pytorch_default_is_uniform_within_one_over_root_fan_in():
    w = draw_weights("pytorch", (100, 50), np.random.default_rng(1))
    bound = 1 / math.sqrt(100)
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.99 * bound  # and fills the interval


def test_orthogonal_with_gain():
    w = draw_weights("orthogonal", (30, 30), np.random.default_rng(2), gain=0.5)
    np.testing.assert_allclose(w.T @ w, 0.25 * np.eye(30), atol=1e-12)


def test_gain_scales_the_same_draw():
    a = draw_weights("he", (10, 10), np.random.default_rng(3))
    b = draw_weights("he", (10, 10), np.random.default_rng(3), gain=0.1)
    np.testing.assert_allclose(b, 0.1 * a)


def test_names():
    assert set(WEIGHT_NAMES) == {"lecun", "he", "pytorch", "orthogonal"}
    assert check_weight_name("he") == "he"
    with pytest.raises(ValueError, match="init must be one of"):
        check_weight_name("glorot")
    with pytest.raises(TypeError, match="branch must be a str"):
        check_weight_name(None, "branch")
