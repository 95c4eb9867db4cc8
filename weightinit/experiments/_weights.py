"""Weights by name for the experiments beyond the book (a private helper).

Each name is one call into the package's initializers: the scaled normals through
:func:`~weightinit.initializers.variance_scaling`, orthogonal weights through
:func:`~weightinit.distributions.orthogonal`. The latter is looked up on its module at call
time, so that a test can replace it.
"""

from __future__ import annotations

import numpy as np

from weightinit import distributions
from weightinit.initializers import variance_scaling

#: Names accepted by :func:`draw_weights`, with what they draw.
WEIGHT_NAMES = {
    "lecun": "normal, variance 1/n_in",
    "he": "normal, variance 2/n_in",
    "pytorch": "uniform on ±1/√n_in (torch.nn.Linear's default)",
    "orthogonal": "orthogonal, times a gain",
}


def check_weight_name(name: object, argument: str = "init") -> str:
    """Return ``name`` if :func:`draw_weights` knows it, else raise naming ``argument``."""
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a str, one of {list(WEIGHT_NAMES)}, got {name!r}")
    if name not in WEIGHT_NAMES:
        raise ValueError(f"{argument} must be one of {list(WEIGHT_NAMES)}, got {name!r}")
    return name


def draw_weights(
    name: str, shape: tuple[int, int], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    """Draw float64 weights of ``shape`` (``x @ W`` layout) by name; arguments trusted."""
    if name == "orthogonal":
        return distributions.orthogonal(shape, gain, rng=rng)
    if name == "pytorch":  # U(±1/√n_in) has variance 1/(3 n_in)
        w = variance_scaling(shape, 1.0 / 3.0, "fan_in", "uniform", rng=rng)
    else:
        scale = {"lecun": 1.0, "he": 2.0}[name]
        w = variance_scaling(shape, scale, "fan_in", "untruncated_normal", rng=rng)
    return w if gain == 1.0 else w * gain
