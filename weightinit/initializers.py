r"""Weight initializers with the conventions of :mod:`torch.nn.init`, Keras and JAX.

All scaled initializers rest on one core, :func:`variance_scaling`: draw weights with variance

.. math::

    \operatorname{Var}(W) = \frac{\text{scale}}{n},
    \qquad n \in \{n_\text{in},\ n_\text{out},\ (n_\text{in} + n_\text{out})/2\},

where :math:`n_\text{in}` and :math:`n_\text{out}` are the fans of
:func:`~weightinit.fans.compute_fans`. The named schemes (Xavier/Glorot, Kaiming/He,
LeCun) are one-line choices of ``scale``, ``mode`` and ``distribution``.

Every random initializer takes the keywords ``rng`` (a :class:`numpy.random.Generator`, an int
seed, or None) and ``dtype`` (a floating dtype, float64 by default). The same seed gives the
same array. Weights use the ``x @ W`` layout, shape ``(fan_in, fan_out)``; PyTorch stores the
transpose (see :mod:`weightinit.fans`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike

from weightinit._validation import (
    RngLike,
    check_choice,
    check_float_dtype,
    check_real,
    check_rng,
    check_shape,
)
from weightinit.fans import calculate_gain, compute_fans

__all__ = [
    "constant",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "normal",
    "ones",
    "orthogonal",
    "trunc_normal",
    "uniform",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]

Shape = int | Sequence[int]

#: Standard deviation of a standard normal truncated to [-2, 2]; dividing by it restores the
#: intended variance after truncation (the constant of Keras and JAX).
TRUNCATED_STD_CORRECTION = 0.87962566103423978

_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")
_MIN_TRUNCATED_MASS = 1e-3


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _truncated_standard_normal(
    generator: np.random.Generator, shape: tuple[int, ...], low: float, high: float
) -> np.ndarray:
    """Draw standard-normal samples conditioned on ``low <= x <= high`` by rejection."""
    size = math.prod(shape)
    mass = _normal_cdf(high) - _normal_cdf(low)
    if mass < _MIN_TRUNCATED_MASS:
        raise ValueError(
            f"truncation interval [{low:g}, {high:g}] (in standard deviations around the mean) "
            f"holds only {mass:.2e} of the probability; it must hold at least "
            f"{_MIN_TRUNCATED_MASS:g}"
        )
    out = np.empty(size)
    filled = 0
    while filled < size:
        needed = size - filled
        draw = generator.standard_normal(int(needed / mass * 1.1) + 16)
        kept = draw[(draw >= low) & (draw <= high)][:needed]
        out[filled : filled + kept.size] = kept
        filled += kept.size
    return out.reshape(shape)


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
        Positive multiplier of the variance: 1 for LeCun and Glorot, 2 for He.
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
        On fewer than two dimensions, a zero fan, a non-positive or non-finite ``scale``, or
        an unknown ``mode`` or ``distribution``.
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
    scale = check_real(scale, "scale", positive=True)
    check_choice(mode, "mode", _MODES)
    check_choice(distribution, "distribution", _DISTRIBUTIONS)
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    fan_in, fan_out = compute_fans(dims)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    std = math.sqrt(scale / fan)
    if distribution == "truncated_normal":
        stddev = std / TRUNCATED_STD_CORRECTION
        values = stddev * _truncated_standard_normal(generator, dims, -2.0, 2.0)
    elif distribution == "untruncated_normal":
        values = generator.normal(0.0, std, size=dims)
    else:
        limit = math.sqrt(3.0) * std
        values = generator.uniform(-limit, limit, size=dims)
    return values.astype(out_dtype, copy=False)


def xavier_uniform(
    shape: Shape, gain: float = 1.0, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) uniform initialization, as :func:`torch.nn.init.xavier_uniform_`.

    .. math::

        W \sim \mathcal{U}(-\ell, \ell), \qquad
        \ell = \text{gain} \cdot \sqrt{\frac{6}{n_\text{in} + n_\text{out}}},

    so that :math:`\operatorname{Var}(W) = \text{gain}^2 \cdot 2 / (n_\text{in} + n_\text{out})`.

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
    gain = check_real(gain, "gain", non_negative=True)
    return _scaled(shape, gain**2, "fan_avg", "uniform", rng, dtype)


def xavier_normal(
    shape: Shape, gain: float = 1.0, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""Glorot & Bengio (2010) normal initialization, as :func:`torch.nn.init.xavier_normal_`.

    .. math::

        W \sim \mathcal{N}\!\left(0,\ \frac{2\,\text{gain}^2}{n_\text{in} + n_\text{out}}\right)

    The normal is not truncated, as in PyTorch (compare :func:`glorot_normal`).

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
    gain = check_real(gain, "gain", non_negative=True)
    return _scaled(shape, gain**2, "fan_avg", "untruncated_normal", rng, dtype)


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
    backward gradients.

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
    :math:`\sqrt{2/n}` (not :math:`2/\sqrt{n}`).

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


def _kaiming(shape, a, mode, nonlinearity, distribution, rng, dtype) -> np.ndarray:
    check_real(a, "a")
    check_choice(mode, "mode", ("fan_in", "fan_out"))
    gain = calculate_gain(nonlinearity, a)
    return _scaled(shape, gain**2, mode, distribution, rng, dtype)


def _scaled(shape, scale, mode, distribution, rng, dtype) -> np.ndarray:
    if scale == 0.0:  # gain 0: validate as usual, then return zeros
        variance_scaling(shape, 1.0, mode, distribution, rng=0, dtype=dtype)
        return np.zeros(check_shape(shape), dtype=check_float_dtype(dtype))
    return variance_scaling(shape, scale, mode, distribution, rng=rng, dtype=dtype)


def _alias(scale: float, mode: str, distribution: str, name: str, formula: str):
    def initializer(
        shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64
    ) -> np.ndarray:
        return variance_scaling(shape, scale, mode, distribution, rng=rng, dtype=dtype)

    initializer.__name__ = initializer.__qualname__ = name
    initializer.__doc__ = f"""{formula}

    Same as ``variance_scaling(shape, {scale}, "{mode}", "{distribution}")``, the Keras and JAX
    definition of ``{name}``.

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
    >>> w = {name}((600, 400), rng=0)
    >>> w.shape
    (600, 400)
    """
    initializer.__module__ = __name__
    return initializer


glorot_uniform = _alias(
    1.0,
    "fan_avg",
    "uniform",
    "glorot_uniform",
    "Glorot uniform: U(-l, l) with l = sqrt(6 / (fan_in + fan_out)); equals xavier_uniform.",
)
glorot_normal = _alias(
    1.0,
    "fan_avg",
    "truncated_normal",
    "glorot_normal",
    "Glorot normal: variance 2 / (fan_in + fan_out), truncated at 2 std (Keras, JAX).",
)
he_uniform = _alias(
    2.0,
    "fan_in",
    "uniform",
    "he_uniform",
    "He uniform: U(-l, l) with l = sqrt(6 / fan_in); equals kaiming_uniform for ReLU.",
)
he_normal = _alias(
    2.0,
    "fan_in",
    "truncated_normal",
    "he_normal",
    "He normal: variance 2 / fan_in, truncated at 2 std (Keras, JAX).",
)
lecun_uniform = _alias(
    1.0,
    "fan_in",
    "uniform",
    "lecun_uniform",
    "LeCun uniform: U(-l, l) with l = sqrt(3 / fan_in).",
)
lecun_normal = _alias(
    1.0,
    "fan_in",
    "truncated_normal",
    "lecun_normal",
    "LeCun normal: variance 1 / fan_in, truncated at 2 std (Keras, JAX).",
)


def normal(
    shape: Shape,
    mean: float = 0.0,
    std: float = 1.0,
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""Draw from :math:`\mathcal{N}(\text{mean}, \text{std}^2)`, as :func:`torch.nn.init.normal_`.

    ``normal(shape, std=0.01)`` is the ``0.01 * np.random.randn(...)`` baseline of the book.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    mean : float, default 0.0
        Mean of the distribution.
    std : float, default 1.0
        Non-negative standard deviation.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> normal((2, 3), std=0.01, rng=0).shape
    (2, 3)
    """
    dims = check_shape(shape)
    mean = check_real(mean, "mean")
    std = check_real(std, "std", non_negative=True)
    out_dtype = check_float_dtype(dtype)
    return check_rng(rng).normal(mean, std, size=dims).astype(out_dtype, copy=False)


