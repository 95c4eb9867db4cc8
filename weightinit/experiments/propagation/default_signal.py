r"""What each framework's default does to the signal of a deep network.

A stack of dense layers of width :math:`n` computes :math:`z^{(\ell)} = f(z^{(\ell-1)}) W^{(\ell)}
+ b^{(\ell)}` (the first layer takes the input :math:`x` instead of :math:`f(z^{(0)})`). With
weights and biases drawn independently with mean 0, the variance of the pre-activations obeys

.. math::

    v_\ell = n \operatorname{Var}(W)\, \mathbb{E}\bigl[f(z^{(\ell-1)})^2\bigr]
             + \operatorname{Var}(b),

and :math:`\mathbb{E}[f(z)^2]` is computed for a Gaussian :math:`z` of variance
:math:`v_{\ell-1}` (:func:`~weightinit.experiments.propagation.variance.activation_moments`).
Without the
bias, and for small signals, each layer multiplies the variance by the **per-layer factor**

.. math::

    \chi = n \operatorname{Var}(W) \cdot \lim_{v \to 0} \mathbb{E}[f(z)^2] / v,

which is :math:`n \operatorname{Var}(W)/2` for the ReLU (at every :math:`v`) and
:math:`n \operatorname{Var}(W)` for tanh. :func:`predict_signal` runs the recursion for a
framework's default, :func:`measure_signal` measures the same in real stacks drawn by
:func:`~weightinit.frameworks.layers.init_dense`.
"""

from __future__ import annotations

import numpy as np

from weightinit import passes
from weightinit._validation import RngLike, check_choice, check_int, check_real, check_rng
from weightinit.activations import get_activation
from weightinit.experiments.propagation.variance import activation_moments, variance_recursion
from weightinit.schemes import SCHEMES, get_scheme

__all__ = ["REFERENCE", "layer_factor", "measure_signal", "predict_signal"]

#: A reference that is not a framework default: He's normal, Var(W) = 2 / n_in, zero bias.
REFERENCE = "he"
#: The keys accepted: every entry of the registry with a known variance, the frameworks' too.
_SCALED = tuple(name for name, scheme in SCHEMES.items() if scheme.scale is not None)
_ACTIVATIONS = ("relu", "tanh", "linear")
_SMALL = 1e-8  # a variance small enough that E[f(z)^2] / v is its limit to 1e-7


def _variances(key: str, width: int) -> tuple[float, float]:
    """Return Var(W) and Var(b) of a square dense layer of this width."""
    scheme = get_scheme(key)
    variance = scheme.variance((width, width))
    assert variance is not None  # a scaled entry knows its variance
    return variance, scheme.bias.variance(width)


def layer_factor(key: str, activation: str, width: int = 100) -> float:
    r"""Return the per-layer factor :math:`\chi` of the variance (module notes), bias aside.

    Parameters
    ----------
    key : {"pytorch", "keras", "flax", "stax", "he", ...}
        A framework's default, He's normal as the reference, or any other scaled entry of
        :data:`~weightinit.schemes.SCHEMES`.
    activation : {"relu", "tanh", "linear"}
        The activation between the layers.
    width : int, default 100
        :math:`n = n_\text{in} = n_\text{out}`; the factor does not depend on it for these
        defaults.

    Returns
    -------
    float

    Examples
    --------
    >>> round(layer_factor("pytorch", "relu"), 4)  # 1/6: n * 1/(3n) * 1/2
    0.1667
    >>> round(layer_factor("he", "relu"), 4)
    1.0
    """
    check_choice(key, "key", _SCALED)
    check_choice(activation, "activation", _ACTIVATIONS)
    weight_variance, _ = _variances(key, check_int(width, "width", minimum=1))
    moments = activation_moments(get_activation(activation), [_SMALL])
    return float(width * weight_variance * moments.forward_factor[0])


