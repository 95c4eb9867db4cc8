import math

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import weightinit as wi
from weightinit._threads import BLAS_VARIABLES
from weightinit.experiments.training.mnist import (
    Comparison,
    compare_initializers,
    compare_over_seeds,
    initial_gradient_scales,
    moving_average,
    seed_streams,
)
from weightinit.network import MLP
from weightinit.schemes import get_scheme


def blobs(n=600, n_features=20, n_classes=4, seed=0):
    """Separable clusters: a deep ReLU network can learn them in a few hundred steps."""
    rng = np.random.default_rng(seed)
    centres = rng.random((n_classes, n_features))
    labels = rng.integers(0, n_classes, n)
    x = centres[labels] + 0.1 * rng.standard_normal((n, n_features))
    return np.clip(x, 0, 1).astype(np.float32), labels


SMALL = {"hidden": (32, 32, 32, 32), "lr": 0.05, "batch_size": 32, "iterations": 400}


def test_losses_have_one_value_per_iteration_and_settings_are_recorded():
    x, t = blobs()
    result = compare_initializers(x, t, **SMALL)
    assert isinstance(result, Comparison)
    assert list(result.losses) == ["std=0.01", "xavier-book", "he"]
    assert all(v.shape == (400,) and np.all(np.isfinite(v)) for v in result.losses.values())
    assert result.test_accuracy == {}
    assert result.settings["sizes"] == (20, 32, 32, 32, 32, 4)
    assert result.settings["activation"] == "relu" and result.settings["seed"] == 0


def test_the_book_ordering_he_xavier_std001_and_std001_stays_at_ln_k():
    x, t = blobs()
    result = compare_initializers(x, t, **SMALL, x_test=x[:200], t_test=t[:200])
    final = result.final_loss()
    assert final["he"] < final["xavier-book"] < final["std=0.01"]
    # std=0.01 barely moves from a uniform guess over 4 classes: loss ln 4.
    assert final["std=0.01"] == pytest.approx(math.log(4), abs=0.05)
    assert result.test_accuracy["he"] > 0.9
    # std=0.01 has learned nothing: at most the share of the commonest class (chance level)
    commonest = np.bincount(t[:200]).max() / 200
    assert result.test_accuracy["std=0.01"] <= commonest + 1e-12


def test_networks_see_the_same_batches_and_the_same_random_draws():
    x, t = blobs(n=100)

    def he_a(shape, *, rng, dtype):
        return get_scheme("he")(shape, rng=rng, dtype=dtype)

    def he_b(shape, *, rng, dtype):
        return get_scheme("he")(shape, rng=rng, dtype=dtype)

    result = compare_initializers(x, t, inits=(he_a, he_b), hidden=(16,), iterations=50)
    np.testing.assert_array_equal(result.losses["he_a"], result.losses["he_b"])
    # And the same draws, scaled: std=0.02 starts with exactly twice std=0.01's weights.
    settings = {"inits": ("std=0.01", "std=0.02"), "hidden": (8,), "iterations": 1, "seed": 4}
    first = MLP((20, 8, 4), "relu", "std=0.01", rng=seed_streams(4)[0])
    second = MLP((20, 8, 4), "relu", "std=0.02", rng=seed_streams(4)[0])
    np.testing.assert_allclose(second.weights[0], 2 * first.weights[0], rtol=1e-6)
    assert compare_initializers(x, t, **settings).settings["seed"] == 4


def test_public_initializers_are_accepted_as_inits():
    x, t = blobs(n=100)
    result = compare_initializers(
        x, t, inits=(wi.he_normal, wi.kaiming_normal, "he"), hidden=(16,), iterations=20
    )
    assert list(result.losses) == ["he_normal", "kaiming_normal", "he"]
    # kaiming_normal (ReLU gain, untruncated) draws exactly what the "he" scheme draws
    np.testing.assert_array_equal(result.losses["kaiming_normal"], result.losses["he"])
    scales = initial_gradient_scales(x, t, inits=(wi.xavier_normal,), hidden=(16,))
    assert list(scales) == ["xavier_normal"]


