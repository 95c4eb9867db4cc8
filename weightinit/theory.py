r"""Mean-field signal propagation in wide random networks, computed by quadrature.

A fully connected network of width :math:`n` with pre-activations
:math:`h^{(\ell)} = \phi(h^{(\ell-1)}) W^{(\ell)} + b^{(\ell)}` (inputs as rows, the
``x @ W`` layout), weights drawn with variance
:math:`\sigma_w^2 / n` and biases with variance :math:`\sigma_b^2`, carries, as
:math:`n \to \infty`, the mean square :math:`q` of its pre-activations and the correlation
:math:`c` of two inputs' pre-activations through two maps (Poole et al., 2016; Schoenholz et
al., 2017). With :math:`z, z_1, z_2` independent standard normals,

.. math::

    \begin{aligned}
    q_{\ell+1} &= \sigma_w^2\, \mathbb{E}\bigl[\phi(\sqrt{q_\ell}\, z)^2\bigr] + \sigma_b^2,
    \\
    c_{\ell+1} &= \frac{\sigma_w^2\, \mathbb{E}[\phi(u_1)\phi(u_2)] + \sigma_b^2}{q_{\ell+1}},
    \end{aligned}

where :math:`u_1 = \sqrt{q_\ell}\, z_1` and
:math:`u_2 = \sqrt{q_\ell}\,(c_\ell z_1 + \sqrt{1 - c_\ell^2}\, z_2)`. The slope of the
correlation map at :math:`c = 1`, :math:`\chi_1 = \sigma_w^2 \mathbb{E}[\phi'(\sqrt{q^*} z)^2]`
at the length's fixed point :math:`q^*`, separates the ordered phase (:math:`\chi_1 < 1`) from
the chaotic one (:math:`\chi_1 > 1`). The expectations are Gauss–Hermite sums.

The module also gives the exact law of one He-initialized ReLU layer's length factor at finite
width (Hanin & Rolnick, 2018), :func:`relu_log_ratio_moments`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import (
    check_callable,
    check_choice,
    check_int,
    check_real,
    check_value,
    type_error,
)
from weightinit.activations import identity, identity_grad, relu, relu_grad, tanh, tanh_grad

__all__ = [
    "THEORY_ACTIVATIONS",
    "chi_1",
    "correlation_fixed_point",
    "correlation_map",
    "correlation_slope",
    "critical_weight_variance",
    "depth_scales",
    "gaussian_expectation",
    "length_fixed_point",
    "length_map",
    "length_slope",
    "relu_log_ratio_moments",
    "relu_shrink_probability",
]

#: Activations the maps know: name -> (phi, phi', phi * phi'').
_FUNCTIONS: dict[str, tuple[Callable, Callable, Callable]] = {
    "tanh": (tanh, tanh_grad, lambda x: -2.0 * np.tanh(x) ** 2 * (1.0 - np.tanh(x) ** 2)),
    "relu": (relu, relu_grad, np.zeros_like),  # phi'' is a delta at 0, where phi = 0
    "linear": (identity, identity_grad, np.zeros_like),
}
THEORY_ACTIVATIONS = tuple(_FUNCTIONS)

#: Gauss–Hermite points: even, so that no node sits on ReLU's kink at 0.
N_POINTS = 80
#: A map's slope this close to 1 counts as 1 (the quadrature's rounding): infinite depth scale.
SLOPE_ATOL = 1e-12


@cache
def _nodes(n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the probabilists' Gauss–Hermite rule, weights summing to 1."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(n_points)
    return nodes, weights / math.sqrt(2.0 * math.pi)


def _array(value: ArrayLike, name: str, *, low: float = 0.0, high: float = math.inf) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise type_error(name, "a real number or array", value) from error
    within = bool(np.all(np.isfinite(array)) and np.all((array >= low) & (array <= high)))
    check_value(within, name, f"be finite and within [{low}, {high}]", value)
    return array


def _functions(activation: str) -> tuple[Callable, Callable, Callable]:
    return _FUNCTIONS[check_choice(activation, "activation", THEORY_ACTIVATIONS)]


def gaussian_expectation(f: Callable[[np.ndarray], np.ndarray], variance: ArrayLike) -> np.ndarray:
    r"""Return :math:`\mathbb{E}[f(\sqrt{v}\, z)]`, :math:`z` standard normal, by quadrature.

    Parameters
    ----------
    f : callable
        Elementwise function of an array.
    variance : array_like
        Variance :math:`v \ge 0`; broadcasts.

    Returns
    -------
    numpy.ndarray
        Shape of ``variance``.

    Examples
    --------
    >>> float(gaussian_expectation(lambda u: u**4, 2.0))  # 3 v**2
    12.0
    """
    check_callable(f, "f")
    v = _array(variance, "variance")
    nodes, weights = _nodes(N_POINTS)
    return f(np.sqrt(v)[..., None] * nodes) @ weights


def length_map(
    q: ArrayLike, sigma_w2: ArrayLike, sigma_b2: ArrayLike = 0.0, activation: str = "tanh"
) -> np.ndarray:
    r"""The length map :math:`q \mapsto \sigma_w^2 \mathbb{E}[\phi(\sqrt{q} z)^2] + \sigma_b^2`.

    Parameters
    ----------
    q : array_like
        Mean square of the pre-activations of a layer, :math:`q \ge 0`.
    sigma_w2, sigma_b2 : array_like
        Weight variance times the fan-in, :math:`\sigma_w^2`, and bias variance
        :math:`\sigma_b^2`; all three broadcast together.
    activation : {"tanh", "relu", "linear"}, default "tanh"
        The activation :math:`\phi`.

    Returns
    -------
    numpy.ndarray
        The next layer's :math:`q`.

    Examples
    --------
    >>> float(length_map(3.0, 2.0, activation="relu"))  # He keeps q: 2 * q / 2
    3.0
    """
    phi, _, _ = _functions(activation)
    q, w, b = np.broadcast_arrays(
        _array(q, "q"), _array(sigma_w2, "sigma_w2"), _array(sigma_b2, "sigma_b2")
    )
    return w * gaussian_expectation(lambda u: phi(u) ** 2, q) + b


def _relu_pair(q: np.ndarray, c: np.ndarray, slopes: bool) -> np.ndarray:
    """ReLU's pair expectations in closed form (the arc-cosine kernels of Cho & Saul, 2009).

    The Gauss–Hermite sum converges slowly across ReLU's kink in two dimensions.
    """
    theta = np.arccos(np.clip(c, -1.0, 1.0))
    if slopes:
        return (np.pi - theta) / (2.0 * np.pi)
    return q * (np.sin(theta) + (np.pi - theta) * c) / (2.0 * np.pi)


def _pair_expectation(f: Callable, g: Callable, q: np.ndarray, c: np.ndarray) -> np.ndarray:
    """E[f(u1) g(u2)] for a centred normal pair of variance q and correlation c."""
    if f is relu and g is relu:
        return _relu_pair(q, c, slopes=False)
    if f is relu_grad and g is relu_grad:
        return _relu_pair(q, c, slopes=True)
    nodes, weights = _nodes(N_POINTS)
    s = np.sqrt(q)[..., None, None]
    c4 = c[..., None, None]
    z1, z2 = nodes[:, None], nodes[None, :]
    u1 = s * z1
    u2 = s * (c4 * z1 + np.sqrt(np.maximum(1.0 - c4 * c4, 0.0)) * z2)
    return np.einsum("...ij,i,j->...", f(u1) * g(u2), weights, weights)


def correlation_map(
    c: ArrayLike,
    q: ArrayLike,
    sigma_w2: ArrayLike,
    sigma_b2: ArrayLike = 0.0,
    activation: str = "tanh",
) -> np.ndarray:
    r"""The correlation map :math:`c_\ell \mapsto c_{\ell+1}` for two inputs of length ``q``.

    Parameters
    ----------
    c : array_like
        Correlation of the two inputs' pre-activations, in :math:`[-1, 1]`.
    q : array_like
        Their common mean square :math:`q_\ell` (at the fixed point, :math:`q^*`).
    sigma_w2, sigma_b2 : array_like
        As in :func:`length_map`; everything broadcasts.
    activation : {"tanh", "relu", "linear"}, default "tanh"
        The activation :math:`\phi`.

    Returns
    -------
    numpy.ndarray
        :math:`c_{\ell+1}`.

    Examples
    --------
    >>> float(correlation_map(1.0, 0.5, 1.5, 0.1))  # identical inputs stay identical
    1.0
    >>> round(float(correlation_map(0.0, 1.0, 2.0, activation="relu")), 4)  # 1 / pi
    0.3183
    """
    phi, _, _ = _functions(activation)
    c, q, w, b = np.broadcast_arrays(
        _array(c, "c", low=-1.0, high=1.0),
        _array(q, "q"),
        _array(sigma_w2, "sigma_w2"),
        _array(sigma_b2, "sigma_b2"),
    )
    pair = w * _pair_expectation(phi, phi, q, c) + b
    with np.errstate(invalid="ignore"):  # 0 / 0 at q = 0 without biases: identical inputs
        ratio = pair / (w * gaussian_expectation(lambda u: phi(u) ** 2, q) + b)
    return np.clip(np.nan_to_num(ratio, nan=1.0), -1.0, 1.0)  # rounding may leave 1 + 1e-16


def chi_1(q: ArrayLike, sigma_w2: ArrayLike, activation: str = "tanh") -> np.ndarray:
    r"""The slope of the correlation map at 1: :math:`\sigma_w^2 \mathbb{E}[\phi'(\sqrt{q} z)^2]`.

    Evaluated at :math:`q = q^*` it is the mean squared singular value of one layer's
    Jacobian; :math:`\chi_1 = 1` is the edge of chaos.

    Parameters
    ----------
    q : array_like
        Mean square of the pre-activations, usually :func:`length_fixed_point`.
    sigma_w2 : array_like
        Weight variance times the fan-in.
    activation : {"tanh", "relu", "linear"}, default "tanh"
        The activation :math:`\phi`.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> float(chi_1(1.0, 2.0, "relu")), float(chi_1(0.0, 1.0, "tanh"))  # He; tanh at q* = 0
    (1.0, 1.0)
    """
    _, dphi, _ = _functions(activation)
    q, w = np.broadcast_arrays(_array(q, "q"), _array(sigma_w2, "sigma_w2"))
    return w * gaussian_expectation(lambda u: dphi(u) ** 2, q)


def correlation_slope(
    c: ArrayLike, q: ArrayLike, sigma_w2: ArrayLike, activation: str = "tanh"
) -> np.ndarray:
    r"""The slope of the correlation map at ``c``.

    :math:`\chi_c = \sigma_w^2 \mathbb{E}[\phi'(u_1)\phi'(u_2)]`; at :math:`c = 1` it
    equals :func:`chi_1`. Arguments as in :func:`correlation_map`.

    Examples
    --------
    >>> round(float(correlation_slope(0.0, 1.0, 2.0, "relu")), 3)  # 2 * (1/2)**2
    0.5
    """
    _, dphi, _ = _functions(activation)
    c, q, w = np.broadcast_arrays(
        _array(c, "c", low=-1.0, high=1.0), _array(q, "q"), _array(sigma_w2, "sigma_w2")
    )
    return w * _pair_expectation(dphi, dphi, q, c)


def length_slope(q: ArrayLike, sigma_w2: ArrayLike, activation: str = "tanh") -> np.ndarray:
    r"""The slope of the length map, :math:`\chi_1 + \sigma_w^2 \mathbb{E}[\phi(u)\phi''(u)]`.

    Examples
    --------
    >>> float(length_slope(1.0, 2.0, "relu"))
    1.0
    """
    _, _, phi_ddphi = _functions(activation)
    q, w = np.broadcast_arrays(_array(q, "q"), _array(sigma_w2, "sigma_w2"))
    return chi_1(q, w, activation) + w * gaussian_expectation(phi_ddphi, q)


def length_fixed_point(
    sigma_w2: ArrayLike, sigma_b2: ArrayLike = 0.0, activation: str = "tanh"
) -> np.ndarray:
    r"""The stable fixed point :math:`q^*` of :func:`length_map`.

    For tanh, by bisection on :math:`[0, \sigma_w^2 + \sigma_b^2]` (the map is bounded by its
    right end); for ReLU and the identity, in closed form,
    :math:`q^* = \sigma_b^2 / (1 - a\sigma_w^2)` with :math:`a = 1/2` or 1, infinite when
    :math:`a\sigma_w^2 \ge 1` (and :math:`\sigma_b > 0`; with :math:`\sigma_b = 0` there,
    :math:`q^* = 0` below the critical :math:`\sigma_w^2` and every :math:`q` is fixed at it,
    returned as ``nan``).

    Examples
    --------
    >>> float(length_fixed_point(1.0, 0.0))  # tanh at the critical point: q* = 0
    0.0
    >>> float(length_fixed_point(1.0, 0.5, "relu"))
    1.0
    """
    check_choice(activation, "activation", THEORY_ACTIVATIONS)
    w, b = np.broadcast_arrays(_array(sigma_w2, "sigma_w2"), _array(sigma_b2, "sigma_b2"))
    if activation != "tanh":
        slope = w * (0.5 if activation == "relu" else 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = np.where(slope < 1, b / (1.0 - slope), np.where(b > 0, np.inf, np.nan))
        return np.where((b == 0) & (slope < 1), 0.0, q)
    low, high = np.zeros_like(w), w + b
    for _ in range(60):  # 2**-60 of the bracket
        mid = 0.5 * (low + high)
        above = length_map(mid, w, b, activation) > mid
        low, high = np.where(above, mid, low), np.where(above, high, mid)
    return 0.5 * (low + high)


def correlation_fixed_point(
    sigma_w2: ArrayLike, sigma_b2: ArrayLike = 0.0, activation: str = "tanh", n_iter: int = 300
) -> np.ndarray:
    r"""The stable fixed point :math:`c^*` of :func:`correlation_map` at :math:`q^*`.

    1 in the ordered phase (:math:`\chi_1 \le 1`); below 1 in the chaotic phase, reached by
    iterating the map from :math:`c = 0` ``n_iter`` times (it increases to :math:`c^*`).

    Examples
    --------
    >>> float(correlation_fixed_point(0.8, 0.05))
    1.0
    """
    n_iter = check_int(n_iter, "n_iter", minimum=1)
    w, b = np.broadcast_arrays(_array(sigma_w2, "sigma_w2"), _array(sigma_b2, "sigma_b2"))
    q = length_fixed_point(w, b, activation)
    c = np.zeros_like(q)
    for _ in range(n_iter):
        c = correlation_map(c, q, w, b, activation)
    return np.where(chi_1(q, w, activation) <= 1.0, 1.0, c)


def depth_scales(
    sigma_w2: ArrayLike, sigma_b2: ArrayLike = 0.0, activation: str = "tanh"
) -> tuple[np.ndarray, np.ndarray]:
    r"""The depth scales :math:`\xi_q` and :math:`\xi_c` over which :math:`q` and :math:`c` settle.

    Near its fixed point :math:`|q_\ell - q^*| \propto e^{-\ell/\xi_q}` and
    :math:`|c_\ell - c^*| \propto e^{-\ell/\xi_c}` (Schoenholz et al., 2017), with

    .. math::

        \begin{aligned}
        \xi_q^{-1} &= -\ln \frac{dq_{\ell+1}}{dq_\ell}\Big|_{q^*}, \\
        \xi_c^{-1} &= -\ln \chi_{c^*}.
        \end{aligned}

    A slope of 1 (to ``SLOPE_ATOL``, the quadrature's rounding) or above gives an infinite
    depth scale: :math:`\xi_c` at the edge of chaos (:math:`\chi_1 = 1`), and :math:`\xi_q`
    too where the length map's slope is 1, as for tanh at :math:`\sigma_w^2 = 1`,
    :math:`\sigma_b = 0`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        :math:`\xi_q` and :math:`\xi_c`.

    Examples
    --------
    >>> xi_q, xi_c = depth_scales(1.76, 0.05)  # next to the edge of chaos
    >>> bool(xi_c > 100 * xi_q)
    True
    """
    w, b = np.broadcast_arrays(_array(sigma_w2, "sigma_w2"), _array(sigma_b2, "sigma_b2"))
    q = length_fixed_point(w, b, activation)
    c = correlation_fixed_point(w, b, activation)
    return _depth_scale(length_slope(q, w, activation)), _depth_scale(
        correlation_slope(c, q, w, activation)
    )


def _depth_scale(slope: np.ndarray) -> np.ndarray:
    """``-1 / ln(slope)``, infinite for a slope of 1 to rounding (``SLOPE_ATOL``) or above."""
    critical = slope >= 1.0 - SLOPE_ATOL
    with np.errstate(divide="ignore"):
        scale = -1.0 / np.log(np.where(critical, 0.5, slope))
    return np.where(critical, np.inf, scale)


def critical_weight_variance(sigma_b2: ArrayLike, activation: str = "tanh") -> np.ndarray:
    r"""The edge of chaos: the :math:`\sigma_w^2` where :math:`\chi_1 = 1`, per :math:`\sigma_b^2`.

    ReLU: 2 (He's rule) with :math:`\sigma_b = 0`, and no finite :math:`q^*` with
    :math:`\sigma_b > 0`, returned as ``nan``. Tanh: by bisection on :math:`[1, 10]`.

    Examples
    --------
    >>> float(critical_weight_variance(0.0)), float(critical_weight_variance(0.0, "relu"))
    (1.0, 2.0)
    """
    check_choice(activation, "activation", THEORY_ACTIVATIONS)
    b = _array(sigma_b2, "sigma_b2")
    if activation != "tanh":
        edge = 2.0 if activation == "relu" else 1.0
        return np.where(b == 0, edge, np.nan)
    low, high = np.ones_like(b), np.full_like(b, 10.0)
    for _ in range(40):
        mid = 0.5 * (low + high)
        ordered = chi_1(length_fixed_point(mid, b), mid) < 1.0
        low, high = np.where(ordered, mid, low), np.where(ordered, high, mid)
    return 0.5 * (low + high)


def relu_log_ratio_moments(width: int) -> tuple[float, float, float]:
    r"""Exact law of :math:`\ln X` for one He-initialized ReLU layer of ``width`` units.

    With Gaussian weights of variance :math:`2/n_\text{in}`, the layer multiplies the mean
    square :math:`\lVert h\rVert^2 / n` by :math:`X = (2/n)\,\chi^2_K` with
    :math:`K \sim \operatorname{Binomial}(n, 1/2)` active units; :math:`\mathbb{E}X = 1`
    (Hanin & Rolnick, 2018) and, since :math:`\operatorname{Var}\chi^2_K = \mathbb{E}[2K] +
    \operatorname{Var} K`, :math:`\operatorname{Var} X = 5/n`. Given :math:`K = k \ge 1`,
    :math:`\mathbb{E}\ln \chi^2_k = \ln 2 + \psi(k/2)` and
    :math:`\operatorname{Var} \ln \chi^2_k = \psi'(k/2)`, summed here over :math:`k`.

    Returns
    -------
    (float, float, float)
        Mean and variance of :math:`\ln X` given :math:`K \ge 1`, and :math:`P(K = 0) = 2^{-n}`.

    Examples
    --------
    >>> mean, var, dead = relu_log_ratio_moments(1000)
    >>> round(var * 1000, 1), round(mean * 1000, 1)  # about 5/n and -5/(2n)
    (5.0, -2.5)
    """
    n = check_int(width, "width", minimum=1)
    k = np.arange(1, n + 1)
    # digamma and trigamma at k/2 from their values at 1/2 and 1 and the recurrences
    gamma = 0.5772156649015329
    psi, tri = np.empty(n), np.empty(n)
    psi[0], tri[0] = -gamma - 2.0 * math.log(2.0), math.pi**2 / 2.0
    if n > 1:
        psi[1], tri[1] = -gamma, math.pi**2 / 6.0
    for i in range(2, n):
        x = k[i - 2] / 2.0
        psi[i], tri[i] = psi[i - 2] + 1.0 / x, tri[i - 2] - 1.0 / x**2
    log_pmf = np.array(
        [math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) for j in k]
    ) - n * math.log(2.0)
    p = np.exp(log_pmf)
    dead = 2.0 ** (-n)
    p = p / p.sum()
    log_mean = math.log(4.0 / n) + psi  # ln(2/n) + ln 2 + psi(k/2)
    mean = float(p @ log_mean)
    var = float(p @ tri + p @ (log_mean - mean) ** 2)
    return mean, var, dead


def relu_shrink_probability(width: int, depth: int, log_ratio: float) -> float:
    r"""Probability that :math:`\ln \rho_L` falls below ``log_ratio``, by the normal law.

    For a He-initialized ReLU network of ``depth`` layers of ``width`` units,
    :math:`\ln \rho_L = \ln(M_L/M_0)` is a sum of ``depth`` independent terms :math:`\ln X`,
    taken here as normal with ``depth`` times the mean and the variance of
    :func:`relu_log_ratio_moments`: :math:`\Phi((t - L\mu)/\sqrt{L\sigma^2})` for
    :math:`t` = ``log_ratio``.

    Parameters
    ----------
    width, depth : int
        Units per layer and layers, both at least 1.
    log_ratio : float
        The threshold :math:`t`, e.g. :math:`-\ln 10` for a signal shrunk more than tenfold.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``width`` or ``depth`` is not an int, or ``log_ratio`` not a real number.
    ValueError
        If ``width`` or ``depth`` is below 1.

    Examples
    --------
    >>> round(relu_shrink_probability(16, 40, -math.log(10)), 2)
    0.88
    >>> relu_shrink_probability(400, 40, -math.log(10)) < 0.1  # wider: fewer shrink
    True
    """
    depth = check_int(depth, "depth", minimum=1)
    threshold = check_real(log_ratio, "log_ratio")
    mean, var, _ = relu_log_ratio_moments(width)
    mu, sd = depth * mean, math.sqrt(depth * var)
    return 0.5 * (1 + math.erf((threshold - mu) / (sd * math.sqrt(2))))
