r"""The variance argument behind Xavier and He: predicted and measured second moments per layer.

In a stack of bias-free layers (see :mod:`weightinit.experiments.propagation.stacks`), layer
:math:`\ell`
computes :math:`z^{(\ell)} = x^{(\ell-1)} W^{(\ell)}` and :math:`x^{(\ell)} = f(z^{(\ell)})`. With
weights drawn independently of the inputs, with mean 0 and variance
:math:`\operatorname{Var}(W^{(\ell)})`, every pre-activation is a sum of :math:`n_{\ell-1}`
independent zero-mean terms, so

.. math::

    \begin{aligned}
    \operatorname{Var}\bigl(z^{(\ell)}\bigr)
        &= n_{\ell-1} \operatorname{Var}\bigl(W^{(\ell)}\bigr) \\
        &\quad \cdot \mathbb{E}\bigl[(x^{(\ell-1)})^2\bigr],
    \\
    \mathbb{E}\Bigl[\bigl(\tfrac{\partial L}{\partial x^{(\ell-1)}}\bigr)^2\Bigr]
        &= n_\ell \operatorname{Var}\bigl(W^{(\ell)}\bigr) \\
        &\quad \cdot \mathbb{E}\bigl[f'(z^{(\ell)})^2\bigr]\,
          \mathbb{E}\Bigl[\bigl(\tfrac{\partial L}{\partial x^{(\ell)}}\bigr)^2\Bigr].
    \end{aligned}

:func:`predict_moments` runs these two recursions, treating each pre-activation as Gaussian to
evaluate :math:`\mathbb{E}[f(z)^2]` and :math:`\mathbb{E}[f'(z)^2]`
(:func:`activation_moments`). :func:`measure_moments` measures the same second moments in
real stacks, over several seeds, so the pages can put prediction and measurement side by side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import (
    RngLike,
    check_choice,
    check_instance,
    check_int,
    check_real,
    check_real_array,
    check_rng,
    check_value,
    check_widths,
)
from weightinit.activations import Activation, get_activation
from weightinit.experiments.propagation.stacks import backward_stack, forward_stack
from weightinit.fans import compute_fans
from weightinit.schemes import Scheme, get_scheme, scaled_scheme

__all__ = [
    "ActivationMoments",
    "LayerMoments",
    "ScaledNormal",
    "activation_moments",
    "measure_moments",
    "per_layer_gain",
    "predict_moments",
    "variance_recursion",
    "weight_variance",
]

_QUANTITIES = ("pre_activation", "activation", "gradient")


def ScaledNormal(scale: float = 1.0, mode: str = "fan_in") -> Scheme:
    r"""Weights from :math:`\mathcal{N}(0, \text{scale}/n)`, :math:`n` the fan chosen by ``mode``.

    A thin :class:`~weightinit.schemes.Scheme`:
    ``scaled_scheme(scale, mode, "untruncated_normal")``, i.e. a call into
    :func:`~weightinit.initializers.variance_scaling`. Call it like any scheme,
    ``init(shape, rng=...)``; its :meth:`~weightinit.schemes.Scheme.variance` gives the
    variance. The book's "Xavier" is ``ScaledNormal(1, "fan_in")``, Glorot's normal form
    ``ScaledNormal(1, "fan_avg")`` and He's ``ScaledNormal(2, "fan_in")``.

    Parameters
    ----------
    scale : float, default 1.0
        Non-negative numerator of the variance (the squared gain).
    mode : {"fan_in", "fan_out", "fan_avg"}, default "fan_in"
        :math:`n = n_\text{in}`, :math:`n_\text{out}` or :math:`(n_\text{in} + n_\text{out})/2`.

    Returns
    -------
    Scheme

    Examples
    --------
    >>> init = ScaledNormal(2.0, "fan_out")
    >>> init.variance((400, 100))
    0.02
    >>> round(float(init((400, 100), rng=0).var() / 0.02), 1)
    1.0
    """
    return scaled_scheme(scale, mode, "untruncated_normal")


def weight_variance(
    init: str | Scheme | Callable[..., np.ndarray], fan_in: int, fan_out: int
) -> float:
    r"""Return :math:`\operatorname{Var}(W)` of a scheme for a layer with the given fans.

    The scheme reports its own variance (:meth:`~weightinit.schemes.Scheme.variance`); nothing
    is looked up by name.

    Parameters
    ----------
    init : str, Scheme or callable
        Resolved by :func:`~weightinit.schemes.get_scheme`: a zero-mean scheme name
        (``"std=<s>"``, ``"xavier-book"``, ``"he"``, ``"he-slide"``, ``"glorot"``,
        ``"zeros"``, ...), or a
        :class:`~weightinit.schemes.Scheme` that knows its variance, such as one from
        :func:`ScaledNormal`.
    fan_in, fan_out : int
        The layer's fans :math:`n_\text{in}`, :math:`n_\text{out}`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the fans are not positive or the scheme does not know its variance (e.g.
        ``"constant=0.5"``, whose weights are not zero-mean, or a plain callable).
    TypeError
        If ``init`` is of another type.

    Examples
    --------
    >>> weight_variance("xavier-book", 400, 100), weight_variance("glorot", 400, 100)
    (0.0025, 0.004)
    >>> weight_variance("std=0.01", 400, 100)
    0.0001
    """
    shape = (fan_in, fan_out)
    compute_fans(shape)  # positive ints
    scheme = get_scheme(init)
    variance = scheme.variance(shape)
    rule = (
        "be a zero-mean scheme that knows its variance, such as 'std=<s>', 'xavier-book', 'he', "
        "'he-slide', 'glorot', 'zeros' or a ScaledNormal"
    )
    check_value(variance is not None, "init", rule, init)
    assert variance is not None  # check_value raised otherwise
    return variance


@dataclass(frozen=True)
class ActivationMoments:
    r"""Moments of :math:`f(z)` and :math:`f'(z)` for :math:`z \sim \mathcal{N}(0, v)`.

    Attributes
    ----------
    activation : Activation
        The function :math:`f`.
    variance : numpy.ndarray
        The variances :math:`v` of the pre-activation.
    mean : numpy.ndarray
        :math:`\mathbb{E}[f(z)]`: zero for a zero-centred activation.
    second_moment : numpy.ndarray
        :math:`\mathbb{E}[f(z)^2]`, what the next layer's variance is made of.
    slope_second_moment : numpy.ndarray
        :math:`\mathbb{E}[f'(z)^2]`, what the backward signal is multiplied by.
    """

    activation: Activation
    variance: np.ndarray
    mean: np.ndarray
    second_moment: np.ndarray
    slope_second_moment: np.ndarray

    @property
    def forward_factor(self) -> np.ndarray:
        r""":math:`\mathbb{E}[f(z)^2] / v`: 1 for the identity, 1/2 for the ReLU."""
        with np.errstate(divide="ignore"):
            return np.where(self.variance > 0, self.second_moment / self.variance, np.inf)


def activation_moments(activation: str | Activation, variance: ArrayLike) -> ActivationMoments:
    r"""Compute :math:`\mathbb{E}[f(z)]`, :math:`\mathbb{E}[f(z)^2]`, :math:`\mathbb{E}[f'(z)^2]`.

    For :math:`z \sim \mathcal{N}(0, v)`, by the midpoint rule on a symmetric grid over
    :math:`\pm 10\sqrt{v}` with step :math:`\min(\sqrt{v}/200, 0.01)` (at most 200 000 points):
    exact to rounding for piecewise-linear activations, and to about :math:`10^{-8}` for tanh and
    the sigmoid when :math:`v \le 10^4`.

    Parameters
    ----------
    activation : str or Activation
        Resolved by :func:`~weightinit.activations.get_activation`.
    variance : float or array_like
        Non-negative variance(s) :math:`v` of the pre-activation.

    Returns
    -------
    ActivationMoments

    Examples
    --------
    >>> m = activation_moments("relu", [0.5, 2.0])
    >>> m.second_moment, m.slope_second_moment  # v/2 and 1/2
    (array([0.25, 1.  ]), array([0.5, 0.5]))
    >>> s = activation_moments("sigmoid", 1e-6)
    >>> round(float(s.mean[0]), 6), round(float(s.slope_second_moment[0]), 6)  # 1/2, (1/4)^2
    (0.5, 0.0625)
    """
    act = get_activation(activation)
    variances = np.atleast_1d(check_real_array(variance, "variance"))
    rule = "be a non-negative number or a 1-D array of them"
    check_value(variances.ndim == 1 and bool(np.all(variances >= 0)), "variance", rule, variance)
    moments = np.empty((3, variances.size))
    for index, v in enumerate(variances):
        sd = math.sqrt(v)
        half = math.ceil(10 * sd / max(min(sd / 200, 0.01), sd / 10_000)) if v else 0
        z = (np.arange(-half, half) + 0.5) * (10 * sd / half) if v else np.zeros(1)
        weights = np.exp(-0.5 * z**2 / v) if v else np.ones(1)
        weights /= weights.sum()
        values = act.function(z)
        moments[:, index] = weights @ values, weights @ values**2, weights @ act.derivative(z) ** 2
    return ActivationMoments(act, variances, *moments)


@dataclass(frozen=True)
class LayerMoments:
    r"""Second moments per layer, one row per run (index 0 of a row is layer 1).

    Attributes
    ----------
    inputs : numpy.ndarray
        :math:`\mathbb{E}[(x^{(0)})^2]` of the input, shape ``(n_runs,)``.
    pre_activation : numpy.ndarray
        :math:`\mathbb{E}[(z^{(\ell)})^2]`, shape ``(n_runs, n_layers)``; the variance of
        :math:`z^{(\ell)}`, whose mean is 0.
    activation : numpy.ndarray
        :math:`\mathbb{E}[(x^{(\ell)})^2]`, same shape.
    gradient : numpy.ndarray
        :math:`\mathbb{E}[(\partial L / \partial x^{(\ell-1)})^2]`, the gradient that layer
        :math:`\ell` sends to its input; same shape.
    output_gradient : numpy.ndarray
        :math:`\mathbb{E}[(\partial L / \partial x^{(L)})^2]`, the gradient fed in at the top
        (about 1), shape ``(n_runs,)``.
    """

    inputs: np.ndarray
    pre_activation: np.ndarray
    activation: np.ndarray
    gradient: np.ndarray
    output_gradient: np.ndarray

    def average(self, quantity: str) -> np.ndarray:
        """Return the mean over runs of ``"pre_activation"``, ``"activation"`` or ``"gradient"``.

        Examples
        --------
        >>> m = predict_moments(3, 100, "he", "relu")
        >>> m.average("activation")
        array([1., 1., 1.])
        """
        check_choice(quantity, "quantity", _QUANTITIES)
        return np.mean(getattr(self, quantity), axis=0)


def _widths(n_layers: int, width: int | Sequence[int], input_width: int | None) -> list[int]:
    n_layers = check_int(n_layers, "n_layers", minimum=1)
    units = check_widths(width, n_layers)
    first = units[0] if input_width is None else check_int(input_width, "input_width", minimum=1)
    return [first, *units]


def variance_recursion(
    fan_ins: Sequence[int],
    weight_variances: Sequence[float],
    activation: Activation,
    input_second_moment: float = 1.0,
    bias_variance: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Run the forward variance recursion layer by layer (module docstring).

    :math:`v_\ell = n_{\ell-1} \operatorname{Var}(W^{(\ell)})\, q_{\ell-1} +
    \operatorname{Var}(b)` and :math:`q_\ell = \mathbb{E}[f(z)^2]` for
    :math:`z \sim \mathcal{N}(0, v_\ell)`, from :math:`q_0`; the one place the pages'
    predictions (:func:`predict_moments`,
    :func:`~weightinit.experiments.propagation.default_signal.predict_signal`) run it.

    Parameters
    ----------
    fan_ins : sequence of int
        :math:`n_{\ell-1}` of every layer.
    weight_variances : sequence of float
        :math:`\operatorname{Var}(W^{(\ell)})` of every layer.
    activation : Activation
        :math:`f`.
    input_second_moment : float, default 1.0
        :math:`q_0`.
    bias_variance : float, default 0.0
        :math:`\operatorname{Var}(b)`, the same at every layer.

    Returns
    -------
    pre_activation : numpy.ndarray
        :math:`v_\ell` of every layer.
    activation : numpy.ndarray
        :math:`q_\ell` of every layer.
    slope : numpy.ndarray
        :math:`\mathbb{E}[f'(z)^2]` of every layer.

    Examples
    --------
    >>> v, q, _ = variance_recursion([100, 100], [0.02, 0.02], get_activation("relu"))
    >>> v.tolist(), q.tolist()
    ([2.0, 2.0], [1.0, 1.0])
    """
    q = input_second_moment
    out = np.empty((3, len(weight_variances)))
    for layer, (n_in, var_w) in enumerate(zip(fan_ins, weight_variances, strict=True)):
        v = n_in * var_w * q + bias_variance
        moments = activation_moments(activation, v)
        q = float(moments.second_moment[0])
        out[:, layer] = v, q, float(moments.slope_second_moment[0])
    return out[0], out[1], out[2]


