r"""The book's MNIST network with batch normalization, trained from the book's three starts.

:func:`compare_with_batchnorm` repeats the comparison of
:func:`~weightinit.experiments.mnist.compare_initializers` (the same minibatches and the same
random draws for every scheme, so ``"std=0.01"``, ``"xavier-book"`` and ``"he"`` differ only in
scale) on networks that put a :class:`~weightinit.batchnorm.BatchNorm` layer after the product
of each hidden layer, before its ReLU (the book's Affine → BatchNorm → ReLU, section 6.3):

.. math::

    h^{(\ell)} = \operatorname{ReLU}\!\Bigl(\operatorname{BN}\bigl(h^{(\ell-1)} W^{(\ell)}
    + b^{(\ell)}\bigr)\Bigr).

The networks are :class:`~weightinit.network.MLP` objects built with ``batchnorm=True`` (or
False, the book's network), so the two variants differ only by the layer.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import check_real
from weightinit.experiments._training import Job, train_side_by_side
from weightinit.experiments.mnist import SeedComparison
from weightinit.network import MLP, SGD
from weightinit.schemes import get_scheme

__all__ = ["compare_with_batchnorm"]


def _check_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def compare_with_batchnorm(
    x: ArrayLike,
    t: ArrayLike,
    inits: Sequence[str] = ("std=0.01", "xavier-book", "he"),
    hidden: Sequence[int] = (100, 100, 100, 100),
    *,
    batchnorm: bool = True,
    lr: float = 0.01,
    batch_size: int = 128,
    iterations: int = 500,
    seeds: Sequence[int] = (0, 1),
    n_classes: int | None = None,
    x_test: ArrayLike | None = None,
    t_test: ArrayLike | None = None,
) -> SeedComparison:
    """Train the book's ReLU network from each scheme, with or without batch normalization.

    Parameters
    ----------
    x, t : array_like
        Training inputs (rows) and integer labels.
    inits : sequence of str, default ("std=0.01", "xavier-book", "he")
        Scheme names; every network of a seed draws from the same random stream.
    hidden : sequence of int, default (100, 100, 100, 100)
        Widths of the hidden layers.
    batchnorm : bool, optional
        With (the default) or without batch normalization.
    lr : float, default 0.01
        Learning rate of plain SGD.
    batch_size : int, default 128
        Rows per minibatch.
    iterations : int, default 500
        SGD steps per network.
    seeds : sequence of int, default (0, 1)
        One run per seed: its minibatches and its weights.
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.
    x_test, t_test : array_like, optional
        Test data; when given, the accuracy after training is recorded (evaluation mode).

    Returns
    -------
    weightinit.experiments.mnist.SeedComparison

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((300, 16)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> runs = compare_with_batchnorm(x, t, hidden=(20, 20), lr=0.1, iterations=150, seeds=(0,))
    >>> final = runs.final_loss()
    >>> bool(final["std=0.01"][0] < 0.5)  # learns despite its tiny weights
    True
    """
    images = np.ascontiguousarray(x, dtype=np.float32)
    labels = np.asarray(t)
    if images.ndim != 2 or images.shape[0] < 2 or not np.all(np.isfinite(images)):
        raise ValueError("x must be a finite 2-D array (samples, features) with >= 2 rows")
    if not np.issubdtype(labels.dtype, np.integer) or labels.shape != images.shape[:1]:
        raise ValueError("t must be integer labels, one per row of x")
    if labels.min() < 0:
        raise ValueError("t must hold non-negative class numbers")
    if isinstance(inits, str) or not isinstance(inits, Sequence) or len(inits) == 0:
        raise ValueError(f"inits must be a non-empty sequence of scheme names, got {inits!r}")
    names = [get_scheme(init).name for init in inits]
    if isinstance(seeds, str) or not isinstance(seeds, Sequence) or len(seeds) == 0:
        raise ValueError(f"seeds must be a non-empty sequence of ints, got {seeds!r}")
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise ValueError(f"seeds must hold non-negative ints, got {seed!r}")
    if not isinstance(batchnorm, bool):
        raise TypeError(f"batchnorm must be a bool, got {type(batchnorm).__name__}")
    if isinstance(hidden, str) or not isinstance(hidden, Sequence):
        raise ValueError(f"hidden must be a sequence of layer widths, got {hidden!r}")
    optimizer = SGD(lr=check_real(lr, "lr", positive=True))
    batch_size = _check_count(batch_size, "batch_size")
    iterations = _check_count(iterations, "iterations")
    classes = int(labels.max()) + 1 if n_classes is None else _check_count(n_classes, "n_classes")
    if labels.max() >= classes:
        raise ValueError(f"t must be below n_classes={classes}")
    if (x_test is None) != (t_test is None):
        raise ValueError("x_test and t_test must be given together")
    sizes = (images.shape[1], *(_check_count(n, "hidden") for n in hidden), classes)
    labels = labels.astype(np.intp)

    jobs = []
    for seed in seeds:
        weight_seed, batch_seed = np.random.SeedSequence(int(seed)).spawn(2)
        batches = np.random.default_rng(batch_seed).integers(
            0, len(labels), (iterations, batch_size)
        )
        for init in inits:
            rng = np.random.default_rng(weight_seed)
            net = MLP(sizes, "relu", init, rng=rng, batchnorm=batchnorm)
            jobs.append(Job(net, images, labels, batches, optimizer))
    # every network of every seed side by side, one BLAS thread each
    trained = train_side_by_side(jobs)
    losses = np.stack(trained).reshape(len(seeds), len(names), iterations).transpose(1, 0, 2)
    accuracy = np.empty((len(names), len(seeds)))
    if x_test is not None:
        for j, job in enumerate(jobs):  # with the running averages
            accuracy[j % len(names), j // len(names)] = job.net.accuracy(x_test, t_test)
    test_accuracy = {} if x_test is None else dict(zip(names, accuracy, strict=True))
    settings = {
        "sizes": sizes,
        "batchnorm": batchnorm,
        "lr": optimizer.lr,
        "batch_size": batch_size,
        "iterations": iterations,
    }
    return SeedComparison(
        tuple(int(s) for s in seeds), dict(zip(names, losses, strict=True)), test_accuracy, settings
    )
