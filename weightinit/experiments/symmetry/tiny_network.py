r"""The symmetry problem of slides 3–4: a 1-2-1 sigmoid network that cannot break its tie.

The network has one input :math:`x`, two hidden sigmoid units and one sigmoid output. In the
slide's notation (kept here), :math:`w_1, w_2` are the hidden **activations** and
:math:`a_1, \dots, a_4, b_1, b_2, b_3` the **parameters**:

.. math::

    \begin{aligned}
    w_1 &= \sigma(a_1 x + b_1), \\
    w_2 &= \sigma(a_2 x + b_2), \\
    y &= \sigma(a_3 w_1 + a_4 w_2 + b_3).
    \end{aligned}

Parameters travel as one array of seven numbers in the order of :data:`PARAMETER_NAMES`. The
loss is binary cross-entropy averaged over the samples, for which
:math:`\partial L / \partial (a_3 w_1 + a_4 w_2 + b_3) = y - t` per sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import (
    RngLike,
    check_choice,
    check_int,
    check_real,
    check_real_array,
    check_rng,
    check_value,
)
from weightinit.activations import sigmoid
from weightinit.schemes import Scheme, get_scheme

__all__ = [
    "PARAMETER_NAMES",
    "SYMMETRIC_PAIRS",
    "SymmetryHistory",
    "TinyForward",
    "bump_data",
    "initial_parameters",
    "numerical_gradients",
    "slide_gradients",
    "tiny_forward",
    "tiny_loss",
    "train_symmetric",
]

#: The order of the seven parameters in every parameter array.
PARAMETER_NAMES: tuple[str, ...] = ("a1", "a2", "a3", "a4", "b1", "b2", "b3")
#: The pairs that equal initial values keep equal forever.
SYMMETRIC_PAIRS: tuple[tuple[str, str], ...] = (("a1", "a2"), ("a3", "a4"), ("b1", "b2"))
_LOSSES = ("cross_entropy", "squared_error")


@dataclass(frozen=True)
class TinyForward:
    """The hidden activations ``w1``, ``w2``, the output ``y`` and its pre-activation ``s``."""

    w1: np.ndarray
    w2: np.ndarray
    y: np.ndarray
    s: np.ndarray


@dataclass(frozen=True)
class SymmetryHistory:
    """Parameters and loss after every step of :func:`train_symmetric` (row 0 = the start).

    Attributes
    ----------
    parameters : numpy.ndarray
        Shape ``(steps + 1, 7)``, columns in the order of :data:`PARAMETER_NAMES`.
    losses : numpy.ndarray
        Shape ``(steps + 1,)``: the loss at each row's parameters.
    """

    parameters: np.ndarray
    losses: np.ndarray

    def parameter(self, name: str) -> np.ndarray:
        """Return one parameter's trajectory, e.g. ``history.parameter("a1")``."""
        column = PARAMETER_NAMES.index(check_choice(name, "name", PARAMETER_NAMES))
        return self.parameters[:, column]

    def gaps(self) -> np.ndarray:
        """Return ``|a1 − a2|``, ``|a3 − a4|``, ``|b1 − b2|`` per step, shape ``(steps + 1, 3)``."""
        return np.column_stack(
            [np.abs(self.parameter(p) - self.parameter(q)) for p, q in SYMMETRIC_PAIRS]
        )


def _check_parameters(parameters: ArrayLike) -> np.ndarray:
    array = check_real_array(parameters, "parameters")
    rule = f"be 7 numbers {PARAMETER_NAMES}"
    check_value(array.shape == (len(PARAMETER_NAMES),), "parameters", rule, array.shape)
    return array