def test_seed_streams_are_the_spawned_seed_sequence():
    # The plan every page and benchmark relies on: SeedSequence(seed).spawn(2), weights first.
    weight_seed, batch_seed = np.random.SeedSequence(7).spawn(2)
    weights, batches = seed_streams(7)
    np.testing.assert_array_equal(weights.random(5), np.random.default_rng(weight_seed).random(5))
    np.testing.assert_array_equal(batches.random(5), np.random.default_rng(batch_seed).random(5))
    assert not np.array_equal(seed_streams(7)[0].random(5), seed_streams(7)[1].random(5))
    with pytest.raises(ValueError, match=r"^seed must be a non-negative int"):
        seed_streams(-1)


def _blas_threads():
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


def _recording_relu(seen):
    def function(z):
        seen.append(_blas_threads())
        return wi.relu(z)

    return wi.Activation("recording relu", function, wi.relu_grad, (0.0, np.inf))


@pytest.mark.parametrize("entry", ["compare_initializers", "compare_over_seeds"])
def test_training_runs_on_the_chosen_blas_threads_and_restores_the_setting(entry, monkeypatch):
    for variable in BLAS_VARIABLES:  # no explicit choice: one thread
        monkeypatch.delenv(variable, raising=False)
    x, t = blobs(n=100)
    seen = []
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        settings = {"hidden": (8,), "iterations": 3, "activation": _recording_relu(seen)}
        if entry == "compare_initializers":
            result = compare_initializers(x, t, **settings)
        else:
            result = compare_over_seeds(x, t, seeds=(0, 1), **settings)
        assert _blas_threads() == before
    assert seen and all(threads == {1} for threads in seen)
    assert result.settings["blas_threads"] == 1
    seen.clear()
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # the environment's choice
    compare_initializers(x, t, **settings)
    assert seen and all(threads == {2} for threads in seen)
    seen.clear()
    compare_initializers(x, t, **settings, blas_threads=1)  # the argument's, over it
    assert seen and all(threads == {1} for threads in seen)
    with pytest.raises(TypeError, match=r"^blas_threads must be an int"):
        compare_initializers(x, t, blas_threads=1.0)
    with pytest.raises(ValueError, match=r"^blas_threads must be a positive int"):
        compare_over_seeds(x, t, blas_threads=0)


def test_seeds_reproduce_and_differ():
    x, t = blobs(n=200)
    settings = {"hidden": (16, 16), "iterations": 30}
    a = compare_initializers(x, t, seed=1, **settings)
    b = compare_initializers(x, t, seed=1, **settings)
    c = compare_initializers(x, t, seed=2, **settings)
    np.testing.assert_array_equal(a.losses["he"], b.losses["he"])
    assert not np.array_equal(a.losses["he"], c.losses["he"])


def test_final_loss_is_the_mean_of_the_last_window():
    result = Comparison({"a": np.arange(100.0)})
    assert result.final_loss() == {"a": pytest.approx(np.mean(np.arange(95, 100)))}
    assert result.final_loss(window=10) == {"a": pytest.approx(94.5)}
    assert result.final_loss(window=1000) == {"a": pytest.approx(49.5)}
    with pytest.raises(ValueError, match="window"):
        result.final_loss(window=0)


def test_over_seeds_stacks_the_single_runs():
    x, t = blobs(n=200)
    settings = {"hidden": (16,), "iterations": 40, "x_test": x[:50], "t_test": t[:50]}
    runs = compare_over_seeds(x, t, seeds=(3, 5), **settings)
    assert runs.seeds == (3, 5)
    assert runs.losses["xavier-book"].shape == (2, 40)
    single = compare_initializers(x, t, seed=5, **settings)
    np.testing.assert_array_equal(runs.losses["xavier-book"][1], single.losses["xavier-book"])
    assert runs.test_accuracy["he"][1] == single.test_accuracy["he"]
    np.testing.assert_allclose(runs.final_loss()["he"][1], single.final_loss()["he"])
    assert "seed" not in runs.settings
    with pytest.raises(ValueError, match="seeds"):
        compare_over_seeds(x, t, seeds=())


