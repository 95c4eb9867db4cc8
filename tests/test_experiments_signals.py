import math

import numpy as np
import pytest

from weightinit.experiments import predict_moments
from weightinit.experiments.propagation.signals import (
    BOOK_SIZES,
    backward_through_weights,
    gain_fixed_point,
    signal_left,
)
from weightinit.network import MLP


def test_signal_left_halves_per_relu_layer_with_the_books_xavier():
    assert signal_left() == pytest.approx(0.5 ** (len(BOOK_SIZES) - 2), rel=1e-12)
    assert signal_left("he") == pytest.approx(1.0, rel=1e-12)
    assert signal_left("xavier-book", "relu", (10, 50, 50, 3)) == pytest.approx(0.25, rel=1e-12)


def test_signal_left_rejects_too_few_layers():
    with pytest.raises(ValueError, match="sizes"):
        signal_left(sizes=(10, 3))


def test_backward_factors_match_fan_out_for_hidden_layers():
    rng = np.random.default_rng(0)
    net = MLP((50, 400, 400, 10), "relu", "std=0.01", rng=1)
    x = rng.random((256, 50))
    factors = backward_through_weights(net, x, rng.integers(0, 10, 256))
    assert factors.fan_out.tolist() == [400, 10]
    # hidden layer: 400 x 400 weights, a random gradient: within a few percent of s * sqrt(400)
    assert factors.predicted[0] == pytest.approx(0.01 * 20, rel=0.02)
    assert factors.measured[0] == pytest.approx(factors.predicted[0], rel=0.05)
    # output layer: only 10 terms and a softmax gradient that sums to zero per row
    assert factors.predicted[1] == pytest.approx(0.01 * math.sqrt(10), rel=0.1)
    assert factors.measured[1] < 0.5 * factors.measured[0]


def test_backward_factors_agree_with_network_gradients():
    # the gradient of the first layer's weights, rebuilt from the returned factors' inputs
    rng = np.random.default_rng(2)
    net = MLP((6, 5, 4), "tanh", "xavier-book", rng=3, dtype=np.float64)
    x, t = rng.random((8, 6)), rng.integers(0, 4, 8)
    factors = backward_through_weights(net, x, t)
    z1 = x @ net.weights[0]
    logits = np.tanh(z1) @ net.weights[1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    delta = p - np.eye(4)[t]
    sent = delta @ net.weights[1].T
    expected = np.sqrt(np.mean(sent**2) / np.mean(delta**2))
    assert factors.measured[0] == pytest.approx(expected, rel=1e-12)


def test_backward_factors_validate():
    net = MLP((4, 3, 2), rng=0)
    with pytest.raises(TypeError, match="network"):
        backward_through_weights("net", np.zeros((2, 4)), [0, 1])
    with pytest.raises(ValueError, match="x must"):
        backward_through_weights(net, np.zeros((2, 5)), [0, 1])
    with pytest.raises(ValueError, match="t must"):
        backward_through_weights(net, np.zeros((2, 4)), [0, 2])
    with pytest.raises(ValueError, match="at least two"):
        backward_through_weights(MLP((4, 2), rng=0), np.zeros((2, 4)), [0, 1])


def test_tanh_gain_settles_forward_and_grows_backward():
    point = gain_fixed_point("tanh", 5 / 3, n_layers=60)
    # the fixed point solves v = g^2 E[tanh(z)^2]: one more layer leaves it unchanged
    again = predict_moments(1, 100, "xavier-book", "tanh", input_second_moment=1.0)
    assert again.pre_activation.shape == (1, 1)
    assert abs(point.forward[-1] - point.forward[-2]) < 1e-9
    assert 1.1 < point.variance < 1.3
    assert 1.15 < point.backward_factor < 1.25
    # without a gain tanh's variance keeps falling, towards 0, and the backward factor is 1
    plain = gain_fixed_point("tanh", 1.0, n_layers=60)
    assert plain.variance < 0.1 and np.all(np.diff(plain.forward) < 0)
    assert plain.backward_factor == pytest.approx(1.0, abs=0.05)


def test_gain_fixed_point_validates():
    with pytest.raises(ValueError, match="gain"):
        gain_fixed_point(gain=0.0)
    with pytest.raises(ValueError, match="n_layers"):
        gain_fixed_point(n_layers=1)
    with pytest.raises(TypeError, match=r"^n_layers must be an int"):
        gain_fixed_point(n_layers=3.0)
