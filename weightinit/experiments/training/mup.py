r"""Training MLPs of several widths in SP and in μP: the coordinate check and a rate sweep.

The networks have two hidden ReLU layers of width :math:`n`,

.. math::

    \begin{aligned}
    h_1 &= \operatorname{ReLU}(x W_1 + b_1), \\
    h_2 &= \operatorname{ReLU}(h_1 W_2 + b_2), \\
    s &= h_2 W_3,
    \end{aligned}

with :math:`W_1` the **input**, :math:`W_2` the **hidden** and :math:`W_3` the **output**
weights of :mod:`weightinit.parametrization`; their initial variances are
:math:`2/n_\text{in}`, :math:`2/n_\text{in}` and :math:`1/n_\text{in}` times the
parametrization's power of :math:`m = n/n_0`, the biases start at zero, and each layer's
learning rate is the base rate times its power of :math:`m`. They are trained with Adam or SGD
on the softmax cross-entropy. All networks of one width (every learning rate and seed) are
stacked along a leading axis and trained by the same batched matrix products, on the same
minibatches.

The **coordinate check** of ``microsoft/mup`` records, at each step before the update, the mean
absolute value of each layer's activations (:math:`h_1`, :math:`h_2`, :math:`s`), and plots it
against the width: in μP the curves are flat, in SP they grow with the width once training
starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from weightinit._validation import check_choice, check_data, check_int, check_seed, check_sequence
from weightinit.experiments._training import run_side_by_side
from weightinit.parametrization import OPTIMIZERS, PARAMETRIZATIONS, init_variance, learning_rate

__all__ = ["COORD_LAYERS", "WidthSweep", "train_widths"]

#: The activations the coordinate check records, in order.
COORD_LAYERS = ("hidden 1", "hidden 2", "output")

_BETA1, _BETA2, _EPS = 0.9, 0.999, 1e-8


@dataclass(frozen=True)
class WidthSweep:
    r"""Training losses and coordinate sizes of networks of several widths.

    Attributes
    ----------
    parametrization, optimizer : str
    widths : tuple of int
    lrs : tuple of float
        Base learning rates :math:`\\eta`.
    losses : dict of int to numpy.ndarray
        Per width, shape ``(n_lrs, n_seeds, steps)``: the loss of each step's minibatch
        (NaN once a network's loss has overflowed).
    coords : dict of int to numpy.ndarray
        Per width, shape ``(n_lrs, n_seeds, steps, 3)``: mean :math:`|h_1|`, :math:`|h_2|`,
        :math:`|s|` on each step's minibatch, before the step's update.
    """

    parametrization: str
    optimizer: str
    widths: tuple[int, ...]
    lrs: tuple[float, ...]
    losses: dict[int, np.ndarray]
    coords: dict[int, np.ndarray]

    def final_loss(self, width: int, last: int = 20) -> np.ndarray:
        """Mean loss of the last ``last`` steps, shape ``(n_lrs, n_seeds)``; inf if diverged."""
        tail = self.losses[width][..., -last:]
        with np.errstate(invalid="ignore"):
            mean = tail.mean(axis=-1)
        return np.where(np.isfinite(mean), mean, np.inf)

    def best_lr(self, width: int, last: int = 20) -> float:
        """The base rate with the lowest final loss, averaged over seeds."""
        return self.lrs[int(np.argmin(self.final_loss(width, last).mean(axis=1)))]

    def coord_by_width(self, step: int, lr_index: int = 0) -> np.ndarray:
        """Shape ``(n_widths, 3)``: mean over seeds of the coordinate sizes at ``step``."""
        return np.array([self.coords[w][lr_index, :, step].mean(axis=0) for w in self.widths])

    def width_slope(self, step: int, lr_index: int = 0) -> np.ndarray:
        """Per layer, the slope of log(coordinate size) against log(width) at ``step``."""
        logs = np.log(self.coord_by_width(step, lr_index))
        return np.polyfit(np.log(self.widths), logs, 1)[0]


def _relu_(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0, out=z)


def train_widths(
    x: ArrayLike,
    labels: ArrayLike,
    *,
    widths: tuple[int, ...] = (64, 128, 256, 512, 1024),
    parametrization: str = "mup",
    optimizer: str = "adam",
    lrs: tuple[float, ...] = (0.01,),
    seeds: tuple[int, ...] = (0,),
    steps: int = 5,
    batch_size: int = 64,
    base_width: int = 64,
    data_seed: int = 0,
) -> WidthSweep:
    r"""Train one two-hidden-layer ReLU MLP per width, base rate and seed.

    Parameters
    ----------
    x : array_like
        Inputs, shape ``(n_samples, n_features)``.
    labels : array_like of int
        Class labels, shape ``(n_samples,)``.
    widths : tuple of int
        Hidden widths :math:`n`.
    parametrization : {"sp", "mup"}
        See :mod:`weightinit.parametrization`.
    optimizer : {"adam", "sgd"}
        Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) or plain SGD. Adam's step is
        :math:`\eta\,\hat m/(\sqrt{\hat v} + \varepsilon/\sqrt{1-\beta_2^t})` (Kingma & Ba's
        efficient form, ε added to the uncorrected :math:`\sqrt v`), not PyTorch's
        :math:`\eta\,\hat m/(\sqrt{\hat v} + \varepsilon)`; the two differ only while
        :math:`\sqrt{\hat v}` is near ε.
    lrs : tuple of float
        Base learning rates :math:`\\eta`, one network each.
    seeds : tuple of int
        Seeds of the initial weights; every rate starts from the same weights for one seed.
    steps : int, default 5
        Training steps; the coordinate check looks at the first few.
    batch_size : int, default 64
        Minibatch size.
    base_width : int, default 64
        :math:`n_0`, where μP and SP coincide.
    data_seed : int, default 0
        Seed of the minibatches, shared by every network.

    Returns
    -------
    WidthSweep

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, t = rng.standard_normal((256, 20)), rng.integers(0, 10, 256)
    >>> run = train_widths(x, t, widths=(32, 64), base_width=32, steps=3)
    >>> run.losses[64].shape, run.coords[64].shape
    ((1, 1, 3), (1, 1, 3, 3))
    """
    x, t = check_data(x, labels, "x", "labels")
    check_choice(parametrization, "parametrization", PARAMETRIZATIONS)
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    widths = tuple(check_int(w, "widths", minimum=1) for w in check_sequence(widths, "widths"))
    lrs = tuple(float(v) for v in check_sequence(lrs, "lrs"))
    seeds = tuple(check_seed(s, "seeds") for s in check_sequence(seeds, "seeds"))
    steps = check_int(steps, "steps", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    base_width = check_int(base_width, "base_width", minimum=1)
    n_classes = int(t.max()) + 1
    batches = np.random.default_rng(data_seed).integers(0, len(t), (steps, batch_size))
    settings = (n_classes, base_width, parametrization, optimizer, lrs, seeds, batches)
    # the widths side by side (the widest, the most work, first), one BLAS thread each: small
    # products, for which one thread is faster
    order = sorted(set(widths), reverse=True)
    with threadpool_limits(limits=1, user_api="blas"):
        runs = run_side_by_side(
            [partial(_train_one_width, x, t, settings[0], w, *settings[1:]) for w in order]
        )
    trained = dict(zip(order, runs, strict=True))
    losses = {width: trained[width][0] for width in widths}
    coords = {width: trained[width][1] for width in widths}
    return WidthSweep(parametrization, optimizer, widths, lrs, losses, coords)


def _initial_weights(
    sizes: tuple[int, ...],
    width: int,
    base_width: int,
    parametrization: str,
    seeds: Sequence[int],
    n_lrs: int,
) -> list[np.ndarray]:
    m = width / base_width
    kinds = ("input", "hidden", "output")
    gains = (np.sqrt(2.0), np.sqrt(2.0), 1.0)
    weights: list[np.ndarray] = []
    for kind, gain, (fan_in, fan_out) in zip(kinds, gains, itertools.pairwise(sizes), strict=True):
        std = np.sqrt(init_variance(parametrization, kind, fan_in, m, gain))
        per_seed = [
            np.random.default_rng([seed, width, len(weights)]).standard_normal((fan_in, fan_out))
            for seed in seeds
        ]
        stacked = (std * np.stack(per_seed)).astype(np.float32)
        weights.append(
            np.broadcast_to(stacked, (n_lrs, *stacked.shape)).reshape(-1, fan_in, fan_out).copy()
        )
    return weights


def _train_one_width(
    x: np.ndarray,
    t: np.ndarray,
    n_classes: int,
    width: int,
    base_width: int,
    parametrization: str,
    optimizer: str,
    lrs: Sequence[float],
    seeds: Sequence[int],
    batches: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    n_lrs, n_seeds = len(lrs), len(seeds)
    n_nets = n_lrs * n_seeds
    steps, batch_size = batches.shape
    m = width / base_width
    w1, w2, w3 = _initial_weights(
        (x.shape[1], width, width, n_classes), width, base_width, parametrization, seeds, n_lrs
    )
    b1 = np.zeros((n_nets, 1, width), np.float32)
    b2 = np.zeros((n_nets, 1, width), np.float32)
    params = [w1, w2, w3, b1, b2]
    kinds = ("input", "hidden", "output", "bias", "bias")
    base = np.repeat(np.asarray(lrs, np.float64), n_seeds)
    rates = [
        np.array(
            [learning_rate(parametrization, k, lr, m, optimizer) for lr in base], np.float32
        ).reshape(-1, 1, 1)
        for k in kinds
    ]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params] if optimizer == "adam" else []
    loss_log = np.empty((n_nets, steps))
    coord_log = np.empty((n_nets, steps, 3))
    rows = np.arange(batch_size)
    with np.errstate(all="ignore"):
        for step, index in enumerate(batches):
            xb, tb = x[index], t[index]
            h1 = _relu_(xb @ w1 + b1)
            h2 = _relu_(h1 @ w2 + b2)
            s = h2 @ w3
            coord_log[:, step] = np.stack([np.abs(a).mean(axis=(1, 2)) for a in (h1, h2, s)], 1)
            # the softmax cross-entropy of every network at once: weightinit.network's
            # softmax_cross_entropy takes one (n_samples, n_classes) batch and returns one mean
            # loss, so reusing it would mean a Python loop over the stacked networks
            s -= s.max(axis=2, keepdims=True)
            p = np.exp(s)
            p /= p.sum(axis=2, keepdims=True)
            loss_log[:, step] = -np.log(np.maximum(p[:, rows, tb], 1e-30)).mean(axis=1)
            p[:, rows, tb] -= 1.0
            g3 = p / batch_size
            d2 = (g3 @ np.swapaxes(w3, 1, 2)) * (h2 > 0)
            d1 = (d2 @ np.swapaxes(w2, 1, 2)) * (h1 > 0)
            grads = [
                xb.T @ d1,
                np.swapaxes(h1, 1, 2) @ d2,
                np.swapaxes(h2, 1, 2) @ g3,
                d1.sum(axis=1, keepdims=True),
                d2.sum(axis=1, keepdims=True),
            ]
            for i, (param, grad, rate) in enumerate(zip(params, grads, rates, strict=True)):
                if optimizer == "sgd":
                    param -= rate * grad
                    continue
                first, second = moments[i]  # updated in place, with one temporary array
                first *= _BETA1
                first += (1 - _BETA1) * grad
                second *= _BETA2
                np.square(grad, out=grad)
                grad *= 1 - _BETA2
                second += grad
                correction = np.sqrt(1 - _BETA2 ** (step + 1)) / (1 - _BETA1 ** (step + 1))
                update = np.sqrt(second)
                update += _EPS
                np.divide(first, update, out=update)
                update *= (rate * correction).astype(np.float32)
                param -= update
    diverged = ~np.isfinite(loss_log)
    loss_log[np.cumsum(diverged, axis=1) > 0] = np.nan
    shape = (n_lrs, n_seeds, steps)
    return loss_log.reshape(shape), coord_log.reshape(*shape, 3)