def test_initial_gradient_scales_match_the_network_and_show_std001_is_tiny():
    x, t = blobs(n=128, n_features=64, n_classes=10)
    scales = initial_gradient_scales(x, t, seed=2)
    assert list(scales) == ["std=0.01", "xavier-book", "he"]
    assert all(v.shape == (5,) for v in scales.values())
    net = MLP(
        (64, 100, 100, 100, 100, 10),
        "relu",
        "he",
        rng=seed_streams(2)[0],
    )
    grads = net.gradients(x, t).weights
    expected = [np.sqrt(np.mean(g.astype(np.float64) ** 2)) for g in grads]
    np.testing.assert_allclose(scales["he"], expected, rtol=1e-6)
    # Each of the five layers scales its signal by ~0.01 * sqrt(100 / 2): thousands of times
    # smaller than He's at every layer.
    assert np.all(scales["std=0.01"] < 1e-3 * scales["he"])
    assert np.all(scales["xavier-book"] < scales["he"])


def test_moving_average_matches_a_direct_computation():
    rng = np.random.default_rng(0)
    values = rng.random(37)
    for window in (1, 2, 5, 8, 37, 50):
        result = moving_average(values, window)
        expected = []
        for i in range(len(values)):
            low = min(max(i - window // 2, 0), len(values))
            high = min(max(i - window // 2 + window, 0), len(values))
            expected.append(values[low:high].mean())
        np.testing.assert_allclose(result, expected, rtol=1e-12)
    stacked = moving_average(np.stack([values, 2 * values]), 5)
    np.testing.assert_allclose(stacked[1], 2 * stacked[0])
    np.testing.assert_array_equal(moving_average(values, 1), values)
    with pytest.raises(ValueError, match="window"):
        moving_average(values, 0)


def test_argument_validation():
    x, t = blobs(n=50)
    with pytest.raises(ValueError, match="inits"):
        compare_initializers(x, t, inits=())
    with pytest.raises(ValueError, match="distinct"):
        compare_initializers(x, t, inits=("he", "he"))
    with pytest.raises(ValueError, match="scheme"):
        compare_initializers(x, t, inits=("kaiming",))
    with pytest.raises(ValueError, match="hidden"):
        compare_initializers(x, t, hidden=(0,))
    with pytest.raises(ValueError, match="iterations"):
        compare_initializers(x, t, iterations=0)
    with pytest.raises(TypeError, match=r"^batch_size must be an int"):
        compare_initializers(x, t, batch_size=1.5)
    with pytest.raises(ValueError, match=r"^batch_size must be a positive int"):
        compare_initializers(x, t, batch_size=0)
    with pytest.raises(TypeError, match=r"^inits must be a sequence"):
        compare_initializers(x, t, inits="he")
    with pytest.raises(TypeError, match=r"^hidden must be a sequence"):
        compare_initializers(x, t, hidden=100)
    with pytest.raises(TypeError, match=r"^seed must be an int"):
        compare_initializers(x, t, seed=1.0)
    with pytest.raises(TypeError, match=r"^each seed must be an int"):
        compare_over_seeds(x, t, seeds=(0, "1"))
    with pytest.raises(TypeError, match=r"^window must be an int"):
        moving_average([1.0, 2.0], 1.5)
    with pytest.raises(ValueError, match="lr"):
        compare_initializers(x, t, lr=-1)
    with pytest.raises(ValueError, match="seed"):
        compare_initializers(x, t, seed=-1)
    with pytest.raises(ValueError, match="one label per row of x"):
        compare_initializers(x, t[:-1])
    with pytest.raises(TypeError, match=r"^t must be an array of integer labels, got dtype float"):
        compare_initializers(x, t.astype(float))
    with pytest.raises(ValueError, match="finite"):
        compare_initializers(np.full_like(x, np.nan), t)
    with pytest.raises(ValueError, match="together"):
        compare_initializers(x, t, x_test=x)
    with pytest.raises(ValueError, match=r"x_test must have shape \(n_samples >= 1, "):
        compare_initializers(x, t, x_test=x[:, :3], t_test=t)
    with pytest.raises(ValueError, match="n_classes"):
        compare_initializers(x, t, n_classes=2)
    with pytest.raises(ValueError, match="activation"):
        compare_initializers(x, t, activation="swish")