def uniform(
    shape: Shape,
    low: float = 0.0,
    high: float = 1.0,
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""Draw from :math:`\mathcal{U}(\text{low}, \text{high})`, as :func:`torch.nn.init.uniform_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    low, high : float, default 0.0 and 1.0
        Bounds, with ``low < high``.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = uniform((1000,), -1.0, 1.0, rng=0)
    >>> bool(w.min() >= -1.0 and w.max() < 1.0)
    True
    """
    dims = check_shape(shape)
    low = check_real(low, "low")
    high = check_real(high, "high")
    if low >= high:
        raise ValueError(f"low must be less than high, got low={low}, high={high}")
    out_dtype = check_float_dtype(dtype)
    return check_rng(rng).uniform(low, high, size=dims).astype(out_dtype, copy=False)


def trunc_normal(
    shape: Shape,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    r"""Draw from a normal truncated to ``[a, b]``, as :func:`torch.nn.init.trunc_normal_`.

    ``a`` and ``b`` are absolute bounds, not multiples of ``std`` (PyTorch's convention). The
    result has the distribution of :math:`X \sim \mathcal{N}(\text{mean}, \text{std}^2)`
    conditioned on :math:`a \le X \le b`; its standard deviation is therefore below ``std``.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    mean : float, default 0.0
        Mean of the normal before truncation.
    std : float, default 1.0
        Positive standard deviation of the normal before truncation.
    a, b : float, default -2.0 and 2.0
        Lower and upper bounds, ``a < b``; the interval must hold at least 0.1 % of the
        normal's probability.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = trunc_normal((10_000,), std=0.02, a=-0.04, b=0.04, rng=0)
    >>> bool(w.min() >= -0.04 and w.max() <= 0.04)
    True
    """
    dims = check_shape(shape)
    mean = check_real(mean, "mean")
    std = check_real(std, "std", positive=True)
    a = check_real(a, "a")
    b = check_real(b, "b")
    if a >= b:
        raise ValueError(f"a must be less than b, got a={a}, b={b}")
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    standard = _truncated_standard_normal(generator, dims, (a - mean) / std, (b - mean) / std)
    return np.clip(mean + std * standard, a, b).astype(out_dtype, copy=False)


def constant(shape: Shape, value: float, *, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Fill with ``value``, as :func:`torch.nn.init.constant_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    value : float
        The fill value.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> constant((2, 2), 0.5)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    dims = check_shape(shape)
    value = check_real(value, "value")
    return np.full(dims, value, dtype=check_float_dtype(dtype))


def zeros(shape: Shape, *, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Fill with zeros, as :func:`torch.nn.init.zeros_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> zeros(3)
    array([0., 0., 0.])
    """
    return constant(shape, 0.0, dtype=dtype)


def ones(shape: Shape, *, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Fill with ones, as :func:`torch.nn.init.ones_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> ones((1, 2))
    array([[1., 1.]])
    """
    return constant(shape, 1.0, dtype=dtype)


def orthogonal(
    shape: Shape, gain: float = 1.0, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""A (semi-)orthogonal matrix times ``gain`` (Saxe et al., 2014), as Keras' ``Orthogonal``.

    The array is viewed as a matrix of shape ``(prod(shape[:-1]), shape[-1])``. If it has at
    least as many rows as columns, its columns are orthonormal (:math:`W^\top W = I`),
    otherwise its rows are (:math:`W W^\top = I`); then it is multiplied by ``gain``. The
    matrix is the Q factor of a QR decomposition of a standard normal matrix, with signs fixed
    so that it is uniformly (Haar) distributed.

    Parameters
    ----------
    shape : int or sequence of int
        At least two dimensions, none of them zero.
    gain : float, default 1.0
        Non-negative multiplier.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = orthogonal((4, 3), rng=0)
    >>> bool(np.allclose(w.T @ w, np.eye(3)))
    True
    """
    dims = check_shape(shape)
    gain = check_real(gain, "gain", non_negative=True)
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    compute_fans(dims)  # at least two dims, no zero fan
    rows, cols = math.prod(dims[:-1]), dims[-1]
    if rows == 0:
        raise ValueError(f"shape must have no zero dimension for orthogonal, got {dims}")
    tall = (max(rows, cols), min(rows, cols))
    q, r = np.linalg.qr(generator.standard_normal(tall))
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return (gain * q).reshape(dims).astype(out_dtype, copy=False)
