r"""Weight initializers with the conventions of :mod:`torch.nn.init`, Keras and JAX.

All scaled initializers rest on one core, :func:`variance_scaling`: draw weights with variance

.. math::

    \begin{aligned}
    &\operatorname{Var}(W) = \frac{\text{scale}}{n}, \\
    &n \in \{n_\text{in},\ n_\text{out},\ (n_\text{in} + n_\text{out})/2\},
    \end{aligned}

where :math:`n_\text{in}` and :math:`n_\text{out}` are the fans of
:func:`~weightinit.fans.compute_fans`. The named schemes (Xavier/Glorot, Kaiming/He,
LeCun) are one-line choices of ``scale``, ``mode`` and ``distribution``.

The plain distributions (:func:`~weightinit.distributions.normal`,
:func:`~weightinit.distributions.uniform`, :func:`~weightinit.distributions.trunc_normal`,
constants and :func:`~weightinit.distributions.orthogonal`) live in
:mod:`weightinit.distributions`.

Every random initializer takes the keywords ``rng`` (a :class:`numpy.random.Generator`, an int
seed, or None) and ``dtype`` (a floating dtype, float64 by default). The same seed gives the
same array. Weights use the ``x @ W`` layout, shape ``(fan_in, fan_out)``; PyTorch stores the
transpose (see :mod:`weightinit.fans`). Arguments are checked before anything is drawn; a
``scale``, ``gain``, ``std`` or bound so large that the weights would overflow ``dtype`` raises
a :class:`ValueError` instead of returning infinities.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import DTypeLike

from weightinit._sampling import NORMAL_REACH, truncated_standard_normal
from weightinit._typing import Shape
from weightinit._validation import (
    RngLike,
    check_choice,
    check_fits_dtype,
    check_float_dtype,
    check_real,
    check_rng,
    check_shape,
)
from weightinit.fans import calculate_gain, compute_fans

__all__ = [
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "scaled_variance",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]


#: Standard deviation of a standard normal truncated to [-2, 2]; dividing by it restores the
#: intended variance after truncation (the constant of Keras and JAX).
TRUNCATED_STD_CORRECTION = 0.87962566103423978

#: The fans :func:`variance_scaling` can divide by.
MODES: tuple[str, ...] = ("fan_in", "fan_out", "fan_avg")
#: The distributions :func:`variance_scaling` can draw from.
DISTRIBUTIONS: tuple[str, ...] = ("truncated_normal", "untruncated_normal", "uniform")


def _fan(dims: tuple[int, ...], mode: str) -> float:
    fan_in, fan_out = compute_fans(dims)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def _reach(std: float, distribution: str) -> float:
    """Largest magnitude a draw of the given standard deviation can take."""
    if distribution == "truncated_normal":
        return 2.0 * std / TRUNCATED_STD_CORRECTION
    if distribution == "uniform":
        return math.sqrt(3.0) * std
    return NORMAL_REACH * std


def _draw(
    generator: np.random.Generator, dims: tuple[int, ...], std: float, distribution: str
) -> np.ndarray:
    """Draw float64 weights of standard deviation ``std`` from ``distribution``."""
    if distribution == "truncated_normal":
        stddev = std / TRUNCATED_STD_CORRECTION
        return stddev * truncated_standard_normal(generator, dims, -2.0, 2.0)
    if distribution == "untruncated_normal":
        return generator.normal(0.0, std, size=dims)
    limit = math.sqrt(3.0) * std
    return limit * generator.uniform(-1.0, 1.0, size=dims)  # no overflow for a huge limit


def _scale_from_gain(gain: float) -> float:
    """Return ``gain**2``, the ``scale`` of :func:`variance_scaling` for PyTorch's ``gain``."""
    gain = check_real(gain, "gain", non_negative=True)
    scale = gain * gain
    if not math.isfinite(scale):
        raise ValueError(
            f"gain too large for variance_scaling: its square, the variance scale, overflows "
            f"a float (gain = {gain:.3g}; at most {math.sqrt(np.finfo(float).max):.3g})"
        )
    return scale


def scaled_variance(shape: Shape, scale: float = 1.0, mode: str = "fan_in") -> float:
    r"""Return the variance :math:`\text{scale} / n` that :func:`variance_scaling` draws with.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape, ``(fan_in, fan_out)`` or ``(*kernel, in_channels, out_channels)``.
    scale : float, default 1.0
        Non-negative multiplier of the variance.
    mode : {"fan_in", "fan_out", "fan_avg"}, default "fan_in"
        Which fan :math:`n` is: :math:`n_\text{in}`, :math:`n_\text{out}` or their mean.

    Returns
    -------
    float

    Examples
    --------
    >>> scaled_variance((400, 100), 2.0, "fan_out")
    0.02
    """
    dims = check_shape(shape)
    scale = check_real(scale, "scale", non_negative=True)
    check_choice(mode, "mode", MODES)
    return scale / _fan(dims, mode)


