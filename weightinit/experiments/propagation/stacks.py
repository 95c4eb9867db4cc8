r"""Signals through a stack of fully connected layers: the book's histogram experiment.

A **stack** here is :math:`L` fully connected layers without biases. With input
:math:`x^{(0)}` (one row per sample), layer :math:`\ell = 1, \dots, L` computes

.. math::

    z^{(\ell)} = x^{(\ell-1)} W^{(\ell)}, \qquad x^{(\ell)} = f\!\left(z^{(\ell)}\right),

where :math:`W^{(\ell)}` has shape :math:`(n_{\ell-1}, n_\ell)`, :math:`z^{(\ell)}` is the
**pre-activation** and :math:`x^{(\ell)}` the **activation** of layer :math:`\ell`.
:func:`forward_stack` records both; :func:`backward_stack` sends a gradient back down the same
stack and records what reaches each layer. The book's experiment (Saito, 2016, section 6.2.2)
is ``forward_stack(rng.standard_normal((1000, 100)), n_layers=5, width=100, ...)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._validation import (
    RngLike,
    check_instance,
    check_int,
    check_matrix,
    check_real,
    check_real_array,
    check_rng,
    check_value,
    check_widths,
)
from weightinit.activations import Activation, get_activation
from weightinit.schemes import Scheme, get_scheme

__all__ = [
    "BackwardPass",
    "ForwardPass",
    "activation_derivatives",
    "backward_stack",
    "forward_stack",
    "fraction_near",
    "layer_std",
]


@dataclass(frozen=True)
class ForwardPass:
    r"""What :func:`forward_stack` computed, layer by layer.

    Attributes
    ----------
    inputs : numpy.ndarray
        The input :math:`x^{(0)}`, shape ``(n_samples, n_0)``.
    weights : list of numpy.ndarray
        :math:`W^{(1)}, \dots, W^{(L)}`.
    pre_activations : list of numpy.ndarray
        :math:`z^{(1)}, \dots, z^{(L)}`, each ``(n_samples, width)``.
    activations : list of numpy.ndarray
        :math:`x^{(1)}, \dots, x^{(L)}`, each ``(n_samples, width)``.
    activation : Activation
        The activation function used in every layer.
    scheme : Scheme
        The initialization scheme the weights were drawn from.
    """

    inputs: np.ndarray
    weights: list[np.ndarray]
    pre_activations: list[np.ndarray]
    activations: list[np.ndarray]
    activation: Activation
    scheme: Scheme

    @property
    def n_layers(self) -> int:
        """Number of layers :math:`L`."""
        return len(self.weights)


@dataclass(frozen=True)
class BackwardPass:
    r"""What :func:`backward_stack` computed, layer by layer (index 0 is layer 1).

    Attributes
    ----------
    output_gradient : numpy.ndarray
        :math:`\partial L / \partial x^{(L)}`, the gradient fed in at the top.
    pre_activation_gradients : list of numpy.ndarray
        :math:`\delta^{(\ell)} = \partial L / \partial z^{(\ell)}`, each ``(n_samples, width)``.
    activation_gradients : list of numpy.ndarray
        :math:`\partial L / \partial x^{(\ell-1)} = \delta^{(\ell)} W^{(\ell)\top}`: the gradient
        that layer :math:`\ell` sends to its input.
    weight_gradients : list of numpy.ndarray
        :math:`\partial L / \partial W^{(\ell)} = x^{(\ell-1)\top} \delta^{(\ell)} / N` for a loss
        averaged over the :math:`N` samples.
    """

    output_gradient: np.ndarray
    pre_activation_gradients: list[np.ndarray]
    activation_gradients: list[np.ndarray]
    weight_gradients: list[np.ndarray]


def _check_samples(x: ArrayLike, name: str) -> np.ndarray:
    return check_matrix(x, name)


def forward_stack(
    x: ArrayLike,
    n_layers: int = 5,
    width: int | Sequence[int] = 100,
    init: str | Scheme | Callable[..., np.ndarray] = "std=1",
    activation: str | Activation = "sigmoid",
    *,
    rng: RngLike = None,
) -> ForwardPass:
    """Send ``x`` through a fresh stack of bias-free layers and record every layer.

    Parameters
    ----------
    x : array_like
        Input, shape ``(n_samples, n_features)``.
    n_layers : int, default 5
        Number of layers :math:`L`.
    width : int or sequence of int, default 100
        Units per layer: one int for all layers, or one per layer.
    init : str, Scheme or callable, default "std=1"
        Initialization scheme, resolved by :func:`~weightinit.schemes.get_scheme`, e.g.
        ``"std=0.01"``, ``"xavier-book"``, ``"he"``.
    activation : str or Activation, default "sigmoid"
        Resolved by :func:`~weightinit.activations.get_activation`.
    rng : numpy.random.Generator, int or None
        Source of randomness for the weights, or a seed for one.

    Returns
    -------
    ForwardPass

    Raises
    ------
    ValueError
        If ``x`` is not a finite non-empty 2-D array, or a count or name is invalid.
    TypeError
        If ``x`` is not numeric or ``init``/``activation`` has the wrong type.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((1000, 100))
    >>> result = forward_stack(x, n_layers=5, width=100, init="std=1", rng=1)
    >>> [a.shape for a in result.activations][:2]
    [(1000, 100), (1000, 100)]
    >>> share = fraction_near(result.activations, (0.0, 1.0), tol=0.02)
    >>> bool(share[-1] > 0.5)  # saturated: most outputs within 0.02 of 0 or 1
    True
    """
    inputs = _check_samples(x, "x")
    n_layers = check_int(n_layers, "n_layers", minimum=1)
    widths = check_widths(width, n_layers)
    scheme = get_scheme(init)
    act = get_activation(activation)
    generator = check_rng(rng)

    fans = [inputs.shape[1], *widths]
    weights = [scheme((m, n), rng=generator) for m, n in itertools.pairwise(fans)]
    run = passes.forward(inputs, weights, None, act, top_activation=True)
    return ForwardPass(inputs, weights, run.pre_activations, run.outputs, act, scheme)


def backward_stack(
    forward: ForwardPass, output_gradient: ArrayLike | None = None, *, rng: RngLike = None
) -> BackwardPass:
    r"""Back-propagate a gradient from the top of a stack down to its input.

    Starting from :math:`g = \partial L / \partial x^{(L)}`, for :math:`\ell = L, \dots, 1`:

    .. math::

        \begin{aligned}
        \delta^{(\ell)} &= g \odot f'\!\left(z^{(\ell)}\right), \\
        \frac{\partial L}{\partial W^{(\ell)}} &= \frac{1}{N}\, x^{(\ell-1)\top} \delta^{(\ell)},
        \\
        g &\leftarrow \delta^{(\ell)} W^{(\ell)\top}.
        \end{aligned}

    Parameters
    ----------
    forward : ForwardPass
        The result of :func:`forward_stack`.
    output_gradient : array_like, optional
        :math:`\partial L / \partial x^{(L)}`, shaped like the last activation. By default a
        standard-normal array drawn from ``rng``: a stand-in for the gradient of a loss that
        does not favour any unit.
    rng : numpy.random.Generator, int or None
        Used only to draw the default ``output_gradient``.

    Returns
    -------
    BackwardPass

    Raises
    ------
    ValueError
        If ``output_gradient`` has the wrong shape or non-finite values.
    TypeError
        If ``forward`` is not a :class:`ForwardPass`.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((500, 100))
    >>> fwd = forward_stack(x, n_layers=5, init="std=1", activation="sigmoid", rng=1)
    >>> stds = layer_std(backward_stack(fwd, rng=2).pre_activation_gradients)
    >>> bool(stds[0] < stds[-1])  # the gradient shrinks on its way down
    True
    """
    forward = check_instance(forward, "forward", ForwardPass)
    top = forward.activations[-1]
    if output_gradient is None:
        gradient = check_rng(rng).standard_normal(top.shape)
    else:
        gradient = _check_samples(output_gradient, "output_gradient")
        rule = f"have the shape of the last activation {top.shape}"
        check_value(gradient.shape == top.shape, "output_gradient", rule, gradient.shape)
    run = passes.Forward(forward.inputs, forward.activations, forward.pre_activations)
    back = passes.backward(
        run,
        forward.weights,
        forward.activation,
        gradient,
        top_activation=True,
        batch_mean=True,
        record=True,
        send_to_input=True,
    )
    return BackwardPass(gradient, back.deltas, back.sent, back.weight_gradients)


def activation_derivatives(forward: ForwardPass) -> list[np.ndarray]:
    r"""Return :math:`f'(z^{(\ell)})` for every layer: the factor each unit's gradient passes.

    Parameters
    ----------
    forward : ForwardPass
        The result of :func:`forward_stack`.

    Returns
    -------
    list of numpy.ndarray
        One array per layer, shaped like the pre-activations.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((200, 100))
    >>> fwd = forward_stack(x, n_layers=2, init="std=0.01", activation="sigmoid", rng=1)
    >>> [round(float(d.mean()), 2) for d in activation_derivatives(fwd)]  # sigma'(0) = 1/4
    [0.25, 0.25]
    """
    forward = check_instance(forward, "forward", ForwardPass)
    return [forward.activation.derivative(z) for z in forward.pre_activations]


def layer_std(arrays: Sequence[ArrayLike]) -> np.ndarray:
    """Return the standard deviation of each array (one per layer), over all its entries.

    Parameters
    ----------
    arrays : sequence of array_like
        E.g. ``ForwardPass.activations`` or ``BackwardPass.pre_activation_gradients``.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(arrays),)``.

    Examples
    --------
    >>> layer_std([np.array([0.0, 2.0]), np.array([1.0, 1.0])])
    array([1., 0.])
    """
    check_value(len(arrays) > 0, "arrays", "hold at least one array")
    return np.array([float(np.std(np.asarray(a, dtype=np.float64))) for a in arrays])


def fraction_near(
    arrays: Sequence[ArrayLike], values: Sequence[float] | float, tol: float = 0.02
) -> np.ndarray:
    """Return, per array, the share of entries within ``tol`` of any of ``values``.

    Parameters
    ----------
    arrays : sequence of array_like
        One array per layer.
    values : float or sequence of float
        The points of interest, e.g. ``(0.0, 1.0)`` for a saturated sigmoid or ``0.5`` for a
        collapsed one.
    tol : float, default 0.02
        Non-negative half-width of the window around each value.

    Returns
    -------
    numpy.ndarray
        Shares in [0, 1], shape ``(len(arrays),)``.

    Examples
    --------
    >>> fraction_near([np.array([0.0, 0.01, 0.5, 0.99])], (0.0, 1.0), tol=0.02)
    array([0.75])
    """
    check_value(len(arrays) > 0, "arrays", "hold at least one array")
    tol = check_real(tol, "tol", non_negative=True)
    points = np.atleast_1d(check_real_array(values, "values"))
    check_value(points.ndim == 1, "values", "be a number or a sequence of numbers", values)
    shares = []
    for array in arrays:
        a = np.asarray(array, dtype=np.float64).ravel()
        near = np.zeros(a.shape, dtype=bool)
        for point in points:
            near |= np.abs(a - point) <= tol
        shares.append(float(near.mean()) if a.size else float("nan"))
    return np.array(shares)
