r"""Activation functions and their derivatives, vectorized over numpy arrays.

Each function keeps the floating dtype of its input (float32 stays float32). The pairs are
collected in :data:`ACTIVATIONS`, so experiments and the network can take an activation by name:

>>> act = get_activation("sigmoid")
>>> float(act.function(0.0)), float(act.derivative(0.0))
(0.5, 0.25)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import check_callable, check_choice, check_real, check_str, check_value

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "identity",
    "identity_grad",
    "leaky_relu",
    "leaky_relu_activation",
    "leaky_relu_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
]


def _as_float_array(x: ArrayLike) -> np.ndarray:
    array = np.asarray(x)
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    return array


def sigmoid(x: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, without overflow.

    Computed as :math:`\sigma(x) = \bigl(1 + \tanh(x/2)\bigr)/2`, which equals it and takes no
    exponential at all, so nothing overflows. It is the one sigmoid of the package: the
    network's in-place forward pass runs the same operations, so both give the same bits.

    Parameters
    ----------
    x : array_like
        Input; integer input is converted to float64.

    Returns
    -------
    numpy.ndarray
        Values in :math:`[0, 1]`, with the shape and floating dtype of ``x``.

    Examples
    --------
    >>> sigmoid(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    out = _as_float_array(x).copy()
    _sigmoid_in_place(out)
    return out


def sigmoid_grad(x: ArrayLike) -> np.ndarray:
    r"""Derivative of the sigmoid, :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`.

    Its largest value is :math:`1/4`, at :math:`x = 0`.

    Parameters
    ----------
    x : array_like
        Input (the pre-activation, not the sigmoid's output).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> sigmoid_grad(np.array([0.0, 10.0]))
    array([2.5e-01, 4.5e-05])
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: ArrayLike) -> np.ndarray:
    r"""Hyperbolic tangent, with values in :math:`(-1, 1)` and slope 1 at the origin.

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> tanh(np.array([0.0, 1e4]))
    array([0., 1.])
    """
    return np.tanh(_as_float_array(x))


def tanh_grad(x: ArrayLike) -> np.ndarray:
    r"""Derivative of tanh, :math:`1 - \tanh^2(x)`.

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> tanh_grad(np.array([0.0]))
    array([1.])
    """
    t = tanh(x)
    return 1.0 - t * t


def relu(x: ArrayLike) -> np.ndarray:
    r"""Rectified linear unit, :math:`\max(0, x)`.

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    x = _as_float_array(x)
    return np.maximum(x, 0.0).astype(x.dtype, copy=False)


def relu_grad(x: ArrayLike) -> np.ndarray:
    """Derivative of ReLU: 1 where ``x > 0``, else 0 (the value 0 is taken at ``x = 0``).

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> relu_grad(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    x = _as_float_array(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x: ArrayLike, negative_slope: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU: :math:`x` if :math:`x > 0`, else :math:`a x` with :math:`a` the negative slope.

    Parameters
    ----------
    x : array_like
        Input.
    negative_slope : float, default 0.01
        Slope :math:`a` for negative inputs (PyTorch's default).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> leaky_relu(np.array([-2.0, 3.0]), 0.1)
    array([-0.2,  3. ])
    """
    slope = check_real(negative_slope, "negative_slope")
    x = _as_float_array(x)
    return np.where(x > 0, x, slope * x).astype(x.dtype, copy=False)


def leaky_relu_grad(x: ArrayLike, negative_slope: float = 0.01) -> np.ndarray:
    """Derivative of leaky ReLU: 1 where ``x > 0``, else ``negative_slope``.

    Parameters
    ----------
    x : array_like
        Input.
    negative_slope : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> leaky_relu_grad(np.array([-2.0, 3.0]), 0.1)
    array([0.1, 1. ])
    """
    slope = check_real(negative_slope, "negative_slope")
    x = _as_float_array(x)
    return np.where(x > 0, 1.0, slope).astype(x.dtype, copy=False)


def identity(x: ArrayLike) -> np.ndarray:
    """The linear (identity) activation, returned as a float array.

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> identity([1, 2])
    array([1., 2.])
    """
    return _as_float_array(x)


def identity_grad(x: ArrayLike) -> np.ndarray:
    """Derivative of the identity: ones shaped like ``x``.

    Parameters
    ----------
    x : array_like
        Input.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> identity_grad(np.zeros(2))
    array([1., 1.])
    """
    return np.ones_like(_as_float_array(x))


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative, both taking the pre-activation.

    Attributes
    ----------
    name : str
        Registry name, also a name :func:`~weightinit.fans.calculate_gain` accepts.
    function : callable
        ``function(x) -> array``.
    derivative : callable
        ``derivative(x) -> array``, the elementwise derivative at ``x``.
    output_range : tuple of float
        The closure of the function's range, used for histogram axes.
    forward_in_place : callable or None
        Optional, for speed: ``forward_in_place(z)`` overwrites the float array ``z`` with
        ``function(z)``, keeping its dtype.
    backward_from_output : callable or None
        Optional, for speed: ``backward_from_output(g, h)`` multiplies ``g`` in place by the
        derivative at ``z``, computed from the output ``h = function(z)`` alone (possible where
        the derivative is a function of the output: ReLU, tanh, the sigmoid, ...). Given
        together with ``forward_in_place`` or not at all. Without them,
        :class:`~weightinit.network.MLP` keeps ``z`` and calls ``function`` and ``derivative``.

    Examples
    --------
    >>> softplus = Activation("softplus", lambda x: np.logaddexp(0.0, x), sigmoid, (0.0, np.inf))
    >>> softplus.in_place, get_activation("relu").in_place
    (False, True)
    """

    name: str
    function: Callable[[ArrayLike], np.ndarray]
    derivative: Callable[[ArrayLike], np.ndarray]
    output_range: tuple[float, float]
    forward_in_place: Callable[[np.ndarray], object] | None = None
    backward_from_output: Callable[[np.ndarray, np.ndarray], object] | None = None

    def __post_init__(self) -> None:
        """Check the types, and that the two fast-path functions come together."""
        check_str(self.name, "name")
        for field in ("function", "derivative"):
            check_callable(getattr(self, field), field)
        for field in ("forward_in_place", "backward_from_output"):
            check_callable(getattr(self, field), field, optional=True)
        together = (self.forward_in_place is None) == (self.backward_from_output is None)
        check_value(together, "forward_in_place and backward_from_output", "be given together")

    @property
    def in_place(self) -> bool:
        """True when the activation can run in place (both fast-path functions given)."""
        return self.forward_in_place is not None


# In-place forward passes and derivatives from the output h = f(z), for the fast path.
def _relu_in_place(z: np.ndarray) -> None:
    np.multiply(z, z > 0, out=z)  # faster than np.maximum, which checks for NaN


def _relu_backward(g: np.ndarray, h: np.ndarray) -> None:
    np.multiply(g, h > 0, out=g)  # h > 0 exactly where z > 0


def _tanh_in_place(z: np.ndarray) -> None:
    np.tanh(z, out=z)


def _tanh_backward(g: np.ndarray, h: np.ndarray) -> None:
    g *= 1.0 - h * h


def _sigmoid_in_place(z: np.ndarray) -> None:
    """The sigmoid's formula, written once: ``(1 + tanh(z / 2)) / 2``, in place."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5


def _sigmoid_backward(g: np.ndarray, h: np.ndarray) -> None:
    g *= h * (1.0 - h)


def _identity_in_place(z: np.ndarray) -> None:
    return None


def _identity_backward(g: np.ndarray, h: np.ndarray) -> None:
    return None


def leaky_relu_activation(negative_slope: float = 0.01) -> Activation:
    r"""Return the leaky ReLU with slope ``negative_slope`` below zero, as an activation.

    :math:`f(z) = z` for :math:`z > 0` and :math:`a z` otherwise; :math:`a = 0` is the ReLU,
    :math:`a = 1` the identity. He et al.'s PReLU learns :math:`a`; at initialization it is a
    leaky ReLU. The result is usable wherever an activation name is.

    Parameters
    ----------
    negative_slope : float, default 0.01
        The slope :math:`a`. With PyTorch's default 0.01 the activation is the registry's
        ``"leaky_relu"``; any other slope is named ``"leaky_relu(a=<a>)"``. For :math:`a \ge 0`
        it carries the in-place fast path the network uses; for :math:`a < 0` (the output then
        no longer tells the sign of :math:`z`) it does not.

    Returns
    -------
    Activation

    Examples
    --------
    >>> act = leaky_relu_activation(0.2)
    >>> act.function(np.array([-1.0, 2.0])), act.derivative(np.array([-1.0, 2.0]))
    (array([-0.2,  2. ]), array([0.2, 1. ]))
    >>> act.name, act.in_place, leaky_relu_activation(-0.5).in_place
    ('leaky_relu(a=0.2)', True, False)
    """
    slope = check_real(negative_slope, "negative_slope")
    name = "leaky_relu" if slope == 0.01 else f"leaky_relu(a={slope:g})"
    # the larger of z and a z for a <= 1, the smaller for a > 1
    pick = np.maximum if slope <= 1.0 else np.minimum

    def forward_in_place(z: np.ndarray) -> None:
        pick(z, slope * z, out=z)

    def backward_from_output(g: np.ndarray, h: np.ndarray) -> None:
        g[h <= 0] *= slope  # a >= 0: h > 0 exactly where z > 0

    fast = slope >= 0.0
    return Activation(
        name,
        lambda z: leaky_relu(z, slope),
        lambda z: leaky_relu_grad(z, slope),
        (-np.inf, np.inf),
        forward_in_place if fast else None,
        backward_from_output if fast else None,
    )


#: Activations by name.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", sigmoid, sigmoid_grad, (0.0, 1.0), _sigmoid_in_place, _sigmoid_backward
    ),
    "tanh": Activation("tanh", tanh, tanh_grad, (-1.0, 1.0), _tanh_in_place, _tanh_backward),
    "relu": Activation("relu", relu, relu_grad, (0.0, np.inf), _relu_in_place, _relu_backward),
    "leaky_relu": leaky_relu_activation(),
    "linear": Activation(
        "linear", identity, identity_grad, (-np.inf, np.inf), _identity_in_place, _identity_backward
    ),
}


def get_activation(name: str | Activation) -> Activation:
    """Return the :class:`Activation` registered under ``name``.

    Parameters
    ----------
    name : str or Activation
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"linear"``; an
        :class:`Activation` is returned unchanged.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        If the name is unknown.
    TypeError
        If ``name`` is neither a str nor an :class:`Activation`.

    Examples
    --------
    >>> get_activation("tanh").output_range
    (-1.0, 1.0)
    """
    if isinstance(name, Activation):
        return name
    return ACTIVATIONS[check_choice(name, "activation", list(ACTIVATIONS))]