def _check_data(x: ArrayLike, t: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xs = np.atleast_1d(check_real_array(x, "x"))
    check_value(xs.ndim == 1, "x", "be a 1-D array", xs.shape)
    targets = np.asarray(t)
    ts = np.atleast_1d(check_real_array(targets.astype(float) if targets.dtype == bool else t, "t"))
    check_value(ts.shape == xs.shape, "t", f"have the shape of x {xs.shape}", ts.shape)
    check_value(bool(np.all((ts >= 0) & (ts <= 1))), "t", "hold values in [0, 1]")
    return xs, ts


def initial_parameters(init: str | Scheme = "zeros", *, rng: RngLike = None) -> np.ndarray:
    """Draw the seven starting parameters from a scheme such as ``"zeros"`` or ``"std=1"``.

    Parameters
    ----------
    init : str or Scheme, default "zeros"
        ``"zeros"``, ``"constant=<c>"`` (all equal) or ``"std=<s>"`` (independent normals).
    rng : numpy.random.Generator, int or None
        Source of randomness for random schemes.

    Returns
    -------
    numpy.ndarray
        Shape ``(7,)``, in the order of :data:`PARAMETER_NAMES`.

    Examples
    --------
    >>> initial_parameters("constant=0.5")
    array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    """
    scheme = get_scheme(init)
    return np.asarray(scheme((len(PARAMETER_NAMES),), rng=check_rng(rng)), dtype=np.float64)


def tiny_forward(parameters: ArrayLike, x: ArrayLike) -> TinyForward:
    """Run the 1-2-1 network on the inputs ``x`` (one number per sample).

    Parameters
    ----------
    parameters : array_like
        The seven parameters, in the order of :data:`PARAMETER_NAMES`.
    x : array_like
        Inputs, one number per sample.

    Returns
    -------
    TinyForward

    Examples
    --------
    >>> out = tiny_forward(np.zeros(7), [1.0, -2.0])
    >>> out.w1, out.y
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    return _forward(_check_parameters(parameters), np.atleast_1d(np.asarray(x, dtype=np.float64)))


def _forward(p: np.ndarray, xs: np.ndarray) -> TinyForward:
    a1, a2, a3, a4, b1, b2, b3 = p
    w1, w2 = sigmoid(a1 * xs + b1), sigmoid(a2 * xs + b2)
    s = a3 * w1 + a4 * w2 + b3
    return TinyForward(w1, w2, sigmoid(s), s)


# The forward pass, loss and gradients take the seven parameters along the first axis: shape
# (7,) for one network, or (7, n_networks, 1) for several trained at once (_descend), whose
# values then run along the last axis; each network's numbers are the same either way.


def _cross_entropy(out: TinyForward, ts: np.ndarray) -> np.ndarray:
    # -t ln y - (1 - t) ln(1 - y), written stably in terms of s
    return np.mean(np.logaddexp(0.0, out.s) - ts * out.s, axis=-1)


def _gradients(p: np.ndarray, xs: np.ndarray, ts: np.ndarray, out: TinyForward) -> np.ndarray:
    error = out.y - ts
    g1 = out.w1 * (1 - out.w1) * p[2] * error
    g2 = out.w2 * (1 - out.w2) * p[3] * error
    per_sample = [xs * g1, xs * g2, out.w1 * error, out.w2 * error, g1, g2, error]
    return np.stack([np.mean(g, axis=-1) for g in per_sample]).reshape(p.shape)


def _descend(
    starts: np.ndarray, xs: np.ndarray, ts: np.ndarray, steps: int, rate: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # train_symmetric for every row of starts (n, 7) at once, keeping only the ends:
    # final parameters (n, 7), initial and final losses (n,)
    p = np.asarray(starts, dtype=np.float64).T[:, :, None]
    initial = _cross_entropy(_forward(p, xs), ts)
    for _ in range(steps):
        p = p - rate * _gradients(p, xs, ts, _forward(p, xs))
    return p[:, :, 0].T, initial, _cross_entropy(_forward(p, xs), ts)


def tiny_loss(
    parameters: ArrayLike, x: ArrayLike, t: ArrayLike, loss: str = "cross_entropy"
) -> float:
    r"""Mean loss over the samples: binary cross-entropy, or :math:`\tfrac12 (y - t)^2`.

    Parameters
    ----------
    parameters : array_like
        The seven parameters, in the order of :data:`PARAMETER_NAMES`.
    x : array_like
        Inputs, one number per sample.
    t : array_like
        Targets in [0, 1], shaped like ``x``.
    loss : {"cross_entropy", "squared_error"}, default "cross_entropy"
        :math:`-t \ln y - (1 - t) \ln(1 - y)`, or :math:`\tfrac12 (y - t)^2`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(tiny_loss(np.zeros(7), [1.0], [1.0]), 4)  # -ln(1/2)
    0.6931
    """
    check_choice(loss, "loss", _LOSSES)
    xs, ts = _check_data(x, t)
    out = _forward(_check_parameters(parameters), xs)
    if loss == "squared_error":
        return float(np.mean(0.5 * (out.y - ts) ** 2))
    return float(_cross_entropy(out, ts))


def slide_gradients(parameters: ArrayLike, x: ArrayLike, t: ArrayLike) -> np.ndarray:
    r"""The slide's gradient formulas, plus :math:`\partial L/\partial b_3 = y - t`, averaged.

    .. math::

        \begin{aligned}
        \frac{\partial L}{\partial a_1} &= x\, w_1 (1-w_1)\, a_3 (y-t), \\
        \frac{\partial L}{\partial a_3} &= w_1 (y-t), \\
        \frac{\partial L}{\partial b_1} &= w_1 (1-w_1)\, a_3 (y-t), \\
        \frac{\partial L}{\partial b_3} &= y - t,
        \end{aligned}

    and the same for :math:`a_2, a_4, b_2` with :math:`w_2` and :math:`a_4`. They hold for
    binary cross-entropy; with squared error each would carry an extra factor :math:`y(1-y)`.

    Parameters
    ----------
    parameters : array_like
        The seven parameters, in the order of :data:`PARAMETER_NAMES`.
    x : array_like
        Inputs, one number per sample.
    t : array_like
        Targets in [0, 1], shaped like ``x``.

    Returns
    -------
    numpy.ndarray
        Shape ``(7,)``, in the order of :data:`PARAMETER_NAMES`.

    Examples
    --------
    >>> slide_gradients(np.zeros(7), [1.0, 2.0], [1.0, 1.0])  # only a3, a4, b3 move
    array([ 0.  ,  0.  , -0.25, -0.25,  0.  ,  0.  , -0.5 ])
    """
    p = _check_parameters(parameters)
    xs, ts = _check_data(x, t)
    return _gradients(p, xs, ts, _forward(p, xs))


def numerical_gradients(
    parameters: ArrayLike,
    x: ArrayLike,
    t: ArrayLike,
    loss: str = "cross_entropy",
    step: float = 1e-6,
) -> np.ndarray:
    r"""Central finite differences :math:`(L(p + h e_i) - L(p - h e_i)) / 2h` of :func:`tiny_loss`.

    Parameters
    ----------
    parameters : array_like
        The seven parameters, in the order of :data:`PARAMETER_NAMES`.
    x : array_like
        Inputs, one number per sample.
    t : array_like
        Targets in [0, 1], shaped like ``x``.
    loss : {"cross_entropy", "squared_error"}, default "cross_entropy"
        The loss to differentiate, as in :func:`tiny_loss`.
    step : float, default 1e-6
        The positive step :math:`h`.

    Returns
    -------
    numpy.ndarray
        Shape ``(7,)``, in the order of :data:`PARAMETER_NAMES`.

    Examples
    --------
    >>> p, x, t = [0.3, -0.2, 0.5, 0.1, 0.0, 0.2, -0.1], [0.5, -1.0], [1.0, 0.0]
    >>> bool(np.allclose(numerical_gradients(p, x, t), slide_gradients(p, x, t), atol=1e-8))
    True
    """
    p = _check_parameters(parameters)
    step = check_real(step, "step", positive=True)
    grads = np.empty_like(p)
    for i in range(p.size):
        shift = np.zeros_like(p)
        shift[i] = step
        grads[i] = (tiny_loss(p + shift, x, t, loss) - tiny_loss(p - shift, x, t, loss)) / (
            2 * step
        )
    return grads


def bump_data(n_samples: int = 61, low: float = -0.5, high: float = 1.5) -> tuple[np.ndarray, ...]:
    """Inputs evenly spaced on [−3, 3] with target 1 inside ``(low, high)`` and 0 outside.

    A bump needs two hidden units that do different things (one rising, one falling), so a
    network whose hidden units stay identical cannot fit it.

    Parameters
    ----------
    n_samples : int, default 61
        Number of inputs, at least 2.
    low, high : float, default -0.5, 1.5
        The open interval where the target is 1.

    Returns
    -------
    x : numpy.ndarray
        Inputs, of shape ``(n_samples,)``.
    t : numpy.ndarray
        Targets, of shape ``(n_samples,)``.

    Examples
    --------
    >>> x, t = bump_data(7)
    >>> t
    array([0., 0., 0., 1., 1., 0., 0.])
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    low, high = check_real(low, "low"), check_real(high, "high")
    check_value(low < high, "low", "be smaller than high", (low, high))
    x = np.linspace(-3.0, 3.0, int(n_samples))
    return x, ((x > low) & (x < high)).astype(np.float64)


def train_symmetric(
    parameters: ArrayLike,
    x: ArrayLike,
    t: ArrayLike,
    steps: int = 500,
    learning_rate: float = 2.0,
) -> SymmetryHistory:
    """Full-batch gradient descent with :func:`slide_gradients`, recording every step.

    Parameters
    ----------
    parameters : array_like
        The seven starting values (see :func:`initial_parameters`).
    x, t : array_like
        Inputs and targets in [0, 1], e.g. from :func:`bump_data`.
    steps : int, default 500
        Number of updates.
    learning_rate : float, default 2.0
        Positive step size.

    Returns
    -------
    SymmetryHistory

    Examples
    --------
    >>> x, t = bump_data()
    >>> history = train_symmetric(np.zeros(7), x, t, steps=300)
    >>> history.parameters.shape, float(history.gaps().max())  # a1 = a2 etc., exactly
    ((301, 7), 0.0)
    """
    p = _check_parameters(parameters).copy()
    xs, ts = _check_data(x, t)
    steps = check_int(steps, "steps", minimum=0)
    rate = check_real(learning_rate, "learning_rate", positive=True)
    rows, losses = [], []
    for step in range(int(steps) + 1):
        out = _forward(p, xs)
        rows.append(p.copy())
        losses.append(float(_cross_entropy(out, ts)))
        if step < steps:
            p = p - rate * _gradients(p, xs, ts, out)
    return SymmetryHistory(np.array(rows), np.array(losses))
