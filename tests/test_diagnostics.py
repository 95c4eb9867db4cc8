"""weightinit.diagnostics: the per-layer checks, on networks whose answers are known."""

import math

import numpy as np
import pytest

from weightinit.diagnostics import (
    Diagnostics,
    dead_share,
    diagnose,
    diagnose_network,
    saturated_share,
    track_training,
    update_ratio,
)
from weightinit.network import MLP, SGD


def batch(n=64, n_in=5, n_classes=3, seed=0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_in)), np.arange(n) % n_classes


STRINGS = [["a"] * 5] * 10


def NET():
    return MLP((5, 3), rng=0)


def t10():
    return np.arange(10) % 3


def nan_x():
    x = batch()[0]
    x[3, 2] = np.nan
    return x


def test_saturation_thresholds_are_strict_and_per_activation():
    assert saturated_share([-0.98, -0.97, 0.0, 0.97, 0.971], "tanh") == pytest.approx(2 / 5)
    assert saturated_share([0.019, 0.02, 0.5, 0.98, 0.981], "sigmoid") == pytest.approx(2 / 5)
    assert math.isnan(saturated_share([0.0, 5.0], "relu"))


def test_dead_share_counts_units_zero_on_every_sample():
    h = np.array([[0.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    assert dead_share(h) == pytest.approx(2 / 4)  # units 0 and 3


def test_update_ratio_of_a_gradient_proportional_to_the_weights():
    w = np.random.default_rng(0).standard_normal((30, 20))
    assert update_ratio(0.05, 0.02 * w, w) == pytest.approx(math.log10(0.05 * 0.02))


def test_zero_last_layer_gives_chance_loss_and_the_known_logit_gradient():
    # Logits all zero: p = 1/C for every class, L = ln C, dL/ds = (1/C - onehot) / N.
    x, t = batch(n=40, n_classes=4)
    net = MLP((5, 6, 4), "tanh", "xavier-book", rng=1)
    net.weights[-1][...] = 0.0
    d = diagnose_network(net, x, t)
    assert d.loss == pytest.approx(math.log(4), abs=1e-12)
    assert d.chance_loss == pytest.approx(math.log(4))
    expected = (np.full((40, 4), 0.25) - np.eye(4)[t]) / 40
    assert d.gradient_std[-1] == pytest.approx(expected.std(), rel=1e-12)
    # dL/dh of the hidden layer is dL/ds @ W^T = 0: no gradient reaches below
    assert d.gradient_std[0] == 0.0 and d.grad_to_weight[0] == 0.0
    assert math.isnan(d.grad_to_weight[-1])  # constant weights: the ratio is undefined
    assert d.mean[-1] == 0.0 and d.std[-1] == 0.0


def test_a_relu_unit_with_a_negative_weight_on_positive_inputs_is_dead():
    x = np.abs(batch(n=30, n_in=2)[0]) + 0.1
    net = MLP((2, 2, 2), "relu", "he", rng=0)
    net.weights[0][...] = [[1.0, -1.0], [1.0, -1.0]]  # unit 1 gets -(x1 + x2) < 0
    d = diagnose_network(net, x, np.zeros(30, dtype=int))
    assert d.dead[0] == 0.5
    np.testing.assert_allclose(d.mean[0], np.mean(np.c_[x.sum(axis=1), np.zeros(30)]))
    assert math.isnan(d.saturated[0]) and math.isnan(d.dead[-1])


def test_large_tanh_weights_saturate_and_small_ones_do_not():
    x, t = batch(n=200, n_in=50)
    big = diagnose_network(MLP((50, 50, 3), "tanh", "std=1", rng=0), x, t)
    small = diagnose_network(MLP((50, 50, 3), "tanh", "std=0.01", rng=0), x, t)
    # std 1 on 50 inputs of variance 1: z ~ N(0, 50), |z| > artanh(0.97) = 2.09 for ~77 %
    assert 0.7 < big.saturated[0] < 0.84
    assert small.saturated[0] == 0.0


def test_gradients_agree_with_the_network_and_with_a_linear_chain():
    x, t = batch()
    net = MLP((5, 7, 6, 3), "linear", "xavier-book", rng=2)
    d = diagnose_network(net, x, t, lr=0.1)
    own = net.gradients(x, t).weights
    for w, g, ratio in zip(net.weights, own, d.update_ratio, strict=True):
        assert ratio == pytest.approx(math.log10(0.1 * g.std() / w.std()), abs=1e-5)
    # linear layers: dL/dh1 = dL/ds W3^T W2^T
    w2, w3 = (w.astype(np.float64) for w in net.weights[1:])
    h = x @ net.weights[0].astype(np.float64) @ w2 @ w3
    p = np.exp(h - h.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    ds = (p - np.eye(3)[t]) / len(t)
    assert d.gradient_std[0] == pytest.approx((ds @ w3.T @ w2.T).std(), rel=1e-10)


def test_the_table_prints_every_layer_and_the_chance_loss():
    x, t = batch()
    text = str(diagnose_network(MLP((5, 4, 4, 3), "relu", "he", rng=0), x, t, lr=0.01))
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["layer", "mean", "std"]
    assert [line.split()[0] for line in lines[2:5]] == ["1", "2", "output"]
    assert lines[2].split()[3] == "–"  # no saturation for a ReLU
    assert f"ln C = {math.log(3):.3f}" in lines[-1]


def test_training_trace_records_the_update_each_step_made():
    x, t = batch(n=300, n_in=10)
    net = MLP((10, 20, 20, 3), "sigmoid", "xavier-book", rng=0)
    trace = track_training(net, x, t, SGD(lr=0.5), steps=4, batch_size=50, bins=10, rng=1)
    assert trace.histograms.shape == (4, 2, 10)
    assert np.all(trace.histograms.sum(axis=2) == 50 * 20)  # every output counted once
    np.testing.assert_allclose(trace.edges[[0, -1]], [0.0, 1.0])
    # plain SGD: the update made is lr * gradient, up to float32 rounding of W - lr g
    predicted = np.array([step.update_ratio for step in trace.steps])
    np.testing.assert_allclose(trace.update_ratio, predicted, atol=0.01)
    assert trace.loss[0] == pytest.approx(trace.steps[0].loss, rel=1e-5)
    assert isinstance(trace.steps[0], Diagnostics) and trace.steps[0].outputs == ()


def test_std_factors_are_the_ratios_of_consecutive_hidden_layers():
    w = [np.eye(2)] * 4
    h = [np.array([[1.0, -1.0], [1.0, -1.0]]) * s for s in (1.0, 2.0, 6.0)] + [np.ones((2, 1))]
    d = diagnose(w, h, activation="tanh")
    np.testing.assert_allclose(d.std_factors(), [2.0, 3.0])  # the logits' std is left out


def test_share_within_counts_each_hidden_layers_outputs_in_the_closed_interval():
    h = [np.array([[0.0, 0.5, 1.0, 0.2]]), np.array([[0.5, 0.5, 0.9, 0.1]]), np.ones((1, 2))]
    d = diagnose([np.eye(4), np.eye(4), np.ones((4, 2))], h, activation="sigmoid")
    np.testing.assert_allclose(d.share_within(0.2, 0.5), [0.5, 0.5])  # both ends included
    np.testing.assert_allclose(d.share_within(0.0, 0.0), [0.25, 0.0])
    with pytest.raises(ValueError, match=r"^low must be at most high=0.1"):
        d.share_within(0.2, 0.1)
    with pytest.raises(ValueError, match=r"^outputs must be kept"):
        Diagnostics(**{**d.__dict__, "outputs": ()}).share_within(0.0, 1.0)


def test_backward_factors_of_a_sigmoid_network():
    x, t = batch(n=400, n_in=30)
    net = MLP((30, 80, 80, 80, 3), "sigmoid", "std=1", rng=0)
    d = diagnose_network(net, x, t)
    measured, weights, slopes_of = d.backward_factors(net.weights)
    np.testing.assert_allclose(measured, d.gradient_std[:2] / d.gradient_std[1:3])
    # sqrt(n_out) std(W): 80 outputs for the second and third weight matrices, std 1 each
    w64 = [w.astype(np.float64) for w in net.weights]
    np.testing.assert_allclose(weights, [math.sqrt(80) * w.std() for w in w64[1:3]])
    # the sigmoid's slope from its output, h (1 - h)
    slopes = [np.sqrt(np.mean((h * (1 - h)) ** 2)) for h in d.outputs[1:3]]
    np.testing.assert_allclose(slopes_of, slopes)
    with pytest.raises(ValueError, match=r"^weights must hold 4"):
        d.backward_factors(net.weights[:3])
    h = [np.ones((3, 2))] * 3
    no_gradients = diagnose([np.eye(2), np.eye(2), np.eye(2)], h, activation="sigmoid")
    with pytest.raises(ValueError, match=r"^gradient_std must be measured"):
        no_gradients.backward_factors([np.eye(2)] * 3)


def test_edge_share_counts_the_outer_bins_of_each_step_and_layer():
    x, t = batch(n=300, n_in=10)
    net = MLP((10, 20, 20, 3), "sigmoid", "std=1", rng=0)
    trace = track_training(net, x, t, SGD(lr=0.5), steps=3, batch_size=50, bins=10, rng=1)
    counts = trace.histograms
    expected = (counts[:, :, 0] + counts[:, :, -1]) / counts.sum(axis=2)
    np.testing.assert_allclose(trace.edge_share(1), expected)
    np.testing.assert_allclose(trace.edge_share(5), 1.0)  # half the bins each side: every output
    assert trace.edge_share().shape == (3, 2)
    with pytest.raises(ValueError, match=r"^bins must be at most half the 10 bins"):
        trace.edge_share(6)
    with pytest.raises(TypeError, match=r"^bins must be"):
        trace.edge_share(1.5)


def test_diagnose_on_plain_arrays_from_another_framework():
    w = [np.ones((2, 3)) * [1.0, 2.0, 3.0], np.array([[1.0], [-1.0], [2.0]])]
    h = [np.array([[1.0, 0.0, 3.0], [1.0, 0.0, 5.0]]), np.array([[7.0], [11.0]])]
    d = diagnose(w, h, activation="relu", weight_gradients=[0.1 * w[0], 0.2 * w[1]], lr=1.0)
    assert d.dead[0] == pytest.approx(1 / 3)
    np.testing.assert_allclose(d.grad_to_weight, [0.1, 0.2])
    np.testing.assert_allclose(d.update_ratio, np.log10([0.1, 0.2]))
    assert d.n_classes == 1 and math.isnan(d.loss) and np.all(np.isnan(d.gradient_std))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: diagnose_network("net", *batch()), TypeError, "net must be an MLP"),  # type: ignore[arg-type]
        (
            lambda: diagnose_network(MLP((5, 4, 3), batchnorm=True, rng=0), *batch()),
            ValueError,
            "net must not use batch normalization",
        ),
        (lambda: diagnose_network(MLP((4, 3), rng=0), *batch()), ValueError, "x must have"),
        (lambda: diagnose([np.ones((2, 2))], "h", activation="relu"), TypeError, "outputs"),
        (lambda: diagnose([], [], activation="relu"), ValueError, "weights must hold"),
        (
            lambda: diagnose([np.eye(2)], [np.ones((3, 2)), np.ones((3, 2))], activation="relu"),
            ValueError,
            "outputs must hold 1",
        ),
        (
            lambda: diagnose([np.eye(2)], [np.ones((3, 2))], activation="relu", lr=0.1),
            ValueError,
            "lr must come with weight_gradients",
        ),
        (
            lambda: diagnose(
                [np.eye(2)], [np.ones((3, 2))], activation="relu", weight_gradients=[np.ones(2)]
            ),
            ValueError,
            r"weight_gradients\[0\] must have shape",
        ),
        (lambda: update_ratio(0.1, [1.0, 2.0], [1.0, 1.0]), ValueError, "weight must not be"),
        (lambda: diagnose([np.eye(2)], [[["a"]]], activation="relu"), TypeError, r"outputs\[0\]"),
        (
            lambda: diagnose([np.eye(2)], [np.ones((3, 2))], activation="softsign"),
            ValueError,
            "softsign",
        ),
        (lambda: update_ratio(-1.0, [1.0, 2.0], [1.0, 2.0]), ValueError, "lr must be positive"),
        (lambda: update_ratio(0.1, [1.0], [1.0, 2.0]), ValueError, "gradient must have"),
        (lambda: dead_share([1.0, 0.0]), ValueError, "h must have shape"),
        (lambda: saturated_share([np.nan], "tanh"), ValueError, "h must hold only finite"),
        (
            lambda: track_training(MLP((5, 3), rng=0), *batch(), optimizer=0.1),  # type: ignore[arg-type]
            TypeError,
            "optimizer must be an SGD",
        ),
        (
            lambda: track_training(MLP((5, 3), rng=0), *batch(n=10), SGD(), batch_size=20),
            ValueError,
            "batch_size must be at most n_samples=10",
        ),
        (
            lambda: track_training(NET(), *batch(), SGD(), value_range=(1.0, 0.0), batch_size=8),
            ValueError,
            "value_range must be",
        ),
        (lambda: track_training(MLP((5, 3), rng=0), *batch(), SGD(), steps=0), ValueError, "steps"),
        # x: not real numbers, or not finite, named as x (not as a layer's outputs)
        (lambda: diagnose_network(MLP((5, 3), rng=0), STRINGS, t10()), TypeError, "x must"),
        (lambda: diagnose_network(MLP((5, 3), rng=0), batch()[0] + 1j, batch()[1]), TypeError, "x"),
        (lambda: diagnose_network(MLP((5, 3), rng=0), nan_x(), batch()[1]), ValueError, "x must"),
        (lambda: diagnose_network(MLP((5, 3), rng=0), [[0.0] * 5, [0.0]], [0, 1]), ValueError, "x"),
        (
            lambda: track_training(MLP((5, 3), rng=0), STRINGS, t10(), SGD(), batch_size=5),
            TypeError,
            "x must be a real array",
        ),
        (
            lambda: track_training(MLP((5, 3), rng=0), nan_x(), batch()[1], SGD(), batch_size=8),
            ValueError,
            "x must hold only finite",
        ),
        (
            lambda: track_training(NET(), *batch(), SGD(), value_range=(1.0,), batch_size=8),  # type: ignore[arg-type]
            ValueError,
            "value_range must be a pair",
        ),
        (
            lambda: track_training(NET(), *batch(), SGD(), value_range=1.0, batch_size=8),  # type: ignore[arg-type]
            TypeError,
            "value_range must be a sequence",
        ),
    ],
)
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
