import math

import numpy as np
import pytest

import weightinit.initializers
from weightinit.experiments.propagation.isometry import (
    JacobianSpectra,
    NormDrift,
    jacobian_spectra,
    norm_drift,
)


def test_linear_jacobian_is_the_product_of_the_weights():
    spectra = jacobian_spectra((2,), width=6, init="lecun-untruncated", rng=3)
    rng = np.random.default_rng(3)  # the experiment's draws, in order: the input, then W1, W2
    rng.standard_normal(6)
    draw = weightinit.initializers.variance_scaling
    w1 = draw((6, 6), 1.0, "fan_in", "untruncated_normal", rng=rng)
    w2 = draw((6, 6), 1.0, "fan_in", "untruncated_normal", rng=rng)
    expected = np.linalg.svd(w1 @ w2, compute_uv=False)
    np.testing.assert_allclose(spectra.singular_values[0], expected)


def test_tanh_jacobian_matches_finite_differences():
    # Rebuild the network from the same draws and differentiate it numerically.
    width, depth, std = 5, 3, 0.7
    spectra = jacobian_spectra((depth,), width, "lecun-untruncated", "tanh", input_std=std, rng=11)
    rng = np.random.default_rng(11)
    h0 = std * rng.standard_normal(width)
    draw = weightinit.initializers.variance_scaling
    weights = [draw((width, width), 1.0, "fan_in", "untruncated_normal", rng=rng)]
    weights += [draw((width, width), 1.0, "fan_in", "untruncated_normal", rng=rng)]
    weights += [draw((width, width), 1.0, "fan_in", "untruncated_normal", rng=rng)]

    def net(h):
        for w in weights:
            h = np.tanh(h @ w)
        return h

    eps = 1e-6
    jac = np.array([(net(h0 + eps * e) - net(h0 - eps * e)) / (2 * eps) for e in np.eye(width)])
    np.testing.assert_allclose(
        spectra.singular_values[0], np.linalg.svd(jac, compute_uv=False), rtol=1e-6
    )


def test_orthogonal_linear_network_is_an_exact_isometry():
    spectra = jacobian_spectra((1, 4, 16), 40, "orthogonal", "linear", n_networks=2, rng=0)
    assert spectra.singular_values.shape == (3, 80)
    np.testing.assert_allclose(spectra.singular_values, 1.0, atol=1e-10)
    np.testing.assert_allclose(spectra.spread(), 0.0, atol=1e-10)


def test_gaussian_spread_grows_with_depth():
    spectra = jacobian_spectra((1, 4, 16), 40, "lecun-untruncated", "linear", n_networks=2, rng=0)
    spread = spectra.spread()
    assert np.all(np.diff(spread) > 0.5)
    assert spread[-1] > 5


def test_orthogonal_tanh_stays_close_to_isometry_near_the_linear_regime():
    kwargs = {"input_std": 0.1, "n_networks": 2, "rng": 1}
    orth = jacobian_spectra((1, 4, 16), 40, "orthogonal", "tanh", **kwargs).spread()
    gauss = jacobian_spectra((1, 4, 16), 40, "lecun-untruncated", "tanh", **kwargs).spread()
    assert np.all(orth < 0.1)
    assert np.all(gauss > 10 * orth)


def test_page_checks_fail_for_gaussian_weights():
    # The page asserts that all singular values of the orthogonal linear network are 1 and
    # that orthogonal weights keep the norm; both checks must fail for the package's Gaussian
    # weights of the same variance (LeCun's normal), else they could not tell the two apart.
    spectra = jacobian_spectra((1, 4), 40, "lecun-untruncated", "linear", rng=0)
    assert not np.allclose(spectra.singular_values, 1.0, atol=1e-10)
    drift = norm_drift((4, 16), 40, "lecun-untruncated", n_networks=5, rng=0)
    assert np.abs(drift.log_ratios).max() > 1e-2


def test_spread_of_known_values():
    values = np.array([[1.0, 10.0, 100.0, 1000.0, 10000.0]])
    spectra = JacobianSpectra((1,), values, "lecun-untruncated", "linear")
    np.testing.assert_allclose(spectra.spread(0.0, 1.0), [4.0])
    np.testing.assert_allclose(spectra.spread(0.25, 0.75), [2.0])
    with pytest.raises(ValueError, match="low and high"):
        spectra.spread(0.9, 0.1)


