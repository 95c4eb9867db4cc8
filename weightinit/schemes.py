r"""The initialization schemes of the book and the slides, by name.

The experiments compare schemes such as ``"std=0.01"``, ``"xavier"`` and ``"he"``. This module
turns those names into :class:`Scheme` objects, called as ``scheme(shape, rng=..., dtype=...)``,
that also know the variance of the weights they draw (:meth:`Scheme.variance`). The fan-based
schemes are calls into :func:`~weightinit.initializers.variance_scaling`
(:func:`scaled_scheme`); :func:`get_scheme` also accepts any initializer of the package, or any
callable ``init(shape, *, rng, dtype)``: the one way initializers and schemes are called.

.. important::

   The book's and the slides' **"Xavier"** is a normal with standard deviation
   :math:`\sqrt{1/n_\text{in}}`, the fan-in simplification that is today called LeCun
   initialization. It is *not* Glorot & Bengio's formula
   :math:`\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})`, which is available here as
   ``"glorot"`` (and as :func:`~weightinit.initializers.xavier_normal`). The two agree only when
   :math:`n_\text{in} = n_\text{out}`. The book's rule is therefore named ``"xavier-book"``;
   ``"xavier"`` is kept as an alias of it (:data:`ALIASES`), the same entry.

**The registry.** :data:`SCHEMES` holds every way of drawing weights the site uses, one entry
per name: the book's, the papers', each framework's default, orthogonal weights and LSUV's
start. Each entry is one value: ``scale``, ``mode`` and ``distribution`` (the arguments of
:func:`~weightinit.initializers.variance_scaling`, or ``"orthogonal"`` or ``"constant"``), how
the biases start (:class:`BiasDefault`), and, by its name, one display name and one style in
:data:`weightinit.style.SCHEME_STYLES`. :mod:`weightinit.frameworks` derives the frameworks'
defaults from the entries ``"pytorch"``, ``"keras"``, ``"flax"`` and ``"stax"``.

- ``"std=<s>"``: :math:`\mathcal{N}(0, s^2)` for any number ``s >= 0``, e.g. ``"std=0.01"``;
- ``"xavier-book"`` (alias ``"xavier"``): :math:`\mathcal{N}(0, 1/n_\text{in})`, the book's
  Xavier;
- ``"he"``: :math:`\mathcal{N}(0, 2/n_\text{in})` (He et al., 2015);
- ``"he-slide"``: :math:`\mathcal{N}(0, 4/n_\text{in})`, slide 9's error (std
  :math:`2/\sqrt{n}`);
- ``"glorot"``: :math:`\mathcal{N}(0, 2/(n_\text{in} + n_\text{out}))` (Glorot & Bengio,
  2010), as :func:`~weightinit.initializers.xavier_normal`;
- ``"glorot-uniform"``: :math:`\mathcal{U}(\pm\sqrt{6/(n_\text{in} + n_\text{out})})`, the same
  variance, as :func:`~weightinit.initializers.glorot_uniform`;
- ``"lecun-untruncated"``: :math:`\mathcal{N}(0, 1/n_\text{in})` under LeCun's name, the same
  draw as ``"xavier-book"``; untruncated, unlike
  :func:`~weightinit.initializers.lecun_normal`;
- ``"pytorch"``: :math:`\mathcal{U}(\pm 1/\sqrt{n_\text{in}})`, and the bias likewise
  (``nn.Linear``);
- ``"keras"``: Glorot uniform, zero bias (``Dense``);
- ``"flax"``: LeCun truncated normal, zero bias (``nn.Dense``);
- ``"stax"``: Glorot truncated normal, bias :math:`\mathcal{N}(0, 10^{-4})` (``Dense``);
- ``"orthogonal"``: a (semi-)orthogonal matrix (:func:`~weightinit.distributions.orthogonal`);
- ``"lsuv"``: LSUV's start, orthogonal, before :func:`~weightinit.lsuv.lsuv` rescales it;
- ``"zeros"``: all zeros;
- ``"constant=<c>"``: all equal to ``c`` (any sign), e.g. ``"constant=0.5"``.

``"std=<s>"`` is :func:`~weightinit.distributions.normal` with ``std=s`` and the constants are
:func:`~weightinit.distributions.constant`; the truncated normals are those of
:func:`~weightinit.initializers.variance_scaling` (cut at two standard deviations).
"""

from __future__ import annotations

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
from weightinit.distributions import constant, normal, orthogonal, uniform, zeros
from weightinit.initializers import DISTRIBUTIONS, MODES, scaled_variance, variance_scaling
from weightinit.language import label
from weightinit.style import SCHEME_STYLES, Style