def variance_scaling(
    shape: Shape,
    scale: float = 1.0,
    mode: str = "fan_in",
    distribution: str = "truncated_normal",
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""Draw weights whose variance is ``scale`` divided by a fan (the core of all schemes).

    The semantics are those of ``jax.nn.initializers.variance_scaling`` and Keras'
    ``VarianceScaling``. With :math:`n` the fan selected by ``mode``, the target variance is

    .. math::

        \sigma^2 = \frac{\text{scale}}{n}.

    - ``"truncated_normal"``: a normal with standard deviation
      :math:`\sigma / 0.8796\ldots`, truncated at two of those standard deviations, so that
      the variance after truncation is :math:`\sigma^2`.
    - ``"untruncated_normal"``: :math:`\mathcal{N}(0, \sigma^2)`.
    - ``"uniform"``: :math:`\mathcal{U}(-\ell, \ell)` with :math:`\ell = \sqrt{3}\,\sigma`.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape, ``(fan_in, fan_out)`` or ``(*kernel, in_channels, out_channels)``.
    scale : float, default 1.0
        Non-negative multiplier of the variance: 1 for LeCun and Glorot, 2 for He,
        :math:`\text{gain}^2` for PyTorch's initializers; 0 gives zeros (after drawing, so the
        random stream advances as for any other scale).
    mode : {"fan_in", "fan_out", "fan_avg"}, default "fan_in"
        Which fan :math:`n` is: :math:`n_\text{in}`, :math:`n_\text{out}` or their mean.
    distribution : {"truncated_normal", "untruncated_normal", "uniform"}
        The distribution to draw from.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray
        Array of the given shape and dtype.

    Raises
    ------
    ValueError
        On fewer than two dimensions, a zero fan, a negative or non-finite ``scale``, a
        ``scale`` so large that the weights would overflow ``dtype``, or an unknown ``mode``
        or ``distribution``.
    TypeError
        On a non-numeric ``scale``, a non-floating ``dtype`` or an invalid ``rng``.

    Examples
    --------
    >>> w = variance_scaling((400, 300), scale=2.0, mode="fan_in", rng=0)
    >>> w.shape, w.dtype
    ((400, 300), dtype('float64'))
    >>> round(float(w.var() * 400), 1)  # close to scale = 2
    2.0
    """
    dims = check_shape(shape)
    scale = check_real(scale, "scale", non_negative=True)
    check_choice(mode, "mode", MODES)
    check_choice(distribution, "distribution", DISTRIBUTIONS)
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    # sqrt(scale) / sqrt(n), not sqrt(scale / n): with scale = gain**2 this is PyTorch's
    # gain / sqrt(n) bit for bit, since sqrt(g * g) == g exactly in IEEE arithmetic.
    std = math.sqrt(scale) / math.sqrt(_fan(dims, mode))
    check_fits_dtype(_reach(std, distribution), out_dtype, "scale")
    return _draw(generator, dims, std, distribution).astype(out_dtype, copy=False)


def xavier_uniform(
    shape: Shape, gain: float = 1.0, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) uniform initialization, as :func:`torch.nn.init.xavier_uniform_`.

    .. math::

        \begin{aligned}
        &W \sim \mathcal{U}(-\ell, \ell), \\
        &\ell = \text{gain} \cdot \sqrt{\frac{6}{n_\text{in} + n_\text{out}}},
        \end{aligned}

    so that :math:`\operatorname{Var}(W) = \text{gain}^2 \cdot 2 / (n_\text{in} + n_\text{out})`:
    ``variance_scaling(shape, gain**2, "fan_avg", "uniform")``.

    This is Glorot & Bengio's rule, the scheme ``"glorot-uniform"``; it is *not* the book's
    "Xavier", ``get_scheme("xavier")``, which is the fan-in rule
    :math:`\mathcal{N}(0, 1/n_\text{in})` (the entry ``"xavier-book"``; ``"xavier"`` is its
    alias).

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    gain : float, default 1.0
        Non-negative factor, e.g. ``calculate_gain("tanh")``.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = xavier_uniform((256, 128), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(6 / (256 + 128)))
    True
    """
    scale = _scale_from_gain(gain)
    return variance_scaling(shape, scale, "fan_avg", "uniform", rng=rng, dtype=dtype)


