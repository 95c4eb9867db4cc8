import math

import numpy as np
import pytest

from weightinit.experiments.training.deep_relu import (
    DEEP_RELU_STARTS,
    DeepReluStarts,
    compare_deep_relu_starts,
)


@pytest.fixture(scope="module")
def task():
    rng = np.random.default_rng(0)
    x = rng.random((400, 16)).astype(np.float32)
    t = (x[:, :8].sum(axis=1) > x[:, 8:].sum(axis=1)).astype(int)
    return x, t


@pytest.fixture(scope="module")
def runs(task):
    return compare_deep_relu_starts(*task, depth=12, width=32, iterations=150, lr=0.02)


def test_shapes_and_settings(runs):
    assert isinstance(runs, DeepReluStarts)
    assert list(runs.losses) == list(DEEP_RELU_STARTS)
    assert all(v.shape == (13,) for v in runs.initial_variances.values())
    assert all(v.shape == (150,) for v in runs.losses.values())
    assert runs.settings["sizes"] == (16, *[32] * 12, 2)


def test_initial_variances(runs):
    v = runs.initial_variances
    # PyTorch's default: each ReLU layer keeps 1/6 of the variance, so 12 layers lose ~6^12.
    assert v["pytorch"][-1] < 1e-6 * v["pytorch"][0]
    assert np.all(np.abs(v["lsuv"] - 1) < 0.1)
    assert 1e-2 < v["he"][-1] < 1e2


def test_pytorch_default_does_not_learn_and_the_others_do(runs):
    final = runs.final_loss(30)
    assert abs(final["pytorch"] - math.log(2)) < 0.01
    assert final["he"] < 0.9 * math.log(2) and final["lsuv"] < 0.9 * math.log(2)


def test_reproducible(task):
    a = compare_deep_relu_starts(*task, starts=("lsuv",), depth=3, width=8, iterations=5)
    b = compare_deep_relu_starts(*task, starts=("lsuv",), depth=3, width=8, iterations=5)
    np.testing.assert_array_equal(a.losses["lsuv"], b.losses["lsuv"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"starts": ("nope",)}, ValueError, "starts"),
        ({"starts": "he"}, TypeError, "starts"),
        ({"depth": 0}, ValueError, "depth"),
        ({"depth": 2.0}, TypeError, "depth"),
        ({"iterations": 0}, ValueError, "iterations"),
        ({"batch_size": 8.0}, TypeError, "batch_size"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": True}, TypeError, "seed"),
        ({"n_classes": 1}, ValueError, "t must be below n_classes=1"),
    ],
)
def test_validation(task, kwargs, error, match):
    with pytest.raises(error, match=match):
        compare_deep_relu_starts(*task, **kwargs)
