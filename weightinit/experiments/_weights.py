"""Weights by name for the experiments beyond the book (a private helper).

Each name is one call into the package: the scaled normals are the schemes of
:func:`~weightinit.schemes.get_scheme`, PyTorch's default is
:func:`~weightinit.frameworks.weights.pytorch_weight`, orthogonal weights come from
:func:`~weightinit.distributions.orthogonal`.
"""

from __future__ import annotations

import numpy as np

from weightinit._validation import check_choice
from weightinit.distributions import orthogonal
from weightinit.frameworks.weights import pytorch_weight
from weightinit.schemes import get_scheme

#: The package's scheme behind each name that is a scaled normal.
_SCHEMES = {"lecun": "xavier", "he": "he"}

#: Names accepted by :func:`draw_weights`, with what they draw.
WEIGHT_NAMES = {
    "lecun": "normal, variance 1/n_in",
    "he": "normal, variance 2/n_in",
    "pytorch": "uniform on ±1/√n_in (torch.nn.Linear's default)",
    "orthogonal": "orthogonal, times a gain",
}


def check_weight_name(name: object, argument: str = "init") -> str:
    """Return ``name`` if :func:`draw_weights` knows it, else raise naming ``argument``."""
    return check_choice(name, argument, list(WEIGHT_NAMES))


def draw_weights(
    name: str, shape: tuple[int, int], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    """Draw float64 weights of ``shape`` (``x @ W`` layout) by name; arguments trusted."""
    if name == "orthogonal":
        return orthogonal(shape, gain, rng=rng)
    if name == "pytorch":  # U(±1/√n_in) has variance 1/(3 n_in)
        w = pytorch_weight(shape, rng=rng)
    else:  # LeCun's normal is the book's "Xavier", N(0, 1/n_in)
        w = get_scheme(_SCHEMES[name])(shape, rng=rng)
    return w if gain == 1.0 else w * gain
