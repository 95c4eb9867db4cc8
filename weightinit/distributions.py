r"""Plain distributions and constants, as in :mod:`torch.nn.init`: no fans, no scaling rules.

:func:`normal`, :func:`uniform` and :func:`trunc_normal` draw from a distribution whose
parameters you give; :func:`constant`, :func:`zeros` and :func:`ones` fill; :func:`orthogonal`
draws a random (semi-)orthogonal matrix. The scaled schemes built on fans (Xavier, He, LeCun)
are in :mod:`weightinit.initializers`. Arguments are checked before anything is drawn, and a
``std`` or bound so large that the values would overflow ``dtype`` raises a
:class:`ValueError` instead of returning infinities.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import DTypeLike

from weightinit._sampling import (
    MIN_TRUNCATED_MASS,
    NORMAL_REACH,
    normal_cdf,
    truncated_standard_normal,
)
from weightinit._typing import Shape
from weightinit._validation import (
    RngLike,
    check_fits_dtype,
    check_float_dtype,
    check_real,
    check_rng,
    check_shape,
    check_value,
)
from weightinit.fans import compute_fans

__all__ = ["constant", "normal", "ones", "orthogonal", "trunc_normal", "uniform", "zeros"]


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
    generator = check_rng(rng)
    check_fits_dtype(abs(mean) + NORMAL_REACH * std, out_dtype, "mean and std")
    return generator.normal(mean, std, size=dims).astype(out_dtype, copy=False)


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
    check_value(low < high, "low", "be less than high", (low, high))
    check_value(math.isfinite(high - low), "high - low", "be finite", (low, high))
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    check_fits_dtype(max(abs(low), abs(high)), out_dtype, "low and high")
    return generator.uniform(low, high, size=dims).astype(out_dtype, copy=False)


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
    check_value(a < b, "a", "be less than b", (a, b))
    out_dtype = check_float_dtype(dtype)
    generator = check_rng(rng)
    low, high = (a - mean) / std, (b - mean) / std  # in standard deviations (may be infinite)
    mass = normal_cdf(high) - normal_cdf(low)
    rule = (
        f"enclose at least {MIN_TRUNCATED_MASS:g} of the probability of N(mean, std**2); "
        f"[a, b] = [{a:g}, {b:g}] holds only {mass:.2e} (it spans [{low:.3g}, {high:.3g}] "
        f"standard deviations around mean={mean:g})"
    )
    check_value(mass >= MIN_TRUNCATED_MASS, "a and b", rule)
    reach_low = max(a, mean - NORMAL_REACH * std)
    reach_high = min(b, mean + NORMAL_REACH * std)
    check_fits_dtype(max(abs(reach_low), abs(reach_high)), out_dtype, "a and b")
    standard = truncated_standard_normal(generator, dims, low, high)
    with np.errstate(over="ignore"):  # an overflow to +-inf is clipped back into [a, b]
        values = mean + std * standard
    return np.clip(values, a, b).astype(out_dtype, copy=False)


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
    out_dtype = check_float_dtype(dtype)
    check_fits_dtype(abs(value), out_dtype, "value")
    return np.full(dims, value, dtype=out_dtype)


def zeros(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Fill with zeros, as :func:`torch.nn.init.zeros_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    rng : numpy.random.Generator, int or None
        Checked and unused: every initializer of the package is called as
        ``init(shape, rng=..., dtype=...)``, as JAX's ``zeros(key, shape, dtype)`` takes a key.
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
    check_rng(rng)
    return constant(shape, 0.0, dtype=dtype)


def ones(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Fill with ones, as :func:`torch.nn.init.ones_`.

    Parameters
    ----------
    shape : int or sequence of int
        Any shape.
    rng : numpy.random.Generator, int or None
        Checked and unused: every initializer of the package is called as
        ``init(shape, rng=..., dtype=...)``, as JAX's ``zeros(key, shape, dtype)`` takes a key.
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
    check_rng(rng)
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
    check_fits_dtype(gain, out_dtype, "gain")  # every entry of a semi-orthogonal Q is <= 1
    rows, cols = math.prod(dims[:-1]), dims[-1]
    check_value(rows > 0, "shape", "have no zero dimension for orthogonal", dims)
    tall = (max(rows, cols), min(rows, cols))
    q, r = np.linalg.qr(generator.standard_normal(tall))
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return (gain * q).reshape(dims).astype(out_dtype, copy=False)