def test_norm_drift_matches_the_chi_square_prediction():
    n_networks, width = 400, 40
    drift = norm_drift((4, 16), width, "lecun-untruncated", n_networks=n_networks, rng=0)
    assert isinstance(drift, NormDrift)
    mean, std = drift.predicted()
    np.testing.assert_allclose(std, np.sqrt(2 * np.array([4, 16]) / width))
    # Sampling error of a standard deviation from N runs: about std / sqrt(2 N); allow 5 of it
    # plus the first-order error of the prediction (terms of order 1/n^2 per layer).
    assert np.all(np.abs(drift.std - std) < 5 * std / math.sqrt(2 * n_networks) + 0.05 * std)
    assert np.all(np.abs(drift.mean - mean) < 5 * std / math.sqrt(n_networks))
    assert drift.mean[1] < 0  # the typical network shrinks the signal


def test_norm_drift_of_relu_layers_matches_the_he_prediction():
    n_networks, width = 400, 64
    drift = norm_drift((4, 16), width, "he", activation="relu", n_networks=n_networks, rng=0)
    assert drift.activation == "relu"
    mean, std = drift.predicted()
    np.testing.assert_allclose(mean, -5 * np.array([4, 16]) / (2 * width))
    np.testing.assert_allclose(std, np.sqrt(5 * np.array([4, 16]) / width))
    # as for the linear layers: 5 sampling errors plus the first-order error (order 1/n)
    assert np.all(np.abs(drift.std - std) < 5 * std / math.sqrt(2 * n_networks) + 0.1 * std)
    assert np.all(np.abs(drift.mean - mean) < 5 * std / math.sqrt(n_networks) + 0.1 * np.abs(mean))
    # the same seed without the ReLU spreads less: 2/n per layer against 5/n
    linear = norm_drift((4, 16), width, "lecun-untruncated", n_networks=n_networks, rng=0)
    assert np.all(linear.std < drift.std)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"activation": "tanh"}, ValueError, "activation must be one of"),
        ({"activation": 1}, TypeError, "activation must be a str"),
        (
            {"activation": "relu", "init": "lecun-untruncated"},
            ValueError,
            r"init .*relu.* must be one of",
        ),
    ],
)
def test_norm_drift_validates_the_activation(kwargs, error, match):
    with pytest.raises(error, match=match):
        norm_drift((1,), 4, **kwargs)


def test_norm_drift_of_orthogonal_weights_is_zero():
    drift = norm_drift((1, 8, 32), 30, "orthogonal", n_networks=3, rng=0)
    np.testing.assert_allclose(drift.log_ratios, 0.0, atol=1e-12)


def test_reproducible_with_a_seed():
    a = jacobian_spectra((1, 2), 10, rng=5).singular_values
    np.testing.assert_array_equal(a, jacobian_spectra((1, 2), 10, rng=5).singular_values)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"depths": ()}, ValueError, "depths"),
        ({"depths": (4, 2)}, ValueError, "strictly increasing"),
        ({"depths": (0,)}, ValueError, "each entry of depths must be a positive int"),
        ({"depths": (1.0,)}, TypeError, "each entry of depths must be an int"),
        ({"width": 8.0}, TypeError, "width must be an int"),
        ({"width": 0}, ValueError, "width"),
        ({"init": "nope"}, ValueError, "init must be one of"),
        ({"init": 3}, TypeError, "init must be a str"),
        ({"activation": "relu"}, ValueError, "activation"),
        ({"input_std": 0.0}, ValueError, "input_std"),
        ({"n_networks": 0}, ValueError, "n_networks"),
        ({"rng": "x"}, TypeError, "rng"),
    ],
)
def test_jacobian_spectra_validates(kwargs, error, match):
    with pytest.raises(error, match=match):
        jacobian_spectra(**kwargs)


def test_norm_drift_needs_two_networks():
    with pytest.raises(ValueError, match="n_networks must be an int >= 2"):
        norm_drift((1,), 4, n_networks=1)
