r"""Dynamical isometry: the input–output Jacobian of a deep network at initialization.

A stack of :math:`L` bias-free layers of width :math:`n` maps an input row :math:`h^{(0)}` to

.. math::

    h^{(\ell)} = f\!\left(h^{(\ell-1)} W^{(\ell)}\right), \qquad \ell = 1, \dots, L,

and its **input–output Jacobian** :math:`J = \partial h^{(L)} / \partial h^{(0)}` is the product
:math:`\prod_\ell W^{(\ell)} D^{(\ell)}`, with :math:`D^{(\ell)}` the diagonal matrix of
:math:`f'` at layer :math:`\ell` (the identity for a linear network). A network is
**dynamically isometric** when all singular values of :math:`J` are close to 1, so that every
direction of the input (and of the gradient, on the way back) is passed on unchanged
(Saxe et al., 2014; Pennington et al., 2017). :func:`jacobian_spectra` computes the singular
values at several depths; :func:`norm_drift` measures how the squared norm of a signal drifts
through random finite-width linear or ReLU layers (Hanin & Rolnick, 2018).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from weightinit._validation import (
    RngLike,
    check_choice,
    check_count,
    check_int,
    check_real,
    check_rng,
    check_sizes,
    check_value,
)
from weightinit.schemes import SCHEMES, Scheme, get_scheme

__all__ = ["JacobianSpectra", "NormDrift", "jacobian_spectra", "norm_drift"]

_ACTIVATIONS = ("linear", "tanh")
# the layers norm_drift knows: linear with variance-1/n weights, ReLU with He's variance 2/n
_DRIFT_INITS = {"linear": ("lecun-untruncated", "orthogonal", "he", "pytorch"), "relu": ("he",)}


def _check_network(depths: object, width: object, init: str) -> tuple[tuple[int, ...], int, Scheme]:
    """The depths (strictly increasing), the width and the scheme drawing the weights, checked."""
    values = check_sizes(depths, "depths")
    check_value(list(values) == sorted(set(values)), "depths", "be strictly increasing", values)
    width = check_count(width, "width")
    check_choice(init, "init", tuple(SCHEMES))
    return values, width, get_scheme(init)


@dataclass(frozen=True)
class JacobianSpectra:
    """Singular values of the input–output Jacobian at several depths.

    Attributes
    ----------
    depths : tuple of int
        The depths :math:`L` at which the Jacobian was taken (of the same networks).
    singular_values : numpy.ndarray
        Shape ``(len(depths), n_networks * width)``: all singular values of all networks.
    init, activation : str
        How the weights were drawn and which activation the layers apply.
    """

    depths: tuple[int, ...]
    singular_values: np.ndarray
    init: str
    activation: str

    def spread(self, low: float = 0.1, high: float = 0.9) -> np.ndarray:
        """Decades between the ``low`` and ``high`` quantiles of the singular values, per depth.

        0 means all singular values in that range are equal; 2 means they span a factor 100.
        """
        low = check_real(low, "low")
        high = check_real(high, "high")
        check_value(
            0.0 <= low < high <= 1.0, "low and high", "satisfy 0 <= low < high <= 1", (low, high)
        )
        q_low, q_high = np.quantile(self.singular_values, [low, high], axis=1)
        return np.log10(q_high / q_low)


def jacobian_spectra(
    depths: Sequence[int] = (1, 4, 16),
    width: int = 100,
    init: str = "lecun-untruncated",
    activation: str = "linear",
    *,
    input_std: float = 0.1,
    n_networks: int = 1,
    rng: RngLike = None,
) -> JacobianSpectra:
    r"""Singular values of :math:`J = \partial h^{(L)}/\partial h^{(0)}` of fresh deep networks.

    Each network has ``depths[-1]`` square layers of ``width`` units; the Jacobian is recorded
    after each depth in ``depths``. For tanh it is taken at one input drawn from
    :math:`\mathcal{N}(0, \text{input_std}^2)`: a small ``input_std`` keeps the pre-activations
    small, near tanh's linear regime.

    Parameters
    ----------
    depths : sequence of int, default (1, 4, 16)
        Strictly increasing depths :math:`L`.
    width : int, default 100
        Units per layer :math:`n`.
    init : {"lecun-untruncated", "orthogonal", "he", "pytorch"}, default "lecun-untruncated"
        A scheme of :data:`~weightinit.schemes.SCHEMES`. ``"lecun-untruncated"``: normal with
        variance :math:`1/n`; ``"orthogonal"``: Haar-orthogonal.
    activation : {"linear", "tanh"}, default "linear"
        What every layer applies to its pre-activation.
    input_std : float, default 0.1
        Standard deviation of the input (tanh only; a linear Jacobian does not depend on it).
    n_networks : int, default 1
        Independent networks whose singular values are pooled.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    JacobianSpectra

    Examples
    --------
    >>> gauss = jacobian_spectra((1, 8), width=50, init="lecun-untruncated", rng=0)
    >>> orth = jacobian_spectra((1, 8), width=50, init="orthogonal", rng=0)
    >>> bool(gauss.spread()[1] > gauss.spread()[0] > 0.5)  # spreads out with depth
    True
    >>> bool(np.allclose(orth.singular_values, 1.0))  # all exactly 1 at every depth
    True
    """
    depths, width, draw = _check_network(depths, width, init)
    check_choice(activation, "activation", _ACTIVATIONS)
    input_std = check_real(input_std, "input_std", positive=True)
    n_networks = check_count(n_networks, "n_networks")
    generator = check_rng(rng)

    values = np.empty((len(depths), n_networks, width))
    for k in range(n_networks):
        h = input_std * generator.standard_normal(width)
        jacobian = np.eye(width)
        recorded = 0
        for layer in range(1, depths[-1] + 1):
            w = draw((width, width), rng=generator)
            jacobian = jacobian @ w  # rows: input directions, columns: units of this layer
            h = h @ w
            if activation == "tanh":
                h = np.tanh(h)
                jacobian *= 1.0 - h * h  # times D = diag(tanh'(z)), column by column
            if layer == depths[recorded]:
                values[recorded, k] = np.linalg.svd(jacobian, compute_uv=False)
                recorded += 1
    return JacobianSpectra(depths, values.reshape(len(depths), -1), init, activation)


@dataclass(frozen=True)
class NormDrift:
    r"""How :math:`\ln(\lVert h^{(L)}\rVert^2 / \lVert h^{(0)}\rVert^2)` varies over networks.

    Attributes
    ----------
    depths : tuple of int
        The depths :math:`L` recorded.
    log_ratios : numpy.ndarray
        Shape ``(len(depths), n_networks)``: the log of the squared-norm ratio, per network.
    width : int
        Units per layer :math:`n`.
    init : str
        How the weights were drawn.
    activation : {"linear", "relu"}
        The activation after every layer.
    """

    depths: tuple[int, ...]
    log_ratios: np.ndarray
    width: int
    init: str
    activation: str = "linear"

    @property
    def mean(self) -> np.ndarray:
        """Mean over networks of the log ratio, per depth."""
        return self.log_ratios.mean(axis=1)

    @property
    def std(self) -> np.ndarray:
        """Standard deviation over networks of the log ratio, per depth."""
        return self.log_ratios.std(axis=1, ddof=1)

    def predicted(self) -> tuple[np.ndarray, np.ndarray]:
        r"""First-order mean and standard deviation of the log ratio, per depth.

        For Gaussian weights of variance :math:`1/n` in a linear layer, each layer multiplies
        the squared norm by :math:`\chi^2_n / n`, whose log has mean :math:`\approx -1/n` and
        variance :math:`\approx 2/n`: over :math:`L` independent layers, mean :math:`-L/n` and
        standard deviation :math:`\sqrt{2L/n}`. A ReLU layer with He's variance :math:`2/n`
        multiplies it by :math:`(2/n) \sum_j \operatorname{ReLU}(g_j)^2` with :math:`g_j`
        independent standard normal, a factor of mean 1 and variance :math:`5/n` (since
        :math:`\mathbb{E}[\operatorname{ReLU}(g)^4] = 3/2`), whose log has mean
        :math:`\approx -5/(2n)` and variance :math:`\approx 5/n`: mean :math:`-5L/(2n)` and
        standard deviation :math:`\sqrt{5L/n}`.
        """
        depths = np.asarray(self.depths, dtype=float)
        factor_variance = 5.0 if self.activation == "relu" else 2.0
        return (
            -factor_variance * depths / (2.0 * self.width),
            np.sqrt(factor_variance * depths / self.width),
        )


def norm_drift(
    depths: Sequence[int] = (1, 4, 16, 64),
    width: int = 50,
    init: str = "lecun-untruncated",
    *,
    activation: str = "linear",
    n_networks: int = 200,
    rng: RngLike = None,
) -> NormDrift:
    r"""Send one input through many random deep networks and record its squared norm.

    With weights of variance :math:`1/n`, :math:`\mathbb{E}\lVert h^{(L)}\rVert^2 =
    \lVert h^{(0)}\rVert^2` at every depth, yet the typical (median) network shrinks the signal
    and a few inflate it: the log of the ratio is close to normal with a mean and a variance
    that grow like :math:`L/n` (Hanin & Rolnick, 2018). Orthogonal weights preserve the norm
    exactly. With ``activation="relu"`` and He's weights (variance :math:`2/n`) the mean is kept
    too, and the log ratio spreads faster (:meth:`NormDrift.predicted`).

    Parameters
    ----------
    depths : sequence of int, default (1, 4, 16, 64)
        Strictly increasing depths :math:`L`.
    width : int, default 50
        Units per layer :math:`n`.
    init : {"lecun-untruncated", "orthogonal", "he", "pytorch"}, default "lecun-untruncated"
        How the weights are drawn; in a linear network only ``"lecun-untruncated"``
        (variance :math:`1/n`) and ``"orthogonal"`` keep
        :math:`\mathbb{E}\lVert h^{(L)}\rVert^2` fixed.
    activation : {"linear", "relu"}, default "linear"
        The activation after every layer; ``"relu"`` takes ``init="he"``.
    n_networks : int, default 200
        Independent networks, at least 2.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    NormDrift

    Examples
    --------
    >>> drift = norm_drift((8, 32), width=32, n_networks=300, rng=0)
    >>> [round(float(s), 1) for s in drift.std]  # grows like sqrt(2 L / n): 0.7, 1.4
    [0.7, 1.4]
    >>> relu = norm_drift((32,), 32, "he", activation="relu", n_networks=300, rng=0)
    >>> round(float(relu.std[0]), 1), round(float(relu.predicted()[1][0]), 1)  # sqrt(5 L / n)
    (2.3, 2.2)
    >>> orth = norm_drift((32,), 32, "orthogonal", n_networks=2, rng=0)
    >>> bool(np.abs(orth.log_ratios).max() < 1e-12)  # the norm is kept exactly
    True
    """
    depths, width, draw = _check_network(depths, width, init)
    activation = check_choice(activation, "activation", tuple(_DRIFT_INITS))
    check_choice(init, f"init (with activation={activation!r})", _DRIFT_INITS[activation])
    n_networks = check_int(n_networks, "n_networks", minimum=2)
    generator = check_rng(rng)

    log_ratios = np.empty((len(depths), n_networks))
    h0 = generator.standard_normal(width)
    start = float(h0 @ h0)
    for k in range(n_networks):
        h = h0
        recorded = 0
        for layer in range(1, depths[-1] + 1):
            h = h @ draw((width, width), rng=generator)
            if activation == "relu":
                h = np.maximum(h, 0.0)
            if layer == depths[recorded]:
                log_ratios[recorded, k] = np.log(float(h @ h) / start)
                recorded += 1
    return NormDrift(depths, log_ratios, width, init, activation)
