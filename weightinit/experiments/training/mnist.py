r"""The book's MNIST comparison of weight initializations (slide 10), seeded and repeatable.

:func:`compare_initializers` trains one :class:`~weightinit.network.MLP` per initialization
scheme with plain SGD and records the loss of every minibatch. As in the book (Saito, 2016,
``ch06/weight_init_compare.py``) every network sees the *same* minibatches, drawn with
replacement; here, in addition, every network draws its weights from the *same* random stream,
so for the normal schemes (``"std=0.01"``, ``"xavier-book"``, ``"he"``) the initial weights differ
only by their scale. :func:`compare_over_seeds` repeats the comparison for several seeds, and
:func:`initial_gradient_scales` measures how large each layer's gradient is before training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from weightinit._validation import check_int, check_seed, check_sequence, check_sizes, check_value
from weightinit.activations import Activation, get_activation
from weightinit.experiments._data import InitLike, check_classes, check_data, scheme_names
from weightinit.experiments._training import Job, train_side_by_side
from weightinit.network import MLP, SGD

__all__ = [
    "Comparison",
    "SeedComparison",
    "compare_initializers",
    "compare_over_seeds",
    "initial_gradient_scales",
    "minibatches",
    "moving_average",
    "seed_streams",
]


def seed_streams(seed: int, extra: int = 0) -> tuple[np.random.Generator, ...]:
    """Return the independent random streams of a run: the weights' and the minibatches'.

    They come from ``numpy.random.SeedSequence(seed).spawn(2 + extra)``; every call with the
    same seed returns fresh generators in the same state, so each network of a comparison can
    draw its weights from the same stream. Every experiment that trains networks seeds them
    this way (:func:`minibatches` draws the rows from the second stream).

    Parameters
    ----------
    seed : int
        Non-negative seed of the run.
    extra : int, default 0
        Further streams after the two, for a run that needs more randomness (the batch of
        LSUV in :func:`~weightinit.experiments.training.deep_relu.compare_deep_relu_starts`); the
        first two do not depend on it.

    Returns
    -------
    weight_rng : numpy.random.Generator
        The stream the weights are drawn from.
    batch_rng : numpy.random.Generator
        The stream the minibatches are drawn from.
    *extra_rngs : numpy.random.Generator
        The ``extra`` further streams, if any.

    Examples
    --------
    >>> weights, batches = seed_streams(0)
    >>> bool(weights.random() == seed_streams(0)[0].random())
    True
    >>> bool(seed_streams(0, extra=1)[1].random() == seed_streams(0)[1].random())
    True
    """
    children = np.random.SeedSequence(check_seed(seed)).spawn(
        2 + check_int(extra, "extra", minimum=0)
    )
    return tuple(np.random.default_rng(child) for child in children)


def minibatches(seed: int, n_samples: int, steps: int, batch_size: int) -> np.ndarray:
    """Return the rows of every minibatch of a run, drawn from its batch stream.

    Parameters
    ----------
    seed : int
        Seed of the run (:func:`seed_streams`).
    n_samples : int
        Rows of the training data; minibatches draw with replacement.
    steps, batch_size : int
        Number of minibatches and rows in each.

    Returns
    -------
    numpy.ndarray
        Row numbers, shape ``(steps, batch_size)``.

    Examples
    --------
    >>> minibatches(0, 100, 3, 4).shape
    (3, 4)
    """
    return seed_streams(seed)[1].integers(0, n_samples, (steps, batch_size))


def _final_window(losses: np.ndarray, window: int | None) -> int:
    n = losses.shape[-1]
    if window is None:
        return max(1, n // 20)
    return min(check_int(window, "window", minimum=1), n)


@dataclass(frozen=True)
class Comparison:
    """Training losses of one network per initialization, from one seed.

    Attributes
    ----------
    losses : dict of str to numpy.ndarray
        Scheme name -> loss of each minibatch, shape ``(iterations,)``, computed in the
        forward pass of that training step (before its update).
    test_accuracy : dict of str to float
        Scheme name -> share of test images classified correctly after training (empty when
        no test data were given).
    settings : dict
        The arguments of the run (layer sizes, activation, learning rate, ...).
    """

    losses: dict[str, np.ndarray]
    test_accuracy: dict[str, float] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def final_loss(self, window: int | None = None) -> dict[str, float]:
        """Mean loss of the last ``window`` iterations (default: the last 5 %)."""
        return {
            name: float(v[-_final_window(v, window) :].mean()) for name, v in self.losses.items()
        }


@dataclass(frozen=True)
class SeedComparison:
    """Training losses of one network per initialization, for several seeds.

    Attributes
    ----------
    seeds : tuple of int
        The seeds, one run each.
    losses : dict of str to numpy.ndarray
        Scheme name -> losses, shape ``(n_seeds, iterations)``.
    test_accuracy : dict of str to numpy.ndarray
        Scheme name -> test accuracy per seed, shape ``(n_seeds,)`` (empty without test data).
    settings : dict
        The arguments shared by all runs.
    """

    seeds: tuple[int, ...]
    losses: dict[str, np.ndarray]
    test_accuracy: dict[str, np.ndarray] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def final_loss(self, window: int | None = None) -> dict[str, np.ndarray]:
        """Per seed, the mean loss of the last ``window`` iterations (default: last 5 %)."""
        return {
            name: v[:, -_final_window(v, window) :].mean(axis=1) for name, v in self.losses.items()
        }


def _sizes(n_in: int, hidden: Sequence[int], n_classes: int) -> tuple[int, ...]:
    return (n_in, *check_sizes(hidden, "hidden", min_length=0), n_classes)


def compare_initializers(
    x: ArrayLike,
    t: ArrayLike,
    inits: Sequence[InitLike] = ("std=0.01", "xavier-book", "he"),
    hidden: Sequence[int] = (100, 100, 100, 100),
    activation: str | Activation = "relu",
    lr: float = 0.01,
    batch_size: int = 128,
    iterations: int = 2000,
    seed: int = 0,
    *,
    x_test: ArrayLike | None = None,
    t_test: ArrayLike | None = None,
    momentum: float = 0.0,
    batchnorm: bool = False,
    n_classes: int | None = None,
    blas_threads: int | None = 1,
    workers: int | None = None,
) -> Comparison:
    r"""Train one network per initialization on the same minibatches; record every loss.

    Parameters
    ----------
    x : array_like
        Training images as rows, shape ``(n_samples, n_pixels)``, e.g. scaled to [0, 1].
    t : array_like of int
        Training labels, shape ``(n_samples,)``.
    inits : sequence of str, Scheme or callable, default ("std=0.01", "xavier-book", "he")
        The schemes to compare (see :func:`~weightinit.schemes.get_scheme`); the book's
        ``"xavier-book"`` is :math:`\sqrt{1/n}` and ``"he"`` is :math:`\sqrt{2/n}`.
    hidden : sequence of int, default (100, 100, 100, 100)
        Widths of the hidden layers.
    activation : str or Activation, default "relu"
        Activation of every hidden layer, the same for all networks.
    lr : float, default 0.01
        Learning rate of SGD.
    batch_size : int, default 128
        Images per minibatch.
    iterations : int, default 2000
        Number of SGD steps.
    seed : int, default 0
        Seeds the minibatches and the weights.
    x_test, t_test : array_like, optional
        Test images and labels; when given, the test accuracy after training is recorded.
    momentum : float, default 0.0
        Momentum of SGD (the book uses none).
    batchnorm : bool, optional
        Batch normalization after every hidden layer's product (the book's section 6.3); the
        test accuracy is then that of evaluation mode (the running averages).
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.
    blas_threads : int or None, default 1
        Threads the BLAS library may use while training (set with ``threadpoolctl`` and
        restored afterwards); None leaves its setting alone. For layers this small one
        thread is about as fast as two on an idle machine and many times faster on a busy
        one, where a thread waits for its partner to be scheduled
        (see ``benchmarks/README.md``).
    workers : int or None, default None
        Networks trained at the same time, each in its own thread with ``blas_threads``; by
        default one per CPU the process may use. The results do not depend on it: each
        network computes exactly what it would alone.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((300, 20)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> result = compare_initializers(x, t, hidden=(30, 30), lr=0.1, iterations=200)
    >>> sorted(result.losses), result.losses["he"].shape
    (['he', 'std=0.01', 'xavier-book'], (200,))
    >>> final = result.final_loss()
    >>> bool(final["he"] < final["std=0.01"])
    True
    """
    return _compare(
        x,
        t,
        [seed],
        inits,
        hidden,
        activation,
        lr,
        batch_size,
        iterations,
        x_test=x_test,
        t_test=t_test,
        momentum=momentum,
        batchnorm=batchnorm,
        n_classes=n_classes,
        blas_threads=blas_threads,
        workers=workers,
    )[0]


def _compare(
    x: ArrayLike,
    t: ArrayLike,
    seeds: Sequence[int],
    inits: Sequence[InitLike] = ("std=0.01", "xavier-book", "he"),
    hidden: Sequence[int] = (100, 100, 100, 100),
    activation: str | Activation = "relu",
    lr: float = 0.01,
    batch_size: int = 128,
    iterations: int = 2000,
    *,
    x_test: ArrayLike | None = None,
    t_test: ArrayLike | None = None,
    momentum: float = 0.0,
    batchnorm: bool = False,
    n_classes: int | None = None,
    blas_threads: int | None = 1,
    workers: int | None = None,
) -> list[Comparison]:
    # compare_initializers for every seed, all networks of all seeds side by side
    images, labels = check_data(x, t)
    names = scheme_names(inits)
    classes = check_classes(labels, n_classes)
    sizes = _sizes(images.shape[1], hidden, classes)
    act = get_activation(activation)
    optimizer = SGD(lr=lr, momentum=momentum)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    iterations = check_int(iterations, "iterations", minimum=1)
    seeds = [check_seed(seed) for seed in seeds]
    test = None
    check_value((x_test is None) == (t_test is None), "x_test and t_test", "be given together")
    if x_test is not None and t_test is not None:
        test = check_data(x_test, t_test, "x_test", "t_test", n_features=images.shape[1])

    if blas_threads is not None:
        blas_threads = check_int(blas_threads, "blas_threads", minimum=1)

    jobs = []
    for seed in seeds:
        # The same random stream for every network: same draws, different scales.
        batches = minibatches(seed, len(labels), iterations, batch_size)
        for init in inits:
            net = MLP(sizes, act, init, rng=seed_streams(seed)[0], batchnorm=batchnorm)
            jobs.append(Job(net, images, labels, batches, optimizer))
    losses = train_side_by_side(jobs, workers=workers, blas_threads=blas_threads)
    results = []
    for s, seed in enumerate(seeds):
        runs = dict(zip(names, range(s * len(names), (s + 1) * len(names)), strict=True))
        accuracy = {}
        if test is not None:
            with threadpool_limits(limits=blas_threads, user_api="blas"):
                accuracy = {name: jobs[k].net.accuracy(*test) for name, k in runs.items()}
        settings = {
            "sizes": sizes,
            "activation": act.name,
            "lr": optimizer.lr,
            "momentum": optimizer.momentum,
            "batchnorm": batchnorm,
            "batch_size": batch_size,
            "iterations": iterations,
            "seed": seed,
            "blas_threads": blas_threads,
        }
        run_losses = {name: losses[k] for name, k in runs.items()}
        results.append(Comparison(run_losses, accuracy, settings))
    return results


def compare_over_seeds(
    x: ArrayLike, t: ArrayLike, seeds: Sequence[int] = (0, 1, 2), **settings: Any
) -> SeedComparison:
    """Run :func:`compare_initializers` once per seed and stack the results.

    Parameters
    ----------
    x, t : array_like
        Training images and labels.
    seeds : sequence of int, default (0, 1, 2)
        One run per seed.
    **settings
        Any other argument of :func:`compare_initializers`, e.g. ``blas_threads`` (one BLAS
        thread by default, for the whole loop over seeds).

    Returns
    -------
    SeedComparison

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((200, 10)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> runs = compare_over_seeds(x, t, seeds=(0, 1), hidden=(20,), iterations=50)
    >>> runs.losses["he"].shape
    (2, 50)
    """
    seeds = [check_seed(seed, "each seed") for seed in check_sequence(seeds, "seeds")]
    if "seed" in settings:
        raise TypeError("compare_over_seeds takes seeds, not seed")
    runs = _compare(x, t, seeds, **settings)
    first = runs[0]
    losses = {name: np.stack([run.losses[name] for run in runs]) for name in first.losses}
    accuracy = {
        name: np.array([run.test_accuracy[name] for run in runs]) for name in first.test_accuracy
    }
    shared = {k: v for k, v in first.settings.items() if k != "seed"}
    return SeedComparison(tuple(int(s) for s in seeds), losses, accuracy, shared)


def initial_gradient_scales(
    x: ArrayLike,
    t: ArrayLike,
    inits: Sequence[InitLike] = ("std=0.01", "xavier-book", "he"),
    hidden: Sequence[int] = (100, 100, 100, 100),
    activation: str | Activation = "relu",
    seed: int = 0,
    n_classes: int | None = None,
) -> dict[str, np.ndarray]:
    r"""Root-mean-square of :math:`\partial L/\partial W^{(\ell)}` per layer, before training.

    The networks are those :func:`compare_initializers` would build with the same arguments;
    the gradient is that of the mean loss over all of ``x`` (e.g. one minibatch).

    Parameters
    ----------
    x, t : array_like
        Images and labels.
    inits, hidden, activation, seed, n_classes : optional
        As for :func:`compare_initializers`.

    Returns
    -------
    dict of str to numpy.ndarray
        Scheme name -> one value per weight layer, from the input layer up.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((128, 64)).astype(np.float32)
    >>> scales = initial_gradient_scales(x, rng.integers(0, 10, 128), n_classes=10)
    >>> bool(scales["std=0.01"][0] < 1e-3 * scales["he"][0])
    True
    """
    images, labels = check_data(x, t)
    names = scheme_names(inits)
    classes = check_classes(labels, n_classes)
    sizes = _sizes(images.shape[1], hidden, classes)
    seed = check_seed(seed)
    scales = {}
    for name, init in zip(names, inits, strict=True):
        net = MLP(sizes, activation, init, rng=seed_streams(seed)[0])
        grads = net.gradients(images, labels).weights
        scales[name] = np.array([np.sqrt(np.mean(np.square(g, dtype=np.float64))) for g in grads])
    return scales


def moving_average(values: ArrayLike, window: int) -> np.ndarray:
    """Centred moving average along the last axis; the window shrinks at both ends.

    Parameters
    ----------
    values : array_like
        A curve, or curves stacked along the first axes.
    window : int
        Odd or even positive width; 1 returns the values unchanged.

    Returns
    -------
    numpy.ndarray
        Same shape as ``values``, float64.

    Examples
    --------
    >>> moving_average([0.0, 3.0, 0.0, 3.0], window=3)
    array([1.5, 1. , 2. , 1.5])
    """
    window = check_int(window, "window", minimum=1)
    data = np.array(values, dtype=np.float64)
    if window == 1:
        return data
    n = data.shape[-1]
    padded = np.concatenate([np.zeros((*data.shape[:-1], 1)), np.cumsum(data, axis=-1)], axis=-1)
    centre = np.arange(n)
    low = np.clip(centre - window // 2, 0, n)
    high = np.clip(centre - window // 2 + window, 0, n)
    return (padded[..., high] - padded[..., low]) / (high - low)
