import math

import numpy as np
import pytest

import weightinit as wi
from weightinit.distributions import uniform
from weightinit.experiments.training.gradients import (
    LayerSignals,
    layer_signals,
    track_signals,
)
from weightinit.fans import compute_fans
from weightinit.network import MLP
from weightinit.schemes import get_scheme

pytestmark = pytest.mark.usefixtures("one_blas_thread")


def test_glorot_uniform_has_the_normalized_bound_and_variance():
    w = get_scheme("glorot-uniform")((300, 500), rng=0)
    assert np.abs(w).max() <= math.sqrt(6 / 800)
    assert w.var() * 400 == pytest.approx(1.0, rel=0.01)  # 150,000 draws


def test_layer_signals_match_the_networks_own_gradients():
    rng = np.random.default_rng(0)
    x, t = rng.random((40, 6)), rng.integers(0, 4, 40)
    net = MLP((6, 9, 7, 4), "tanh", "xavier-book", rng=1)
    signals = layer_signals(net, x, t)
    grads = net.gradients(x, t)
    assert isinstance(signals, LayerSignals)
    assert signals.loss == pytest.approx(grads.loss, rel=1e-5)
    for mine, theirs in zip(signals.weight_gradients, grads.weights, strict=True):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)
    # per-sample dL_i/dz summed over the batch and divided by N is the bias gradient
    for delta, bias_grad in zip(signals.gradients, grads.biases[:-1], strict=True):
        np.testing.assert_allclose(delta.sum(axis=0) / 40, bias_grad, atol=1e-6)
    assert [a.shape for a in signals.activations] == [(40, 9), (40, 7)]
    np.testing.assert_allclose(signals.activations[0], np.tanh(x @ net.weights[0]), atol=1e-6)


def test_glorot_and_bengios_observation_at_initialization(digits):
    track = track_signals(*digits, steps=1, probe=500)
    standard, normalized = track.initial["pytorch"], track.initial["glorot-uniform"]
    g = standard.spread("gradients")
    factors = g[:-1] / g[1:]
    # standard: each layer down shrinks the gradient by about sqrt(n Var W) = 1/sqrt(3)
    assert np.all(np.abs(factors - 1 / math.sqrt(3)) < 0.08)
    h = normalized.spread("gradients")
    assert np.all((h[:-1] / h[1:] > 0.8) & (h[:-1] / h[1:] < 1.25))
    # the weight gradients of the standard network are level although its deltas are not
    w = standard.spread("weight_gradients")[:5]
    assert w.max() / w.min() < 1.25 and g.max() / g.min() > 5


def test_wrong_fans_break_the_normalized_band(digits):
    def glorot_summed_fans(shape, *, rng, dtype):  # the fans summed: n = n_in + n_out
        fan_in, fan_out = compute_fans(shape)
        bound = math.sqrt(3 / (fan_in + fan_out))  # variance 1/(n_in + n_out), half of Glorot's
        return uniform(shape, -bound, bound, rng=rng, dtype=dtype)

    track = track_signals(*digits, inits=(glorot_summed_fans,), steps=1, probe=500)
    h = track.initial["glorot_summed_fans"].spread("gradients")
    assert not np.all(h[:-1] / h[1:] > 0.8)


def test_track_records_losses_and_both_stages(digits):
    track = track_signals(*digits, inits=("pytorch", "glorot"), hidden=(20, 20), steps=30)
    assert set(track.initial) == set(track.trained) == {"pytorch", "glorot"}
    assert track.losses["glorot"].shape == (30,)
    assert track.trained["glorot"].loss < track.initial["glorot"].loss
    assert track.settings["sizes"] == (digits[0].shape[1], 20, 20, 10)


def test_arguments_are_validated():
    net = MLP((4, 3, 2), "tanh", "xavier-book", rng=0)
    with pytest.raises(TypeError, match="net"):
        layer_signals("net", np.ones((2, 4)), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples >= 1, 4\)"):
        layer_signals(net, np.ones((2, 5)), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match="quantity"):
        layer_signals(net, np.ones((2, 4)), np.zeros(2, dtype=int)).spread("weights")
    with pytest.raises(ValueError, match=r"^seed must be a non-negative int"):
        track_signals(np.ones((4, 4)), np.zeros(4, dtype=int), seed=-1)
    with pytest.raises(TypeError, match=r"^probe must be an int"):
        track_signals(np.ones((4, 4)), np.zeros(4, dtype=int), probe=2.0)


def test_glorot_uniform_is_the_packages_glorot_uniform():
    np.testing.assert_array_equal(
        get_scheme("glorot-uniform")((30, 20), rng=4), wi.glorot_uniform((30, 20), rng=4)
    )
