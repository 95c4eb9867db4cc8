r"""The book's MNIST network with batch normalization, trained from the book's three starts.

:func:`compare_with_batchnorm` repeats the comparison of
:func:`~weightinit.experiments.training.mnist.compare_initializers` (the same minibatches and the
same
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

from collections.abc import Sequence

import numpy as np  # noqa: F401 (the examples use it)
from numpy.typing import ArrayLike

from weightinit._validation import (
    check_bool,
    check_classes,
    check_count,
    check_data,
    check_real,
    check_sequence,
    check_sizes,
    check_value,
)
from weightinit.experiments.training.mnist import SeedComparison, compare_over_seeds
from weightinit.network import SGD
from weightinit.schemes import get_scheme

__all__ = ["compare_with_batchnorm"]


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
    weightinit.experiments.training.mnist.SeedComparison

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
    images, labels = check_data(x, t, min_samples=2)
    _names = [get_scheme(init).name for init in check_sequence(inits, "inits")]
    seeds = check_sizes(seeds, "seeds", minimum=0)
    batchnorm = check_bool(batchnorm, "batchnorm")
    optimizer = SGD(lr=check_real(lr, "lr", positive=True))
    batch_size = check_count(batch_size, "batch_size")
    iterations = check_count(iterations, "iterations")
    classes = check_classes(labels, n_classes)
    check_value((x_test is None) == (t_test is None), "x_test and t_test", "be given together")
    sizes = (images.shape[1], *check_sizes(hidden, "hidden", min_length=0), classes)

    return compare_over_seeds(
        images,
        labels,
        seeds,
        inits=inits,
        hidden=sizes[1:-1],
        activation="relu",
        batchnorm=batchnorm,
        lr=optimizer.lr,
        batch_size=batch_size,
        iterations=iterations,
        n_classes=classes,
        x_test=x_test,
        t_test=t_test,
    )