def predict_signal(
    key: str,
    activation: str,
    depth: int,
    width: int = 100,
    *,
    input_second_moment: float = 1.0,
    bias_variance: float | None = None,
) -> np.ndarray:
    r"""Predict the variance :math:`v_\ell` of each layer's pre-activations (module notes).

    Parameters
    ----------
    key : {"pytorch", "keras", "flax", "stax", "he", ...}
        A framework's default, He's normal as the reference, or any other scaled entry of
        :data:`~weightinit.schemes.SCHEMES`.
    activation : {"relu", "tanh", "linear"}
        The activation between the layers.
    depth : int
        Number of layers :math:`L`.
    width : int, default 100
        Units per layer, and input features.
    input_second_moment : float, default 1.0
        :math:`\mathbb{E}[x^2]` of the input.
    bias_variance : float, optional
        :math:`\operatorname{Var}(b)`, added at every layer; by default that of the default's
        bias, and 0 keeps the weights only.

    Returns
    -------
    numpy.ndarray
        :math:`v_1, \ldots, v_L`.

    Examples
    --------
    >>> v = predict_signal("pytorch", "relu", 3, 100, bias_variance=0.0)
    >>> [round(float(x * 6**k), 4) for k, x in enumerate(v)]  # 1/3, then a factor 1/6
    [0.3333, 0.3333, 0.3333]
    """
    check_choice(key, "key", _SCALED)
    check_choice(activation, "activation", _ACTIVATIONS)
    depth, width = check_int(depth, "depth", minimum=1), check_int(width, "width", minimum=1)
    second = check_real(input_second_moment, "input_second_moment", non_negative=True)
    weight_variance, default_bias = _variances(key, width)
    if bias_variance is None:
        bias_variance = default_bias
    bias_variance = check_real(bias_variance, "bias_variance", non_negative=True)
    function = get_activation(activation)
    layers = [width] * depth
    return variance_recursion(layers, [weight_variance] * depth, function, second, bias_variance)[0]


def measure_signal(
    key: str,
    activation: str,
    depth: int,
    width: int = 100,
    *,
    n_samples: int = 200,
    rng: RngLike = None,
) -> np.ndarray:
    """Measure the mean square of each layer's pre-activations in one stack of real layers.

    The weights and biases are drawn by the scheme's entry of
    :data:`~weightinit.schemes.SCHEMES`, as :func:`~weightinit.frameworks.layers.init_dense`
    draws a framework's (He's reference: normal weights of variance ``2 / width``, zero bias);
    the input is standard normal, shape ``(n_samples, width)``.

    Parameters
    ----------
    key : {"pytorch", "keras", "flax", "stax", "he", ...}
        A framework's default, He's normal as the reference, or any other scaled entry of
        :data:`~weightinit.schemes.SCHEMES`.
    activation : {"relu", "tanh", "linear"}
        The activation between the layers.
    depth : int
        Number of layers.
    width : int, default 100
        Units per layer, and input features.
    n_samples : int, default 200
        Number of inputs.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    numpy.ndarray
        One mean square per layer, comparable with :func:`predict_signal`.

    Examples
    --------
    >>> m = measure_signal("keras", "relu", 4, 200, rng=0)  # predicted: 1, 1/2, 1/4, 1/8
    >>> bool(np.all(np.abs(m / predict_signal("keras", "relu", 4, 200) - 1) < 0.2))
    True
    """
    check_choice(key, "key", _SCALED)
    check_choice(activation, "activation", _ACTIVATIONS)
    depth, width = check_int(depth, "depth", minimum=1), check_int(width, "width", minimum=1)
    generator = check_rng(rng)
    function = get_activation(activation)
    scheme = get_scheme(key)
    x = generator.standard_normal((check_int(n_samples, "n_samples", minimum=1), width))
    layers = []
    for _ in range(depth):
        weight = scheme((width, width), rng=generator)  # as init_dense draws a framework's
        layers.append((weight, scheme.bias.draw(width, width, generator, np.float64)))
    weights, biases = [w for w, _ in layers], [b for _, b in layers]
    run = passes.forward(x, weights, biases, function, top_activation=True)
    return np.array([float(np.mean(z**2)) for z in run.pre_activations])