__all__ = [
    "ALIASES",
    "CALLING_CONVENTION",
    "SCHEMES",
    "BiasDefault",
    "Scheme",
    "available_schemes",
    "get_scheme",
    "scaled_scheme",
]

_NUMBER = r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_PATTERN = rf"(?:std=(?P<std>{_NUMBER})|constant=(?P<constant>[-+]?{_NUMBER}))"

Draw = Callable[[tuple[int, ...], np.random.Generator, np.dtype], np.ndarray]


@dataclass(frozen=True)
class BiasDefault:
    r"""How a scheme (a framework's layer) starts a layer's bias.

    Attributes
    ----------
    kind : {"zeros", "fan_in_uniform", "normal"}
        All zeros; :math:`\mathcal{U}(\pm 1/\sqrt{n_\text{in}})` with the weight's fan-in
        (PyTorch); or :math:`\mathcal{N}(0, \text{std}^2)`.
    std : float, default 0.0
        The standard deviation of ``"normal"``.

    Examples
    --------
    >>> BiasDefault("fan_in_uniform").variance(100)  # 1 / (3 n_in)
    0.0033333333333333335
    """

    kind: str
    std: float = 0.0

    def variance(self, fan_in: int) -> float:
        """Return the variance of each bias entry for a layer with this fan-in."""
        if self.kind == "fan_in_uniform":
            return 1.0 / (3.0 * fan_in)
        return self.std**2 if self.kind == "normal" else 0.0

    def draw(self, n_out: int, fan_in: int, rng: np.random.Generator, dtype) -> np.ndarray:
        """Draw a bias of ``n_out`` entries."""
        if self.kind == "fan_in_uniform":
            bound = 1.0 / math.sqrt(fan_in)
            return uniform(n_out, -bound, bound, rng=rng, dtype=dtype)
        if self.kind == "normal":
            return normal(n_out, std=self.std, rng=rng, dtype=dtype)
        return zeros(n_out, dtype=dtype)

    def describe(self) -> str:
        """Return the bias as a short Markdown string with MyST math, in the current language."""
        if self.kind == "fan_in_uniform":
            return label("uniform, {bound}", bound=r"$\pm 1/\sqrt{n_\text{in}}$")
        if self.kind == "zeros":
            return label("zero")
        return label("normal, {std}", std=self.describe_std())

    def describe_std(self) -> str:
        """Return the standard deviation of a normal bias, e.g. ``std $10^{-2}$``."""
        exponent = math.log10(self.std)
        if exponent == round(exponent):
            return label("std {std}", std=f"$10^{{{round(exponent)}}}$")
        return label("std {std}", std=f"{self.std:g}")


ZERO_BIAS = BiasDefault("zeros")


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
    scale, mode, distribution : float, str, str or None
        For an entry of :data:`SCHEMES` drawn by
        :func:`~weightinit.initializers.variance_scaling`, its arguments; ``distribution`` is
        ``"orthogonal"`` or ``"constant"`` for those entries (``scale`` and ``mode`` None), and
        all three are None for a wrapped callable.
    bias : BiasDefault
        How the biases start (zeros unless the entry is a framework default that says otherwise).

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
    scale: float | None = None
    mode: str | None = None
    distribution: str | None = None
    bias: BiasDefault = ZERO_BIAS

    @property
    def style(self) -> Style | None:
        """The scheme's one style (colour, marker, display name), None if it has none."""
        return SCHEME_STYLES.get(self.name)

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


def _entry(
    name: str,
    scale: float,
    mode: str,
    distribution: str,
    description: str,
    bias: BiasDefault = ZERO_BIAS,
) -> Scheme:
    """One entry of the registry drawn by ``variance_scaling(shape, scale, mode, distribution)``."""
    scheme = scaled_scheme(scale, mode, distribution, name=name, description=description)
    return Scheme(
        name, description, scheme.draw, scheme.variance_of, scale, mode, distribution, bias
    )


def _orthogonal_entry(name: str, description: str) -> Scheme:
    return Scheme(
        name,
        description,
        lambda dims, rng, dtype: orthogonal(dims, rng=rng, dtype=dtype),
        distribution="orthogonal",
    )