def xavier_normal(
    shape: Shape, gain: float = 1.0, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) normal initialization, as :func:`torch.nn.init.xavier_normal_`.

    .. math::

        W \sim \mathcal{N}\!\left(0,\ \frac{2\,\text{gain}^2}{n_\text{in} + n_\text{out}}\right)

    The normal is not truncated, as in PyTorch (compare :func:`glorot_normal`):
    ``variance_scaling(shape, gain**2, "fan_avg", "untruncated_normal")``.

    This is Glorot & Bengio's rule, the scheme ``"glorot"``; it is *not* the book's "Xavier",
    ``get_scheme("xavier")``, which is the fan-in rule :math:`\mathcal{N}(0, 1/n_\text{in})`
    (the entry ``"xavier-book"``; ``"xavier"`` is its alias).

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    gain : float, default 1.0
        Non-negative factor.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = xavier_normal((500, 500), rng=1)
    >>> round(float(w.std() * math.sqrt(500)), 2)  # std = sqrt(2 / 1000)
    1.0
    """
    scale = _scale_from_gain(gain)
    return variance_scaling(shape, scale, "fan_avg", "untruncated_normal", rng=rng, dtype=dtype)


def kaiming_uniform(
    shape: Shape,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""He et al. (2015) uniform initialization, as :func:`torch.nn.init.kaiming_uniform_`.

    .. math::

        W \sim \mathcal{U}(-\ell, \ell), \qquad
        \ell = \text{gain} \cdot \sqrt{\frac{3}{n}},

    with :math:`n` the fan chosen by ``mode`` and ``gain = calculate_gain(nonlinearity, a)``.
    ``"fan_in"`` keeps the variance of the forward activations, ``"fan_out"`` that of the
    backward gradients. Same as ``variance_scaling(shape, gain**2, mode, "uniform")``.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    a : float, default 0.0
        Negative slope of the leaky ReLU that follows (used when ``nonlinearity`` is
        ``"leaky_relu"``; 0 gives the ReLU gain :math:`\sqrt{2}`).
    mode : {"fan_in", "fan_out"}, default "fan_in"
        Which fan to preserve the variance over.
    nonlinearity : str, default "leaky_relu"
        A name accepted by :func:`~weightinit.fans.calculate_gain`.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = kaiming_uniform((300, 100), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(6 / 300))
    True
    """
    return _kaiming(shape, a, mode, nonlinearity, "uniform", rng, dtype)