def predict_moments(
    n_layers: int = 5,
    width: int | Sequence[int] = 100,
    init: str | Scheme = "xavier-book",
    activation: str | Activation = "tanh",
    *,
    input_width: int | None = None,
    input_second_moment: float = 1.0,
) -> LayerMoments:
    r"""Predict the second moments per layer from the variance recursions (module docstring).

    Forward: :math:`v_\ell = n_{\ell-1} \operatorname{Var}(W^{(\ell)})\, q_{\ell-1}` and
    :math:`q_\ell = \mathbb{E}[f(z)^2]` for :math:`z \sim \mathcal{N}(0, v_\ell)`. Backward, from
    an output gradient of mean square 1: :math:`r_{\ell-1} = n_\ell
    \operatorname{Var}(W^{(\ell)})\, \mathbb{E}[f'(z)^2]\, r_\ell`.

    Parameters
    ----------
    n_layers : int, default 5
        Number of layers :math:`L`.
    width : int or sequence of int, default 100
        Units per layer, one int for all or one per layer.
    init : str or Scheme, default "xavier-book"
        A zero-mean scheme, as accepted by :func:`weight_variance`.
    activation : str or Activation, default "tanh"
        The activation of every layer.
    input_width : int, optional
        :math:`n_0`; by default the first layer's width.
    input_second_moment : float, default 1.0
        :math:`q_0 = \mathbb{E}[(x^{(0)})^2]`.

    Returns
    -------
    LayerMoments
        With one run.

    Examples
    --------
    >>> predict_moments(4, 100, "he-slide", "relu").average("pre_activation")  # doubles
    array([ 4.,  8., 16., 32.])
    >>> predict_moments(3, [200, 100, 50], "xavier-book", "linear", input_width=400).gradient
    array([[0.125, 0.25 , 0.5  ]])
    """
    sizes = _widths(n_layers, width, input_width)
    act = get_activation(activation)
    q = check_real(input_second_moment, "input_second_moment", non_negative=True)
    variances = [weight_variance(init, n_in, n_out) for n_in, n_out in pairwise(sizes)]
    pre, post, slopes = variance_recursion(sizes[:-1], variances, act, q)
    gradient = np.empty(len(variances))
    r = 1.0
    for layer in reversed(range(len(variances))):
        r = sizes[layer + 1] * variances[layer] * slopes[layer] * r
        gradient[layer] = r
    return LayerMoments(
        np.array([input_second_moment], dtype=float),
        pre[np.newaxis, :],
        post[np.newaxis, :],
        gradient[np.newaxis, :],
        np.ones(1),
    )


