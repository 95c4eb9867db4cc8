r"""Symmetry beyond two units: all :math:`n` hidden units of a layer, biases, and dropout.

The 1-2-1 network of slides 3–4 (:mod:`weightinit.experiments.symmetry.tiny_network`) has two
hidden units.
The argument holds for any number: relabelling the hidden units of a layer (a permutation of
its columns of :math:`W^{(1)}`, entries of :math:`b^{(1)}` and rows of :math:`W^{(2)}`) does
not change what the network computes. If the parameters are unchanged by *every* permutation,
that is, all units start equal, so are their gradients, and the units stay equal forever.

:func:`train_hidden_layer` trains a network with one hidden layer of ``n_hidden`` units by
full-batch gradient descent and records, at every step, how far the units have moved apart
(:func:`unit_spread`). Optional inverted **dropout** multiplies each unit's activation, per
sample and step, by an independent random mask; the units then receive different gradients and
the tie breaks even from equal weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._validation import (
    RngLike,
    check_int,
    check_interval,
    check_real,
    check_rng,
    check_value,
)
from weightinit.activations import get_activation
from weightinit.experiments._data import InitLike, check_classes, check_data
from weightinit.network import softmax_cross_entropy
from weightinit.schemes import get_scheme

__all__ = ["TieHistory", "train_hidden_layer", "unit_spread"]


def unit_spread(w_in: ArrayLike, b: ArrayLike, w_out: ArrayLike) -> float:
    r"""Largest difference between any hidden unit's parameters and those of unit 0.

    Unit :math:`j` has the incoming weights ``w_in[:, j]``, the bias ``b[j]`` and the outgoing
    weights ``w_out[j, :]`` (the ``x @ W`` layout).

    Parameters
    ----------
    w_in : array_like
        Shape ``(n_inputs, n_hidden)``.
    b : array_like
        Shape ``(n_hidden,)``.
    w_out : array_like
        Shape ``(n_hidden, n_outputs)``.

    Returns
    -------
    float
        0.0 exactly when all units are equal.

    Examples
    --------
    >>> unit_spread(np.ones((3, 4)), np.zeros(4), np.full((4, 2), 0.5))
    0.0
    >>> unit_spread([[1.0, 1.5]], [0.0, 0.0], [[2.0], [2.0]])
    0.5
    """
    w_in, b, w_out = (np.asarray(a, dtype=np.float64) for a in (w_in, b, w_out))
    shapes_ok = w_in.ndim == 2 and b.shape == w_in.shape[1:] and w_out.shape[:1] == b.shape
    rule = "have shapes (n_inputs, n), (n,) and (n, n_outputs)"
    check_value(shapes_ok, "w_in, b and w_out", rule, (w_in.shape, b.shape, w_out.shape))
    units = np.column_stack([w_in.T, b, w_out])  # one row per hidden unit
    return float(np.max(np.abs(units - units[0])))


@dataclass(frozen=True)
class TieHistory:
    """What :func:`train_hidden_layer` recorded (row 0 is the start).

    Attributes
    ----------
    losses : numpy.ndarray
        Full-batch loss (without dropout) at every step, shape ``(steps + 1,)``.
    spread : numpy.ndarray
        :func:`unit_spread` at every step, shape ``(steps + 1,)``.
    bias_spread : numpy.ndarray
        Largest minus smallest hidden bias at every step, shape ``(steps + 1,)``.
    w_in, b, w_out : numpy.ndarray
        The final parameters of the hidden layer and the output layer's weights.
    """

    losses: np.ndarray
    spread: np.ndarray
    bias_spread: np.ndarray
    w_in: np.ndarray
    b: np.ndarray
    w_out: np.ndarray

    def distinct_units(self, tol: float = 1e-9) -> int:
        """Number of hidden units whose parameters differ by more than ``tol`` from all others."""
        tol = check_real(tol, "tol", non_negative=True)
        units = np.column_stack([self.w_in.T, self.b, self.w_out])
        groups: list[np.ndarray] = []
        for unit in units:
            if not any(np.max(np.abs(unit - g)) <= tol for g in groups):
                groups.append(unit)
        return len(groups)


def train_hidden_layer(
    x: ArrayLike,
    t: ArrayLike,
    n_hidden: int = 16,
    init: InitLike = "constant=0.05",
    *,
    activation: str = "tanh",
    dropout: float = 0.0,
    steps: int = 200,
    lr: float = 0.5,
    rng: RngLike = 0,
) -> TieHistory:
    r"""Full-batch gradient descent on a softmax network with one hidden layer.

    The weights of both layers come from ``init``, the biases start at zero. With
    ``dropout`` :math:`p > 0`, each hidden activation is multiplied during training by
    :math:`m/(1 - p)` with :math:`m \sim \text{Bernoulli}(1 - p)`, independently per sample,
    unit and step (inverted dropout); the recorded losses are those without dropout.

    Parameters
    ----------
    x, t : array_like
        Inputs (rows) and integer labels.
    n_hidden : int, default 16
        Hidden units.
    init : str, Scheme or callable, default "constant=0.05"
        Weight scheme of both layers, e.g. ``"constant=0.05"`` (all units equal) or
        ``"xavier-book"``.
    activation : str, default "tanh"
        Hidden activation.
    dropout : float, default 0.0
        Probability :math:`p \in [0, 1)` of dropping a hidden activation.
    steps : int, default 200
        Gradient steps.
    lr : float, default 0.5
        Learning rate.
    rng : numpy.random.Generator, int or None, default 0
        Randomness of the weights (for random schemes) and of the dropout masks.

    Returns
    -------
    TieHistory

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, t = rng.random((50, 6)), rng.integers(0, 3, 50)
    >>> tied = train_hidden_layer(x, t, n_hidden=8, steps=50)
    >>> float(tied.spread.max()), tied.distinct_units()
    (0.0, 1)
    >>> train_hidden_layer(x, t, n_hidden=8, steps=50, dropout=0.5).distinct_units()
    8
    """
    inputs, labels = check_data(x, t)
    inputs = inputs.astype(np.float64)
    classes = check_classes(labels, None)
    n_hidden = check_int(n_hidden, "n_hidden", minimum=1)
    f = get_activation(activation)
    p = check_interval(dropout, "dropout", 0.0, 1.0, high_open=True)
    steps = check_int(steps, "steps", minimum=0)
    lr = check_real(lr, "lr", positive=True)
    generator = check_rng(rng)
    scheme = get_scheme(init)
    w_in = scheme((inputs.shape[1], n_hidden), rng=generator)
    w_out = scheme((n_hidden, classes), rng=generator)
    b, c = np.zeros(n_hidden), np.zeros(classes)
    losses, spread, bias_spread = [], [], []
    for step in range(int(steps) + 1):
        run = passes.forward(inputs, [w_in, w_out], [b, c], f)
        loss, delta = softmax_cross_entropy(run.outputs[-1], labels)
        losses.append(loss)
        spread.append(unit_spread(w_in, b, w_out))
        bias_spread.append(float(b.max() - b.min()))
        if step == steps:
            break
        masks = None
        if p > 0.0:  # the gradient of the network with units dropped; z is the same
            masks = [(generator.random(run.outputs[0].shape) >= p) / (1.0 - p)]
            dropped = run.outputs[0] * masks[0]
            top = passes.forward(dropped, [w_out], [c], f).outputs[0]
            run = passes.Forward(inputs, [dropped, top], run.pre_activations)
            _, delta = softmax_cross_entropy(top, labels)
        back = passes.backward(run, [w_in, w_out], f, delta, record=True, masks=masks)
        w_out = w_out - lr * back.weight_gradients[1]
        c = c - lr * delta.sum(axis=0)
        w_in = w_in - lr * back.weight_gradients[0]
        b = b - lr * back.deltas[0].sum(axis=0)
    return TieHistory(np.array(losses), np.array(spread), np.array(bias_spread), w_in, b, w_out)
