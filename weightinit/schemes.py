r"""The initialization schemes of the book and the slides, by name.

The experiments compare schemes such as ``"std=0.01"``, ``"xavier"`` and ``"he"``. This module
turns those names into :class:`Scheme` objects, called as ``scheme(shape, rng=..., dtype=...)``,
that also know the variance of the weights they draw (:meth:`Scheme.variance`). The fan-based
schemes are calls into :func:`~weightinit.initializers.variance_scaling`
(:func:`scaled_scheme`); :func:`get_scheme` also accepts any initializer of the package, or any
callable ``init(shape, *, rng, dtype)`` or ``init(shape, rng)``.

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

``"xavier"``, ``"he"``, ``"he-slide"`` and ``"glorot"`` are
``variance_scaling(shape, scale, mode, "untruncated_normal")`` with ``scale`` 1, 2, 4 and 1 and
``mode`` ``"fan_in"`` (``"fan_avg"`` for Glorot); ``"std=<s>"`` is
:func:`~weightinit.distributions.normal` with ``std=s`` and the constants are
:func:`~weightinit.distributions.constant`.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike

from weightinit._validation import (
    RngLike,
    check_choice,
    check_float_dtype,
    check_real,
    check_rng,
    check_shape,
    check_value,
    type_error,
    value_error,
)
from weightinit.distributions import constant, normal
from weightinit.initializers import DISTRIBUTIONS, MODES, scaled_variance, variance_scaling

__all__ = ["Scheme", "available_schemes", "get_scheme", "scaled_scheme"]

_NUMBER = r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_PATTERN = rf"(?:std=(?P<std>{_NUMBER})|constant=(?P<constant>[-+]?{_NUMBER}))"

Draw = Callable[[tuple[int, ...], np.random.Generator, np.dtype], np.ndarray]


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
        ``draw(shape, generator, dtype) -> ndarray``, given a validated shape tuple, a
        :class:`numpy.random.Generator` and a floating :class:`numpy.dtype`.
    variance_of : callable or None
        ``variance_of(shape) -> float``, the variance of every weight the scheme draws for a
        validated shape (zero-mean schemes only); None when it is not known.

    Examples
    --------
    >>> he = get_scheme("he")
    >>> he((400, 100), rng=0).shape, he.variance((400, 100))
    ((400, 100), 0.005)
    """

    name: str
    description: str
    draw: Draw
    variance_of: Callable[[tuple[int, ...]], float] | None = None

    def __call__(
        self, shape: int | Sequence[int], rng: RngLike = None, dtype: DTypeLike = np.float64
    ) -> np.ndarray:
        """Draw an array of the given shape (shape, rng and dtype validated up front)."""
        dims = check_shape(shape)
        out_dtype = check_float_dtype(dtype)
        return self.draw(dims, check_rng(rng), out_dtype)

    def variance(self, shape: int | Sequence[int]) -> float | None:
        r"""Return :math:`\operatorname{Var}(W)` of the zero-mean weights drawn for ``shape``.

        None when the scheme does not know it (a callable of unknown distribution, or a
        constant other than zero, whose weights do not have mean zero).
        """
        dims = check_shape(shape)
        return None if self.variance_of is None else float(self.variance_of(dims))


def scaled_scheme(
    scale: float = 1.0,
    mode: str = "fan_in",
    distribution: str = "untruncated_normal",
    *,
    name: str | None = None,
    description: str | None = None,
) -> Scheme:
    r"""A :class:`Scheme` drawing with :func:`~weightinit.initializers.variance_scaling`.

    The weights have variance :math:`\text{scale}/n`, with :math:`n` the fan chosen by
    ``mode``; the scheme reports it through :meth:`Scheme.variance`.

    Parameters
    ----------
    scale : float, default 1.0
        Non-negative multiplier of the variance (the squared gain).
    mode : {"fan_in", "fan_out", "fan_avg"}, default "fan_in"
        Which fan :math:`n` is.
    distribution : {"truncated_normal", "untruncated_normal", "uniform"}
        As for :func:`~weightinit.initializers.variance_scaling`; by default an untruncated
        normal, the book's choice.
    name, description : str, optional
        By default built from the arguments.

    Returns
    -------
    Scheme

    Examples
    --------
    >>> he_out = scaled_scheme(2.0, "fan_out")
    >>> he_out.name, he_out.variance((400, 100))
    ('scaled(scale=2, mode=fan_out)', 0.02)
    """
    scale = check_real(scale, "scale", non_negative=True)
    check_choice(mode, "mode", MODES)
    check_choice(distribution, "distribution", DISTRIBUTIONS)
    label = f"scaled(scale={scale:g}, mode={mode})"
    if distribution != "untruncated_normal":
        label = label[:-1] + f", {distribution})"
    return Scheme(
        label if name is None else name,
        f"variance {scale:g}/{mode}" if description is None else description,
        lambda dims, rng, dtype: variance_scaling(
            dims, scale, mode, distribution, rng=rng, dtype=dtype
        ),
        lambda dims: scaled_variance(dims, scale, mode),
    )


