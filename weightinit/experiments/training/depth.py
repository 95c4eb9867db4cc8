r"""How deep can a ReLU network be and still train? He et al. (2015), Figure 3, scaled down.

:func:`train_depths` trains one :class:`~weightinit.network.MLP` per depth, initialization
scheme and seed, all with the same minibatches, and records the loss of every step. Networks
whose signal explodes (the slide's :math:`2/\sqrt{n}` in a deep network) overflow float32:
that is an expected outcome here, not an error. Training stops at the first step whose loss is
not finite, the step is recorded, and no floating-point warning escapes. The methods of
:class:`DepthSweep` turn the losses into the outcomes the page asserts: which runs trained,
which stalled at the loss of a uniform guess, which overflowed.

The scheme ``"pytorch"`` is what most readers' networks start from: the weights of
``torch.nn.Linear``, :math:`\mathcal{U}(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`
(:data:`~weightinit.schemes.SCHEMES`; the networks here start their biases at zero).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from weightinit._validation import (
    check_choice,
    check_int,
    check_real,
    check_sizes,
    check_value,
)
from weightinit.experiments._data import InitLike, check_classes, check_data, scheme_names
from weightinit.experiments._stacked import StackedMLP
from weightinit.experiments._training import run_side_by_side, train
from weightinit.experiments.training.mnist import minibatches, seed_streams
from weightinit.network import MLP, SGD

__all__ = ["DepthSweep", "train_depths"]


@dataclass(frozen=True)
class DepthSweep:
    r"""Losses of ReLU networks of several depths, per scheme and seed.

    Attributes
    ----------
    depths : tuple of int
        Numbers of hidden layers.
    seeds : tuple of int
        One run per seed and scheme at every depth.
    losses : dict of int to dict of str to numpy.ndarray
        Depth -> scheme name -> losses of shape ``(n_seeds, steps)``, each computed in the
        forward pass of its step; NaN from the step where a run overflowed on.
    overflow_step : dict of int to dict of str to numpy.ndarray
        Depth -> scheme name -> per seed, the first step whose loss was not finite, or -1.
    n_classes : int
        Number of classes; a uniform guess has loss :math:`\ln` ``n_classes``.
    settings : dict
        Width, learning rate, momentum, batch size, steps.
    """

    depths: tuple[int, ...]
    seeds: tuple[int, ...]
    losses: dict[int, dict[str, np.ndarray]]
    overflow_step: dict[int, dict[str, np.ndarray]]
    n_classes: int
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def chance_loss(self) -> float:
        r"""The loss of a uniform guess, :math:`\ln K` for ``K`` classes."""
        return math.log(self.n_classes)

    def _runs(self, depth: int, name: str) -> np.ndarray:
        check_value(depth in self.losses, "depth", f"be one of {list(self.depths)}", depth)
        check_choice(name, "name", list(self.losses[depth]))
        return self.losses[depth][name]

    def final_loss(self, depth: int, name: str, window: int | None = None) -> np.ndarray:
        """Per seed, the mean loss of the last ``window`` steps (default 10 %); inf on overflow."""
        runs = self._runs(depth, name)
        n = (
            max(1, runs.shape[1] // 10)
            if window is None
            else check_int(window, "window", minimum=1)
        )
        means = runs[:, -n:].mean(axis=1)  # NaN for a run that overflowed
        return np.where(np.isfinite(means), means, np.inf)

    def overflowed(self, depth: int, name: str) -> np.ndarray:
        """Per seed, whether the run's loss stopped being finite."""
        self._runs(depth, name)
        return self.overflow_step[depth][name] >= 0

    def trained(self, depth: int, name: str, below: float = 0.5) -> np.ndarray:
        """Per seed, whether the final loss fell below ``below`` times the chance loss."""
        below = check_real(below, "below", positive=True)
        return self.final_loss(depth, name) < below * self.chance_loss

    def stalled(self, depth: int, name: str, tol: float = 0.02) -> np.ndarray:
        """Per seed, whether every step's loss stayed within ``tol`` of the chance loss."""
        tol = check_real(tol, "tol", positive=True)
        runs = self._runs(depth, name)
        with np.errstate(invalid="ignore"):
            near = np.abs(runs - self.chance_loss) < tol
        return np.asarray(near.all(axis=1))