def measure_moments(
    n_layers: int = 5,
    width: int | Sequence[int] = 100,
    init: str | Scheme | Callable[..., np.ndarray] = "xavier-book",
    activation: str | Activation = "tanh",
    *,
    input_width: int | None = None,
    n_samples: int = 50,
    n_seeds: int = 16,
    rng: RngLike = None,
) -> LayerMoments:
    r"""Measure the second moments per layer in ``n_seeds`` independent stacks.

    Each run draws a standard-normal input of shape ``(n_samples, input_width)``, fresh weights
    (:func:`~weightinit.experiments.propagation.stacks.forward_stack`) and a standard-normal output
    gradient (:func:`~weightinit.experiments.propagation.stacks.backward_stack`), and records the
    mean
    square of :math:`z^{(\ell)}`, :math:`x^{(\ell)}` and :math:`\partial L/\partial x^{(\ell-1)}`
    over samples and units. One finite-width stack drifts away from the prediction at random,
    more so the deeper it is; the mean over runs estimates the expected value the prediction
    is about.

    Parameters
    ----------
    n_layers, width, init, activation, input_width : optional
        As for :func:`predict_moments`; ``init`` may also be any scheme of
        :func:`~weightinit.experiments.propagation.stacks.forward_stack`.
    n_samples : int, default 50
        Input rows per run.
    n_seeds : int, default 16
        Number of independent runs.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    LayerMoments
        With ``n_seeds`` runs.

    Examples
    --------
    >>> m = measure_moments(10, 100, "he", "relu", n_seeds=8, rng=0)
    >>> m.pre_activation.shape
    (8, 10)
    >>> bool(0.5 < m.average("activation")[-1] < 2)  # He keeps E[x^2] at the input's 1
    True
    """
    sizes = _widths(n_layers, width, input_width)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    n_seeds = check_int(n_seeds, "n_seeds", minimum=1)
    scheme = get_scheme(init)
    act = get_activation(activation)
    generator = check_rng(rng)
    inputs, pre, post, grad, top = [], [], [], [], []
    for _ in range(n_seeds):
        x = generator.standard_normal((n_samples, sizes[0]))
        forward = forward_stack(x, n_layers, sizes[1:], scheme, act, rng=generator)
        backward = backward_stack(forward, rng=generator)
        inputs.append(float(np.mean(x**2)))
        pre.append([float(np.mean(z**2)) for z in forward.pre_activations])
        post.append([float(np.mean(a**2)) for a in forward.activations])
        grad.append([float(np.mean(g**2)) for g in backward.activation_gradients])
        top.append(float(np.mean(backward.output_gradient**2)))
    return LayerMoments(*(np.array(v) for v in (inputs, pre, post, grad, top)))


