"""Networks trained side by side (threads) or stacked compute what they compute one by one."""

import numpy as np
import pytest

from weightinit.experiments._stacked import StackedMLP
from weightinit.experiments._training import (
    Job,
    default_workers,
    run_side_by_side,
    train,
    train_side_by_side,
)
from weightinit.experiments.training.mnist import compare_over_seeds
from weightinit.network import MLP, SGD


def _data(n=200, features=12, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, features)).astype(np.float32)
    return x, (x[:, 0] * classes).astype(int).clip(0, classes - 1)


def _jobs(x, t, inits=("he", "xavier-book", "std=0.01", "he-slide"), steps=25, lr=0.05):
    jobs = []
    for k, init in enumerate(inits):
        batches = np.random.default_rng(k).integers(0, len(t), (steps, 16))
        net = MLP((x.shape[1], 20, 20, 3), "relu", init, rng=k)
        jobs.append(Job(net, x, t, batches, SGD(lr=lr, momentum=0.5)))
    return jobs


def test_threads_give_the_losses_and_weights_of_one_thread():
    x, t = _data()
    one, two = _jobs(x, t), _jobs(x, t)
    serial = train_side_by_side(one, workers=1)
    threaded = train_side_by_side(two, workers=2)
    for a, b, job_a, job_b in zip(serial, threaded, one, two, strict=True):
        assert np.array_equal(a, b)
        for w_a, w_b in zip(job_a.net.weights, job_b.net.weights, strict=True):
            assert np.array_equal(w_a, w_b)


def test_compare_over_seeds_does_not_depend_on_workers():
    x, t = _data(300)
    settings = {"hidden": (16, 16), "iterations": 30, "lr": 0.1, "x_test": x, "t_test": t}
    one = compare_over_seeds(x, t, seeds=(0, 1), workers=1, **settings)
    two = compare_over_seeds(x, t, seeds=(0, 1), workers=2, **settings)
    for name in one.losses:
        assert np.array_equal(one.losses[name], two.losses[name])
        assert np.array_equal(one.test_accuracy[name], two.test_accuracy[name])


def test_stop_on_overflow_cuts_the_run_at_its_first_non_finite_loss():
    x, t = _data()
    (job,) = _jobs(x * 1e18, t, inits=("he-slide",), steps=10, lr=10.0)
    (losses,) = train_side_by_side([job], stop_on_overflow=True, workers=1)
    first = int(np.flatnonzero(~np.isfinite(losses))[0])
    assert np.all(np.isfinite(losses[:first])) and np.all(np.isnan(losses[first:]))


def test_each_thread_runs_with_the_callers_floating_point_settings():
    with np.errstate(over="raise", under="ignore"):
        seen = run_side_by_side([np.geterr, np.geterr, np.geterr], workers=2)
    assert all(s["over"] == "raise" and s["under"] == "ignore" for s in seen)


def test_results_keep_the_order_of_the_tasks():
    assert run_side_by_side([lambda k=k: k * k for k in range(7)], workers=3) == [
        k * k for k in range(7)
    ]
    assert default_workers() >= 1


@pytest.mark.parametrize("bad", [0, -1])
def test_workers_must_be_positive(bad):
    with pytest.raises(ValueError, match="workers"):
        run_side_by_side([lambda: 1, lambda: 2], workers=bad)


def test_workers_must_be_an_int():
    with pytest.raises(TypeError, match="workers"):
        run_side_by_side([lambda: 1, lambda: 2], workers=1.5)


def test_a_stack_trains_each_network_as_mlp_does():
    x, t = _data(features=30)
    jobs = _jobs(x, t, steps=40)
    alone = [MLP(job.net.sizes, "relu", "he", rng=0) for job in jobs]
    for net, job in zip(alone, jobs, strict=True):  # the same starting weights
        net.weights = [w.copy() for w in job.net.weights]
    stack = StackedMLP([job.net for job in jobs])
    optimizer = SGD(lr=0.05, momentum=0.5)
    rows = np.stack([job.batches for job in jobs])
    with np.errstate(over="ignore", invalid="ignore"):
        stacked = np.array(
            [stack.train_step(x[rows[:, i]], t[rows[:, i]], optimizer) for i in range(40)]
        ).T
        single = np.array(
            [
                [net.train_step(x[r], t[r], optimizer) for r in job.batches]
                for net, job in zip(alone, jobs, strict=True)
            ]
        )
    assert np.array_equal(stacked, single, equal_nan=True)
    for g, net in enumerate(alone):
        for layer, w in enumerate(net.weights):
            assert np.array_equal(stack.weights[layer][g], w, equal_nan=True)


def test_a_stack_needs_networks_of_one_shape():
    with pytest.raises(ValueError, match="nets"):
        StackedMLP([MLP((4, 5, 3), rng=0), MLP((4, 6, 3), rng=0)])
    with pytest.raises(ValueError, match="nets"):
        StackedMLP([MLP((4, 5, 3), "tanh", rng=0), MLP((4, 5, 3), "relu", rng=0)])


def test_the_loop_stops_each_network_of_a_stack_at_its_own_overflow():
    x, t = _data()
    nets = [MLP((x.shape[1], 20, 20, 3), "relu", "he", rng=0) for _ in range(2)]
    alone = [MLP((x.shape[1], 20, 20, 3), "relu", "he", rng=0) for _ in range(2)]
    for net in (nets[1], alone[1]):  # products of 1e15-fold weights overflow float32
        net.weights = [w * np.float32(1e15) for w in net.weights]
    batches = np.random.default_rng(1).integers(0, len(t), (30, 16))
    optimizer = SGD(lr=0.1)
    stacked = train(
        StackedMLP(nets), x, t, np.stack([batches] * 2, axis=1), optimizer, stop_on_overflow=True
    )
    assert stacked.shape == (30, 2)
    for k, net in enumerate(alone):
        single = train(net, x, t, batches, optimizer, stop_on_overflow=True)
        assert np.array_equal(stacked[:, k], single, equal_nan=True)
    finite = np.isfinite(stacked)
    assert finite[:, 0].all() and not finite[-1, 1]
    first = int(np.flatnonzero(~finite[:, 1])[0])  # NaN from there on
    assert finite[:first, 1].all() and np.isnan(stacked[first:, 1]).all()