def train_depths(
    x: ArrayLike,
    t: ArrayLike,
    depths: Sequence[int] = (5, 10, 20, 30),
    inits: Sequence[InitLike] = ("xavier-book", "he", "he-slide", "pytorch", "glorot"),
    *,
    width: int = 64,
    lr: float = 0.003,
    momentum: float = 0.9,
    batch_size: int = 64,
    steps: int = 300,
    seeds: Sequence[int] = (0, 1, 2),
    n_classes: int | None = None,
) -> DepthSweep:
    r"""Train ReLU networks of each depth from each scheme, on the same minibatches.

    Every network has ``depth`` hidden ReLU layers of ``width`` units and a softmax output;
    it is trained by SGD with momentum (He et al. trained with momentum 0.9) for ``steps``
    steps. For one seed, all networks see the same minibatches and draw their weights from the
    same random stream. A run whose loss stops being finite (an overflow in float32) is stopped
    there: its remaining losses are NaN and the step is kept in ``overflow_step``.

    Parameters
    ----------
    x : array_like
        Training inputs as rows, shape ``(n_samples, n_features)``.
    t : array_like of int
        Training labels, shape ``(n_samples,)``.
    depths : sequence of int, default (5, 10, 20, 30)
        Numbers of hidden layers.
    inits : sequence of str, Scheme or callable
        The schemes (see :func:`~weightinit.schemes.get_scheme`); by default the book's
        ``"xavier-book"``, ``"he"``, the slide's ``"he-slide"``, ``"pytorch"`` and
        ``"glorot"``.
    width : int, default 64
        Units per hidden layer.
    lr, momentum : float, default 0.003 and 0.9
        SGD's learning rate and momentum.
    batch_size : int, default 64
        Samples per minibatch.
    steps : int, default 300
        SGD steps per run.
    seeds : sequence of int, default (0, 1, 2)
        One run per seed: it seeds the weights and the minibatches.
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.

    Returns
    -------
    DepthSweep

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((200, 8)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> sweep = train_depths(x, t, depths=(2, 30), inits=("he", "he-slide"), width=16,
    ...                      steps=20, seeds=(0,))
    >>> sweep.losses[30]["he"].shape, bool(sweep.overflowed(30, "he-slide")[0])
    ((1, 20), True)
    """
    images, labels = check_data(x, t)
    names = scheme_names(inits)
    classes = check_classes(labels, n_classes)
    depths = check_sizes(depths, "depths")
    width = check_int(width, "width", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    seeds = check_sizes(seeds, "seeds", minimum=0)
    optimizer = SGD(lr=lr, momentum=momentum)
    losses = {d: {n: np.full((len(seeds), steps), np.nan) for n in names} for d in depths}
    overflow = {d: {n: np.full(len(seeds), -1) for n in names} for d in depths}
    batches = np.stack([minibatches(seed, len(labels), steps, batch_size) for seed in seeds])
    # the networks of one depth, every seed and scheme, in one stack; network k is seed
    # k // len(names), scheme k % len(names)
    rows = np.repeat(batches, len(names), axis=0).transpose(1, 0, 2)  # (steps, networks, batch)

    def train_depth(depth: int) -> np.ndarray:
        sizes = (images.shape[1], *([width] * depth), classes)
        nets = [MLP(sizes, "relu", i, rng=seed_streams(s)[0]) for s in seeds for i in inits]
        return train(StackedMLP(nets), images, labels, rows, optimizer, stop_on_overflow=True).T

    # the stacks side by side, the deepest (the most work) first
    order = sorted(depths, key=lambda d: -d)
    with threadpool_limits(limits=1, user_api="blas"):
        runs = run_side_by_side([partial(train_depth, d) for d in order])
    for depth, run in zip(order, runs, strict=True):
        for k, row in enumerate(run):
            s, name = divmod(k, len(names))
            bad = np.flatnonzero(~np.isfinite(row))
            if bad.size:  # the run stops at its first loss that is not finite
                overflow[depth][names[name]][s] = bad[0]
                row[bad[0] :] = np.nan
            losses[depth][names[name]][s] = row
    settings = {
        "width": width,
        "lr": optimizer.lr,
        "momentum": optimizer.momentum,
        "batch_size": batch_size,
        "steps": steps,
        "n_inputs": images.shape[1],
    }
    return DepthSweep(depths, seeds, losses, overflow, classes, settings)