#: Every named scheme, by its one name (module notes); ``"std=<s>"`` and ``"constant=<c>"``
#: are patterns that :func:`get_scheme` parses.
SCHEMES: dict[str, Scheme] = {
    entry.name: entry
    for entry in (
        _entry("xavier-book", 1.0, "fan_in", "untruncated_normal", "Xavier (book): std √(1/n)"),
        _entry("he", 2.0, "fan_in", "untruncated_normal", "He: std √(2/n)"),
        _entry("he-slide", 4.0, "fan_in", "untruncated_normal", "slide 9: std 2/√n"),
        _entry("glorot", 1.0, "fan_avg", "untruncated_normal", "Glorot: std √(2/(n_in+n_out))"),
        _entry("glorot-uniform", 1.0, "fan_avg", "uniform", "Glorot: U(±√(6/(n_in+n_out)))"),
        _entry("lecun-untruncated", 1.0, "fan_in", "untruncated_normal", "LeCun: std √(1/n)"),
        _entry(
            "pytorch",
            1.0 / 3.0,
            "fan_in",
            "uniform",
            "PyTorch default: U(±1/√n_in)",
            BiasDefault("fan_in_uniform"),
        ),
        _entry("keras", 1.0, "fan_avg", "uniform", "Keras default: Glorot uniform"),
        _entry("flax", 1.0, "fan_in", "truncated_normal", "Flax default: LeCun truncated normal"),
        _entry(
            "stax",
            1.0,
            "fan_avg",
            "truncated_normal",
            "stax default: Glorot truncated normal",
            BiasDefault("normal", 1e-2),
        ),
        _orthogonal_entry("orthogonal", "orthogonal"),
        _orthogonal_entry("lsuv", "LSUV's start: orthogonal, rescaled on data by lsuv()"),
        Scheme(
            "zeros",
            "all zeros",
            lambda shape, rng, dtype: constant(shape, 0.0, dtype=dtype),
            lambda shape: 0.0,
            distribution="constant",
        ),
    )
}

#: Other names of entries of :data:`SCHEMES`: ``"xavier"`` is the book's fan-in rule, the same
#: entry as ``"xavier-book"`` (not Glorot's, which is ``"glorot"``).
ALIASES: dict[str, str] = {"xavier": "xavier-book"}


def available_schemes() -> list[str]:
    """Return the fixed scheme names plus the patterns ``"std=<s>"`` and ``"constant=<c>"``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> available_schemes()[:6]
    ['std=<s>', 'constant=<c>', 'xavier-book', 'he', 'he-slide', 'glorot']
    """
    return ["std=<s>", "constant=<c>", *SCHEMES]


#: The one way every initializer, :class:`Scheme` and user callable is called.
CALLING_CONVENTION = "init(shape, *, rng, dtype)"


def _wrap_callable(function: Callable[..., np.ndarray]) -> Scheme:
    label = getattr(function, "__name__", "custom")

    def draw(shape: tuple[int, ...], rng: np.random.Generator, dtype: np.dtype) -> np.ndarray:
        try:
            values = function(shape, rng=rng, dtype=dtype)
        except TypeError as error:  # the callable does not take these arguments, or failed
            accepted = f"a callable {CALLING_CONVENTION} (calling {label} raised: {error})"
            raise type_error("scheme", accepted, function) from error
        return np.asarray(values, dtype=dtype)

    return Scheme(label, label, draw)


def get_scheme(name: str | Scheme | Callable[..., np.ndarray]) -> Scheme:
    r"""Resolve a scheme name, or wrap an initializer, to a :class:`Scheme`.

    Parameters
    ----------
    name : str, Scheme or callable
        A name from :func:`available_schemes`, e.g. ``"std=0.01"``, ``"xavier-book"``, ``"he"``,
        or an alias of one (:data:`ALIASES`): ``"xavier"`` is the book's fan-in rule
        :math:`\mathcal{N}(0, 1/n_\text{in})`, the entry ``"xavier-book"``, *not* Glorot &
        Bengio's (``"glorot"``, :func:`~weightinit.initializers.xavier_normal`); a
        :class:`Scheme`, returned as is; or a callable ``init(shape, *, rng, dtype)``
        (:data:`CALLING_CONVENTION`), as every initializer of this package (``he_normal``,
        ``kaiming_normal``, ``zeros``, ...) and every :class:`Scheme` is: it is called as
        ``init(shape, rng=generator, dtype=dtype)``, with a validated shape tuple, a
        :class:`numpy.random.Generator` and a floating dtype, and the result is cast to that
        dtype. A wrapped callable's :meth:`Scheme.variance` is None.

    Returns
    -------
    Scheme

    Raises
    ------
    ValueError
        If the name is unknown, the number of ``"std=<s>"`` is negative, or a number is not
        finite.
    TypeError
        If ``name`` is neither a str nor callable; when drawing, if a wrapped callable raises
        :class:`TypeError` (it does not take ``rng`` and ``dtype`` by keyword, say).

    Examples
    --------
    >>> init = get_scheme("xavier")
    >>> init is get_scheme("xavier-book"), init.name
    (True, 'xavier-book')
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
        key = ALIASES.get(key, key)
        if key in SCHEMES:
            return SCHEMES[key]
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
    accepted = f"a name such as 'he', a Scheme, or a callable {CALLING_CONVENTION}"
    raise type_error("scheme", accepted, name)
