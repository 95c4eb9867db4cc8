import math

import numpy as np
import pytest

from weightinit.experiments.normalization import BatchNormNetwork, compare_with_batchnorm
from weightinit.network import MLP, SGD, softmax_cross_entropy


@pytest.fixture(scope="module")
def task():
    rng = np.random.default_rng(0)
    x = rng.random((400, 12)).astype(np.float32)
    t = (x[:, :6].sum(axis=1) > x[:, 6:].sum(axis=1)).astype(np.intp)
    return x, t


def test_without_batchnorm_it_takes_the_mlps_steps(task):
    x, t = task
    sizes = (12, 16, 16, 2)
    ours = BatchNormNetwork(sizes, "he", np.random.default_rng(3), batchnorm=False)
    mlp = MLP(sizes, "relu", "he", rng=np.random.default_rng(3))
    for w_ours, w_mlp in zip(ours.weights, mlp.weights, strict=True):
        np.testing.assert_array_equal(w_ours, w_mlp)
    rows = np.random.default_rng(4).integers(0, len(t), (20, 32))
    for r in rows:
        a = ours.train_step(x[r], t[r], 0.05)
        b = mlp.train_step(x[r], t[r], SGD(lr=0.05))
        assert math.isclose(a, b, rel_tol=1e-5)
    for w_ours, w_mlp in zip(ours.weights, mlp.weights, strict=True):
        np.testing.assert_allclose(w_ours, w_mlp, rtol=1e-4, atol=1e-6)


def _loss(net, x, t):
    return softmax_cross_entropy(net._forward(x, training=True)[-1].astype(np.float64), t)[0]


def test_the_step_follows_the_gradient_through_batchnorm(task):
    x, t = task[0][:32], task[1][:32]
    net = BatchNormNetwork((12, 8, 8, 2), "he", np.random.default_rng(5))
    probes = [(net.weights[0], (2, 3)), (net.weights[1], (4, 1)), (net.batchnorms[0].gamma, (2,)),
              (net.batchnorms[1].beta, (5,)), (net.biases[2], (1,))]  # fmt: skip
    eps = 1e-2
    numeric = []
    for array, index in probes:
        saved = float(array[index])
        array[index] = saved + eps
        plus = _loss(net, x, t)
        array[index] = saved - eps
        minus = _loss(net, x, t)
        array[index] = saved
        numeric.append((plus - minus) / (2 * eps))
    before = [float(array[index]) for array, index in probes]
    lr = 1e-3
    net.train_step(x, t, lr)
    analytic = [
        (b - float(array[index])) / lr for b, (array, index) in zip(before, probes, strict=True)
    ]
    np.testing.assert_allclose(analytic, numeric, rtol=0.05, atol=2e-3)


def test_batchnorm_makes_the_hidden_layers_blind_to_the_weight_scale(task):
    x = task[0][:64]
    small = BatchNormNetwork((12, 16, 16, 2), "std=0.01", np.random.default_rng(6))
    large = BatchNormNetwork((12, 16, 16, 2), "he", np.random.default_rng(6))
    for bn in (*small.batchnorms, *large.batchnorms):
        bn.eps = 1e-12  # the only place the scale enters: sqrt(var + eps)
    hidden_small = [h.copy() for h in small._forward(x, training=True)[:-1]]
    hidden_large = large._forward(x, training=True)[:-1]
    for a, b in zip(hidden_small, hidden_large, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-4)
    plain = BatchNormNetwork((12, 16, 16, 2), "std=0.01", np.random.default_rng(6), False)
    assert plain._forward(x, training=True)[1].std() < 1e-3


def test_std_001_learns_only_with_batchnorm(task):
    x, t = task
    kwargs = {"inits": ("std=0.01", "he"), "hidden": (16, 16), "lr": 0.1, "iterations": 200,
              "seeds": (0, 1), "x_test": x, "t_test": t}  # fmt: skip
    plain = compare_with_batchnorm(x, t, batchnorm=False, **kwargs)
    normed = compare_with_batchnorm(x, t, batchnorm=True, **kwargs)
    assert plain.losses["he"].shape == (2, 200)
    assert np.all(np.abs(plain.final_loss()["std=0.01"] - math.log(2)) < 0.01)
    assert np.all(normed.final_loss()["std=0.01"] < 0.8 * math.log(2))
    assert normed.settings["batchnorm"] is True and np.all(normed.test_accuracy["he"] > 0.6)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"inits": ()}, ValueError, "inits"),
        ({"seeds": (-1,)}, ValueError, "seeds"),
        ({"batchnorm": 1}, TypeError, "batchnorm"),
        ({"lr": 0.0}, ValueError, "lr"),
        ({"iterations": 0}, ValueError, "iterations"),
        ({"n_classes": 1}, ValueError, "n_classes"),
        ({"x_test": np.ones((2, 12))}, ValueError, "together"),
    ],
)
def test_validation(task, kwargs, error, match):
    with pytest.raises(error, match=match):
        compare_with_batchnorm(*task, **kwargs)