def kaiming_normal(
    shape: Shape,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""He et al. (2015) normal initialization, as :func:`torch.nn.init.kaiming_normal_`.

    .. math::

        W \sim \mathcal{N}\!\left(0,\ \frac{\text{gain}^2}{n}\right),

    with :math:`n` the fan chosen by ``mode`` and ``gain = calculate_gain(nonlinearity, a)``;
    for ReLU, :math:`\operatorname{Var}(W) = 2/n`, i.e. a standard deviation of
    :math:`\sqrt{2/n}` (not :math:`2/\sqrt{n}`). Same as
    ``variance_scaling(shape, gain**2, mode, "untruncated_normal")``.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    a : float, default 0.0
        Negative slope of the leaky ReLU that follows.
    mode : {"fan_in", "fan_out"}, default "fan_in"
        Which fan to preserve the variance over.
    nonlinearity : str, default "leaky_relu"
        A name accepted by :func:`~weightinit.fans.calculate_gain`.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = kaiming_normal((800, 800), nonlinearity="relu", rng=0)
    >>> round(float(w.std() / math.sqrt(2 / 800)), 2)
    1.0
    """
    return _kaiming(shape, a, mode, nonlinearity, "untruncated_normal", rng, dtype)


def _kaiming(
    shape: Shape,
    a: float,
    mode: str,
    nonlinearity: str,
    distribution: str,
    rng: RngLike,
    dtype: DTypeLike,
) -> np.ndarray:
    check_real(a, "a")
    check_choice(mode, "mode", ("fan_in", "fan_out"))
    scale = _scale_from_gain(calculate_gain(nonlinearity, a))
    return variance_scaling(shape, scale, mode, distribution, rng=rng, dtype=dtype)


def glorot_uniform(
    shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) uniform initialization, as Keras' and JAX's ``glorot_uniform``.

    .. math::

        W \sim \mathcal{U}(-\ell, \ell), \qquad \ell = \sqrt{\frac{6}{n_\text{in} + n_\text{out}}}

    Same as ``variance_scaling(shape, 1.0, "fan_avg", "uniform")``, the Keras and JAX
    definition of ``glorot_uniform``.
    It equals :func:`xavier_uniform` with ``gain=1``.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = glorot_uniform((600, 400), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(6 / 1000))
    True
    """
    return variance_scaling(shape, 1.0, "fan_avg", "uniform", rng=rng, dtype=dtype)


def glorot_normal(
    shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) truncated normal initialization, as Keras and JAX.

    A normal of standard deviation :math:`\sigma / 0.8796\ldots`, cut at two of those
    standard deviations, so that after the cut

    .. math::

        \operatorname{Var}(W) = \sigma^2 = \frac{2}{n_\text{in} + n_\text{out}}

    Same as ``variance_scaling(shape, 1.0, "fan_avg", "truncated_normal")``, the Keras and JAX
    definition of ``glorot_normal``.
    Unlike :func:`xavier_normal` (PyTorch's), the normal is truncated.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = glorot_normal((600, 400), rng=0)
    >>> round(float(w.var() * 500), 1)  # Var(W) = 2 / (600 + 400)
    1.0
    """
    return variance_scaling(shape, 1.0, "fan_avg", "truncated_normal", rng=rng, dtype=dtype)


def he_uniform(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""He et al. (2015) uniform initialization, as Keras' and JAX's ``he_uniform``.

    .. math::

        W \sim \mathcal{U}(-\ell, \ell), \qquad \ell = \sqrt{\frac{6}{n_\text{in}}}

    Same as ``variance_scaling(shape, 2.0, "fan_in", "uniform")``, the Keras and JAX
    definition of ``he_uniform``.
    It equals :func:`kaiming_uniform` for the ReLU.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = he_uniform((600, 400), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(6 / 600))
    True
    """
    return variance_scaling(shape, 2.0, "fan_in", "uniform", rng=rng, dtype=dtype)


def he_normal(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""He et al. (2015) truncated normal initialization, as Keras and JAX.

    A normal of standard deviation :math:`\sigma / 0.8796\ldots`, cut at two of those
    standard deviations, so that after the cut

    .. math::

        \operatorname{Var}(W) = \sigma^2 = \frac{2}{n_\text{in}}

    Same as ``variance_scaling(shape, 2.0, "fan_in", "truncated_normal")``, the Keras and JAX
    definition of ``he_normal``.
    Unlike :func:`kaiming_normal` (PyTorch's), the normal is truncated.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = he_normal((600, 400), rng=0)
    >>> round(float(w.var() * 600 / 2), 1)  # Var(W) = 2 / 600
    1.0
    """
    return variance_scaling(shape, 2.0, "fan_in", "truncated_normal", rng=rng, dtype=dtype)


def lecun_uniform(
    shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""LeCun uniform initialization, as Keras' and JAX's ``lecun_uniform``.

    .. math::

        W \sim \mathcal{U}(-\ell, \ell), \qquad \ell = \sqrt{\frac{3}{n_\text{in}}}

    Same as ``variance_scaling(shape, 1.0, "fan_in", "uniform")``, the Keras and JAX
    definition of ``lecun_uniform``.

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = lecun_uniform((600, 400), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(3 / 600))
    True
    """
    return variance_scaling(shape, 1.0, "fan_in", "uniform", rng=rng, dtype=dtype)


def lecun_normal(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""LeCun truncated normal initialization, as Keras and JAX (and Flax's default).

    A normal of standard deviation :math:`\sigma / 0.8796\ldots`, cut at two of those
    standard deviations, so that after the cut

    .. math::

        \operatorname{Var}(W) = \sigma^2 = \frac{1}{n_\text{in}}

    Same as ``variance_scaling(shape, 1.0, "fan_in", "truncated_normal")``, the Keras and JAX
    definition of ``lecun_normal``.
    The book's "Xavier" is the same variance from an untruncated normal
    (``get_scheme("xavier-book")``).

    Parameters
    ----------
    shape : int or sequence of int
        Weight shape in the ``x @ W`` layout, ``(fan_in, fan_out)``; transpose for PyTorch.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = lecun_normal((600, 400), rng=0)
    >>> round(float(w.var() * 600), 1)  # Var(W) = 1 / 600
    1.0
    """
    return variance_scaling(shape, 1.0, "fan_in", "truncated_normal", rng=rng, dtype=dtype)
