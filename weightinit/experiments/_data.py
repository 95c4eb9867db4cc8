"""Checks of the training data and scheme lists shared by the training experiments.

Private to :mod:`weightinit.experiments`: the public functions call these at their boundary, so
every experiment that trains on ``(images, labels)`` accepts and rejects the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import check_int, check_sequence
from weightinit.schemes import Scheme, get_scheme

#: What an experiment accepts as a scheme: a name, a :class:`~weightinit.schemes.Scheme`, or an
#: initializer ``f(shape, *, rng, dtype)``.
InitLike = str | Scheme | Callable[..., np.ndarray]


def check_data(
    x: ArrayLike, t: ArrayLike, name_x: str = "x", name_t: str = "t"
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, t)`` as float32 samples and ``intp`` labels, or raise naming the argument."""
    images = np.ascontiguousarray(x, dtype=np.float32)
    if images.ndim != 2 or 0 in images.shape:
        raise ValueError(f"{name_x} must be a non-empty 2-D array (samples, features)")
    if not np.all(np.isfinite(images)):
        raise ValueError(f"{name_x} must contain only finite values")
    labels = np.asarray(t)
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"{name_t} must be integer labels, got dtype {labels.dtype}")
    if labels.shape != images.shape[:1]:
        raise ValueError(f"{name_t} must be integer labels, one per row of {name_x}")
    if labels.min() < 0:
        raise ValueError(f"{name_t} must be non-negative class numbers")
    return images, labels.astype(np.intp)


def check_classes(labels: np.ndarray, n_classes: object, name_t: str = "t") -> int:
    """Return the number of classes: ``n_classes``, or one more than the largest label if None."""
    if n_classes is None:
        return int(labels.max()) + 1
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    if labels.max() >= n_classes:
        raise ValueError(f"{name_t} must be below n_classes={n_classes}, got {labels.max()}")
    return n_classes


def scheme_names(inits: object, name: str = "inits") -> list[str]:
    """Return the distinct names of the schemes ``inits``, or raise naming ``name``."""
    names = [get_scheme(init).name for init in check_sequence(inits, name)]
    if len(set(names)) != len(names):
        raise ValueError(f"{name} must have distinct names, got {names}")
    return names
