import math

import numpy as np
import pytest

from weightinit.experiments.training.normalization import compare_with_batchnorm
from weightinit.network import MLP, SGD


@pytest.fixture(scope="module")
def task():
    rng = np.random.default_rng(0)
    x = rng.random((400, 12)).astype(np.float32)
    t = (x[:, :6].sum(axis=1) > x[:, 6:].sum(axis=1)).astype(np.intp)
    return x, t


def test_the_networks_differ_only_by_the_layer(task):
    x, t = task
    kwargs = {"inits": ("he",), "hidden": (8,), "lr": 0.05, "iterations": 5, "seeds": (3,)}
    plain = compare_with_batchnorm(x, t, batchnorm=False, **kwargs)
    # without batch normalization: the steps of the MLP itself, from the same draws
    weight_seed, batch_seed = np.random.SeedSequence(3).spawn(2)
    net = MLP((12, 8, 2), "relu", "he", rng=np.random.default_rng(weight_seed))
    rows = np.random.default_rng(batch_seed).integers(0, len(t), (5, 128))
    expected = [net.train_step(x[r], t[r], SGD(lr=0.05)) for r in rows]
    np.testing.assert_allclose(plain.losses["he"][0], expected, rtol=1e-6)


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
        ({"inits": "he"}, TypeError, "inits must be a sequence"),
        ({"hidden": (10.0,)}, TypeError, "each entry of hidden must be an int"),
        ({"batch_size": 8.0}, TypeError, "batch_size must be an int"),
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