_NAMED: dict[str, Scheme] = {
    "xavier": scaled_scheme(1.0, "fan_in", name="xavier", description="Xavier (book): std √(1/n)"),
    "he": scaled_scheme(2.0, "fan_in", name="he", description="He: std √(2/n)"),
    "he-slide": scaled_scheme(4.0, "fan_in", name="he-slide", description="slide 9: std 2/√n"),
    "glorot": scaled_scheme(
        1.0, "fan_avg", name="glorot", description="Glorot: std √(2/(n_in+n_out))"
    ),
    "zeros": Scheme(
        "zeros",
        "all zeros",
        lambda shape, rng, dtype: constant(shape, 0.0, dtype=dtype),
        lambda shape: 0.0,
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


def _keywords(function: Callable[..., np.ndarray]) -> set[str] | None:
    """Which of ``rng`` and ``dtype`` ``function`` takes by keyword; None: call it positionally."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # no signature (some builtins): the older positional form
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return {"rng", "dtype"}
    names = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    keywords = names & {"rng", "dtype"}
    return keywords or None


def _wrap_callable(function: Callable[..., np.ndarray]) -> Scheme:
    label = getattr(function, "__name__", "custom")
    keywords = _keywords(function)

    def draw(shape: tuple[int, ...], rng: np.random.Generator, dtype: np.dtype) -> np.ndarray:
        if keywords is None:
            return np.asarray(function(shape, rng), dtype=dtype)
        given = {"rng": rng, "dtype": dtype}
        return np.asarray(function(shape, **{k: given[k] for k in keywords}), dtype=dtype)

    return Scheme(label, label, draw)


def get_scheme(name: str | Scheme | Callable[..., np.ndarray]) -> Scheme:
    """Resolve a scheme name, or wrap an initializer, to a :class:`Scheme`.

    Parameters
    ----------
    name : str, Scheme or callable
        A name from :func:`available_schemes`, e.g. ``"std=0.01"``, ``"xavier"``, ``"he"``; a
        :class:`Scheme`, returned as is; or a callable. A callable with a parameter ``rng`` or
        ``dtype`` (found by ``inspect.signature``), such as every initializer of
        this package (``he_normal``, ``kaiming_normal``, ``zeros``, ...) or any
        ``init(shape, *, rng, dtype)``, is called as ``init(shape, rng=generator,
        dtype=dtype)``, passing only the keywords it has; any other callable, the older form
        ``init(shape, rng)``, as ``init(shape, generator)``. The result is cast to the
        requested dtype. A wrapped callable's :meth:`Scheme.variance` is None.

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
    >>> import weightinit as wi
    >>> get_scheme(wi.kaiming_normal)((4, 3), rng=0).shape
    (4, 3)
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
            check_value(math.isfinite(value), f"the number in scheme {name!r}", "be finite")
            if kind == "std":
                return Scheme(
                    name,
                    f"std {value:g}",
                    lambda shape, rng, dtype: normal(shape, std=value, rng=rng, dtype=dtype),
                    lambda shape: value**2,
                )
            return Scheme(
                name,
                f"constant {value:g}",
                lambda shape, rng, dtype: constant(shape, value, dtype=dtype),
                (lambda shape: 0.0) if value == 0 else None,
            )
        raise value_error("scheme", f"be one of {available_schemes()}", name)
    if callable(name):
        return _wrap_callable(name)
    accepted = (
        "a name such as 'he', a Scheme, or a callable init(shape, *, rng, dtype) "
        "or init(shape, rng)"
    )
    raise type_error("scheme", accepted, name)