def per_layer_gain(moments: LayerMoments, quantity: str = "activation") -> float:
    r"""Return the average factor by which ``quantity`` changes from one layer to the next.

    The mean, over runs and layers, of the ratio of each layer's second moment to that of the
    layer before it in the direction of travel: upwards from the input for ``"activation"``,
    upwards from layer 1 for ``"pre_activation"``, downwards from the output gradient for
    ``"gradient"``. 1 means the signal keeps its size.

    Parameters
    ----------
    moments : LayerMoments
        From :func:`measure_moments` or :func:`predict_moments`.
    quantity : {"activation", "pre_activation", "gradient"}, default "activation"
        Which second moment.

    Returns
    -------
    float

    Examples
    --------
    >>> per_layer_gain(predict_moments(6, 100, "xavier-book", "relu"))
    0.5
    >>> per_layer_gain(predict_moments(6, 100, "he", "relu"), "gradient")
    1.0
    """
    moments = check_instance(moments, "moments", LayerMoments)
    check_choice(quantity, "quantity", _QUANTITIES)
    values = getattr(moments, quantity)
    if quantity == "activation":
        values = np.column_stack([moments.inputs, values])
    elif quantity == "gradient":
        values = np.column_stack([moments.output_gradient, values[:, ::-1]])  # top first
    check_value(values.shape[1] >= 2, "moments", "span at least two layers")
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(values[:, 1:] / values[:, :-1]))
