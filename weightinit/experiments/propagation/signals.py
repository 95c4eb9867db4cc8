r"""Signal sizes that several pages quote: computed once here, so every page gives one number.

- :func:`signal_left`: how much of the input's mean square the book's MNIST network still
  carries at its last hidden layer, predicted by the variance recursion
  (:func:`~weightinit.experiments.propagation.variance.predict_moments`).
- :func:`backward_through_weights`: by how much going back through :math:`W^\top` scales the
  gradient at each layer of a real :class:`~weightinit.network.MLP`, measured, next to the
  prediction :math:`s \sqrt{n_\text{out}}`.
- :func:`gain_fixed_point`: where the forward variance of a deep stack with a gain settles,
  and what the backward signal does there (tanh with PyTorch's gain :math:`5/3`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._validation import (
    check_instance,
    check_int,
    check_labels,
    check_matrix,
    check_real,
    check_sizes,
    check_value,
)
from weightinit.activations import Activation, get_activation
from weightinit.experiments.propagation.variance import (
    ScaledNormal,
    activation_moments,
    predict_moments,
)
from weightinit.network import MLP, softmax_cross_entropy
from weightinit.schemes import Scheme

__all__ = [
    "BOOK_SIZES",
    "BackwardFactors",
    "FixedPoint",
    "backward_through_weights",
    "gain_fixed_point",
    "signal_left",
]

#: Units per layer of the book's MNIST network (slide 10): 784 pixels, four hidden layers of
#: 100 units, 10 classes.
BOOK_SIZES: tuple[int, ...] = (784, 100, 100, 100, 100, 10)


def _sizes(sizes: Sequence[int], minimum: int) -> tuple[int, ...]:
    return check_sizes(sizes, "sizes", min_length=minimum)


def signal_left(
    init: str | Scheme = "xavier-book",
    activation: str | Activation = "relu",
    sizes: Sequence[int] = BOOK_SIZES,
) -> float:
    r"""Predicted mean square of the last hidden layer's activations, relative to the input's.

    The network of ``sizes`` without its output layer: ``sizes[0]`` inputs of mean square 1
    and the hidden layers ``sizes[1:-1]``. By default the book's MNIST network with the book's
    Xavier weights and ReLU, where each hidden layer halves the mean square: after four,
    :math:`2^{-4}` of it is left, a quarter of its root mean square.

    Parameters
    ----------
    init : str or Scheme, default "xavier-book"
        A zero-mean scheme: a name, or a Scheme such as one
        :func:`~weightinit.experiments.propagation.variance.ScaledNormal` returns, as for
        :func:`~weightinit.experiments.propagation.variance.predict_moments`.
    activation : str or Activation, default "relu"
        The hidden layers' activation.
    sizes : sequence of int, default :data:`BOOK_SIZES`
        Units per layer, input and output included (at least three entries).

    Returns
    -------
    float
        :math:`\mathbb{E}[(x^{(L-1)})^2] / \mathbb{E}[(x^{(0)})^2]`.

    Examples
    --------
    >>> signal_left()  # the book's Xavier, four ReLU layers: 2**-4
    0.0625
    >>> signal_left("he")
    1.0
    """
    sizes = _sizes(sizes, 3)
    hidden = list(sizes[1:-1])
    moments = predict_moments(len(hidden), hidden, init, activation, input_width=sizes[0])
    return float(moments.average("activation")[-1])


@dataclass(frozen=True)
class BackwardFactors:
    r"""By how much :math:`W^{(\ell)\top}` scales the back-propagated gradient, layer by layer.

    Index 0 is weight layer 2 (the first whose gradient goes on to a layer below); the last
    index is the output layer.

    Attributes
    ----------
    measured : numpy.ndarray
        Root mean square of :math:`\delta^{(\ell)} W^{(\ell)\top}` over that of
        :math:`\delta^{(\ell)} = \partial L / \partial z^{(\ell)}`.
    predicted : numpy.ndarray
        :math:`s_\ell \sqrt{n_\text{out}}`, with :math:`s_\ell` the standard deviation of the
        layer's weights and :math:`n_\text{out}` its fan-out: the value for weights of mean
        zero drawn independently of the gradient, whatever its components' correlations.
    fan_out : numpy.ndarray
        :math:`n_\text{out}` of each of these layers.
    """

    measured: np.ndarray
    predicted: np.ndarray
    fan_out: np.ndarray


def backward_through_weights(network: MLP, x: ArrayLike, t: ArrayLike) -> BackwardFactors:
    r"""Measure how going back through each :math:`W^\top` scales the gradient of a network.

    Runs the softmax cross-entropy loss of ``network`` on ``(x, t)`` backwards and compares,
    for every weight layer above the first, the size of the gradient it sends down,
    :math:`\delta^{(\ell)} W^{(\ell)\top}`, with the size of the gradient it receives,
    :math:`\delta^{(\ell)}`. At the output layer :math:`\delta` is the softmax gradient, whose
    components sum to zero in every row; that does not change the predicted factor, which
    needs only weights independent of :math:`\delta`.

    Parameters
    ----------
    network : weightinit.network.MLP
        The network, as initialized or trained.
    x : array_like
        Inputs, shape ``(n_samples, network.sizes[0])``.
    t : array_like
        Integer class labels, shape ``(n_samples,)``.

    Returns
    -------
    BackwardFactors

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> net = MLP((20, 100, 100, 10), "relu", "std=0.01", rng=1)
    >>> factors = backward_through_weights(net, rng.random((64, 20)), rng.integers(0, 10, 64))
    >>> factors.fan_out.tolist(), np.round(factors.predicted, 2).tolist()
    ([100, 10], [0.1, 0.03])
    """
    network = check_instance(network, "network", MLP)
    check_value(len(network.weights) >= 2, "network", "have at least two weight layers")
    inputs = check_matrix(x, "x", n_columns=network.sizes[0])
    labels = check_labels(t, "t", len(inputs), n_classes=network.sizes[-1])
    weights = [np.asarray(w, dtype=np.float64) for w in network.weights]
    run = passes.forward(inputs, weights, network.biases, network.activation)
    _, delta = softmax_cross_entropy(run.outputs[-1], labels)
    back = passes.backward(run, weights, network.activation, delta, record=True)
    measured = [
        math.sqrt(np.mean(sent**2) / np.mean(received**2))
        for sent, received in zip(back.sent, back.deltas[1:], strict=True)
    ]
    fan_out = np.array([w.shape[1] for w in weights[1:]])
    predicted = np.array([w.std() * math.sqrt(w.shape[1]) for w in weights[1:]])
    return BackwardFactors(np.array(measured), predicted, fan_out)


@dataclass(frozen=True)
class FixedPoint:
    r"""Where a deep stack's forward variance settles, and the backward factor there.

    Attributes
    ----------
    variance : float
        :math:`v^*` with :math:`v^* = g^2\, \mathbb{E}[f(z)^2]`, :math:`z \sim \mathcal{N}(0, v^*)`:
        the variance of the pre-activations deep in a stack with gain :math:`g` (fan-in, equal
        widths).
    backward_factor : float
        :math:`g^2\, \mathbb{E}[f'(z)^2]` at :math:`v^*`: the factor by which the gradient's
        mean square changes from one layer to the one below, deep in the stack.
    forward : numpy.ndarray
        The variance of the pre-activations, layer by layer, from an input of mean square 1.
    """

    variance: float
    backward_factor: float
    forward: np.ndarray


def gain_fixed_point(
    activation: str | Activation = "tanh", gain: float = 5 / 3, n_layers: int = 50
) -> FixedPoint:
    r"""Follow the forward variance through ``n_layers`` layers with a gain, to its fixed point.

    With weights of variance :math:`g^2 / n_\text{in}` the pre-activation variance obeys
    :math:`v_{\ell+1} = g^2\, \mathbb{E}[f(z)^2]`, :math:`z \sim \mathcal{N}(0, v_\ell)`
    (:func:`~weightinit.experiments.propagation.variance.predict_moments`). For tanh with :math:`g
    > 1`
    it settles at a fixed point :math:`v^*` where the backward factor is not 1.

    Parameters
    ----------
    activation : str or Activation, default "tanh"
        The activation of every layer.
    gain : float, default 5/3
        Positive gain :math:`g` on the standard deviation (PyTorch's for tanh).
    n_layers : int, default 50
        Layers to follow; the last one's variance is reported as :math:`v^*`.

    Returns
    -------
    FixedPoint

    Examples
    --------
    >>> point = gain_fixed_point()
    >>> round(point.variance, 3), round(point.backward_factor, 2)
    (1.178, 1.21)
    """
    gain = check_real(gain, "gain", positive=True)
    n_layers = check_int(n_layers, "n_layers", minimum=2)
    act = get_activation(activation)
    moments = predict_moments(n_layers, 100, ScaledNormal(gain**2, "fan_in"), act)
    forward = moments.average("pre_activation")
    variance = float(forward[-1])
    slope = float(activation_moments(act, variance).slope_second_moment[0])
    return FixedPoint(variance, gain**2 * slope, forward)
