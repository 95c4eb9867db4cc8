r"""The initialization schemes of the book and the slides, by name.

The experiments compare schemes such as ``"std=0.01"``, ``"xavier"`` and ``"he"``. This module
turns those names into callables ``init(shape, rng) -> ndarray``.

.. important::

   The book's and the slides' **"Xavier"** is a normal with standard deviation
   :math:`\sqrt{1/n_\text{in}}`, the fan-in simplification that is today called LeCun
   initialization. It is *not* Glorot & Bengio's formula
   :math:`\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})`, which is available here as
   ``"glorot"`` (and as :func:`~weightinit.initializers.xavier_normal`). The two agree only when
   :math:`n_\text{in} = n_\text{out}`.

==================  =========================================================================
name                weights drawn from
==================  =========================================================================
``"std=<s>"``       :math:`\mathcal{N}(0, s^2)` for any number ``s >= 0``, e.g. ``"std=0.01"``
``"xavier"``        :math:`\mathcal{N}(0, 1/n_\text{in})` (the book's Xavier)
``"he"``            :math:`\mathcal{N}(0, 2/n_\text{in})` (He et al., 2015)
``"he-slide"``      :math:`\mathcal{N}(0, 4/n_\text{in})` (slide 9's error, std :math:`2/\sqrt{n}`)
``"glorot"``        :math:`\mathcal{N}(0, 2/(n_\text{in} + n_\text{out}))` (Glorot & Bengio, 2010)
``"zeros"``         all zeros
``"constant=<c>"``  all equal to ``c`` (any sign), e.g. ``"constant=0.5"``
==================  =========================================================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike

from weightinit._validation import RngLike, check_float_dtype, check_rng, check_shape
from weightinit.distributions import constant, normal
from weightinit.fans import compute_fans
from weightinit.initializers import xavier_normal

__all__ = ["Scheme", "available_schemes", "get_scheme"]

_NUMBER = r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_PATTERN = rf"(?:std=(?P<std>{_NUMBER})|constant=(?P<constant>[-+]?{_NUMBER}))"


@dataclass(frozen=True)
class Scheme:
    """A named initialization scheme: call it as ``scheme(shape, rng=..., dtype=...)``.

    Attributes
    ----------
    name : str
        The name it was resolved from, e.g. ``"he"``.
    description : str
        A short human-readable formula, for legends and tables.
    draw : callable
        ``draw(shape, rng, dtype) -> ndarray``.
    """

    name: str
    description: str
    draw: Callable[[tuple[int, ...], RngLike, DTypeLike], np.ndarray]

    def __call__(
        self, shape: int | Sequence[int], rng: RngLike = None, dtype: DTypeLike = np.float64
    ) -> np.ndarray:
        """Draw an array of the given shape (shape, rng and dtype validated up front)."""
        dims = check_shape(shape)
        out_dtype = check_float_dtype(dtype)
        return self.draw(dims, check_rng(rng), out_dtype)


def _fan_in_normal(factor: float) -> Callable[[tuple[int, ...], RngLike, DTypeLike], np.ndarray]:
    def draw(shape: tuple[int, ...], rng: RngLike, dtype: DTypeLike) -> np.ndarray:
        fan_in, _ = compute_fans(shape)
        return normal(shape, std=factor / math.sqrt(fan_in), rng=rng, dtype=dtype)

    return draw


_NAMED: dict[str, Scheme] = {
    "xavier": Scheme("xavier", "Xavier (book): std √(1/n)", _fan_in_normal(1.0)),
    "he": Scheme("he", "He: std √(2/n)", _fan_in_normal(math.sqrt(2.0))),
    "he-slide": Scheme("he-slide", "slide 9: std 2/√n", _fan_in_normal(2.0)),
    "glorot": Scheme(
        "glorot",
        "Glorot: std √(2/(n_in+n_out))",
        lambda shape, rng, dtype: xavier_normal(shape, rng=rng, dtype=dtype),
    ),
    "zeros": Scheme(
        "zeros", "all zeros", lambda shape, rng, dtype: constant(shape, 0.0, dtype=dtype)
    ),
}


def available_schemes() -> list[str]:
    """Return the fixed scheme names plus the patterns ``"std=<s>"`` and ``"constant=<c>"``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> available_schemes()
    ['std=<s>', 'constant=<c>', 'xavier', 'he', 'he-slide', 'glorot', 'zeros']
    """
    return ["std=<s>", "constant=<c>", *_NAMED]


def get_scheme(name: str | Scheme | Callable[..., np.ndarray]) -> Scheme:
    """Resolve a scheme name (or pass a callable through) to a :class:`Scheme`.

    Parameters
    ----------
    name : str, Scheme or callable
        A name from :func:`available_schemes`, e.g. ``"std=0.01"``, ``"xavier"``, ``"he"``; a
        :class:`Scheme`, returned as is; or a callable ``init(shape, rng) -> ndarray``, wrapped
        so that its result is cast to the requested dtype.

    Returns
    -------
    Scheme

    Raises
    ------
    ValueError
        If the name is unknown, the number of ``"std=<s>"`` is negative, or a number is not
        finite.
    TypeError
        If ``name`` is neither a str nor callable.

    Examples
    --------
    >>> init = get_scheme("xavier")
    >>> w = init((100, 50), rng=0)
    >>> round(float(w.std() * 10), 1)  # std = 1 / sqrt(100)
    1.0
    >>> get_scheme("std=0.01").description
    'std 0.01'
    """
    if isinstance(name, Scheme):
        return name
    if isinstance(name, str):
        key = name.strip().lower().replace(" ", "")
        if key in _NAMED:
            return _NAMED[key]
        match = re.fullmatch(_PATTERN, key)
        if match:
            kind = "std" if match["std"] is not None else "constant"
            value = float(match[kind])
            if not math.isfinite(value):
                raise ValueError(f"scheme {name!r}: the number must be finite")
            if kind == "std":
                return Scheme(
                    name,
                    f"std {value:g}",
                    lambda shape, rng, dtype: normal(shape, std=value, rng=rng, dtype=dtype),
                )
            return Scheme(
                name,
                f"constant {value:g}",
                lambda shape, rng, dtype: constant(shape, value, dtype=dtype),
            )
        raise ValueError(f"scheme must be one of {available_schemes()}, got {name!r}")
    if callable(name):
        function = name
        label = getattr(function, "__name__", "custom")
        return Scheme(
            label,
            label,
            lambda shape, rng, dtype: np.asarray(function(shape, rng), dtype=dtype),
        )
    raise TypeError(
        f"scheme must be a name such as 'he' or a callable init(shape, rng), got {name!r}"
    )
