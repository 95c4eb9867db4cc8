r"""The learning-rate view of Xavier against He in a ReLU network.

The ReLU is **positively homogeneous**: :math:`\operatorname{ReLU}(c z) = c \operatorname{ReLU}(z)`
for :math:`c > 0`. The book's Xavier weights are He's divided by :math:`\sqrt{2}` (the same
random draws, scaled), so with zero biases a network of :math:`L` weight layers started from
Xavier computes exactly :math:`2^{-L/2}` times the logits of the one started from He
(:func:`output_ratio`). Part of what Xavier loses is then a smaller effective step, which a
larger learning rate can make up for: :func:`sweep_learning_rates` trains both over a range of
rates and reports the final losses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import (
    check_choice,
    check_int,
    check_real,
    check_sequence,
    check_sizes,
    check_value,
)
from weightinit.experiments._data import InitLike, check_classes, check_data, scheme_names
from weightinit.experiments._training import Job, train_side_by_side
from weightinit.experiments.training.mnist import minibatches, seed_streams
from weightinit.network import MLP, SGD

__all__ = ["LearningRateSweep", "output_ratio", "sweep_learning_rates"]


def output_ratio(
    x: ArrayLike,
    sizes: Sequence[int],
    scaled: InitLike = "xavier-book",
    base: InitLike = "he",
    seed: int = 0,
) -> tuple[float, float]:
    r"""How much smaller the logits of one ReLU network are than another's, same random draws.

    Both networks are :class:`~weightinit.network.MLP` with ReLU hidden layers and zero
    biases, their weights drawn from ``np.random.default_rng(seed)``. For ``"xavier-book"`` over
    ``"he"`` every weight is :math:`1/\sqrt{2}` times the other's, so the logits are
    :math:`2^{-L/2}` times the other's, with :math:`L` = ``len(sizes) - 1`` weight layers.

    Parameters
    ----------
    x : array_like
        Inputs as rows, shape ``(n_samples, sizes[0])``.
    sizes : sequence of int
        Layer sizes including input and output.
    scaled, base : str, Scheme or callable, default "xavier-book" and "he"
        The two schemes.
    seed : int, default 0
        Seed of the weights of both networks.

    Returns
    -------
    ratio : float
        The least-squares factor :math:`r` in ``scaled_logits ≈ r * base_logits``.
    residual : float
        The largest :math:`|\text{scaled} - r\,\text{base}|` relative to the largest
        :math:`|r\,\text{base}|`: float32 rounding when the two are exact multiples.

    Examples
    --------
    >>> x = np.random.default_rng(1).random((5, 8))
    >>> ratio, residual = output_ratio(x, (8, 16, 16, 3))  # three weight layers
    >>> round(ratio / 2 ** (-3 / 2), 5), residual < 1e-5
    (1.0, True)
    """
    nets = [MLP(sizes, "relu", init, rng=np.random.default_rng(seed)) for init in (scaled, base)]
    top, bottom = (net.forward(x).astype(np.float64) for net in nets)
    ratio = float(np.sum(top * bottom) / np.sum(bottom * bottom))
    residual = float(np.max(np.abs(top - ratio * bottom)) / np.max(np.abs(ratio * bottom)))
    return ratio, residual


@dataclass(frozen=True)
class LearningRateSweep:
    """Final training losses per scheme and learning rate, over seeds.

    Attributes
    ----------
    lrs : tuple of float
        The learning rates, increasing.
    final_loss : dict of str to numpy.ndarray
        Scheme name -> mean loss of the last 5 % of the steps, shape ``(n_lrs, n_seeds)``;
        ``inf`` where a run's loss stopped being finite.
    reference : str
        The scheme trained at ``reference_lr`` to compare against, e.g. ``"he"``.
    reference_lr : float
        Its learning rate (the book's 0.01).
    reference_loss : numpy.ndarray
        Its final loss per seed, shape ``(n_seeds,)``.
    n_classes : int
        Number of classes.
    settings : dict
        Hidden widths, batch size, steps, seeds.
    """

    lrs: tuple[float, ...]
    final_loss: dict[str, np.ndarray]
    reference: str
    reference_lr: float
    reference_loss: np.ndarray
    n_classes: int
    settings: dict[str, Any] = field(default_factory=dict)

    def matching_rate(self, name: str = "xavier-book") -> float | None:
        """The smallest rate at which ``name``'s median final loss is at most the reference's.

        None when no rate of the sweep gets there.
        """
        check_choice(name, "name", list(self.final_loss))
        target = float(np.median(self.reference_loss))
        for lr, losses in zip(self.lrs, self.final_loss[name], strict=True):
            if float(np.median(losses)) <= target:
                return lr
        return None

    def best_loss(self, name: str = "xavier-book") -> float:
        """The lowest median final loss of ``name`` over all rates of the sweep."""
        check_choice(name, "name", list(self.final_loss))
        return float(np.min(np.median(self.final_loss[name], axis=1)))


def sweep_learning_rates(
    x: ArrayLike,
    t: ArrayLike,
    lrs: Sequence[float] = (0.01, 0.02, 0.04, 0.08),
    inits: Sequence[InitLike] = ("xavier-book", "he"),
    *,
    reference: InitLike = "he",
    reference_lr: float = 0.01,
    hidden: Sequence[int] = (100, 100, 100, 100),
    batch_size: int = 128,
    iterations: int = 300,
    seeds: Sequence[int] = (0, 1),
    n_classes: int | None = None,
) -> LearningRateSweep:
    r"""Train ReLU networks from each scheme at each learning rate; keep the final losses.

    Each run is :func:`~weightinit.experiments.training.mnist.compare_initializers` (plain SGD, the
    same
    minibatches and random draws for every scheme of one seed). Overflow is an expected
    outcome at large rates: it is caught, and the run's final loss is ``inf``.

    Parameters
    ----------
    x, t : array_like
        Training inputs (rows) and integer labels.
    lrs : sequence of float, default (0.01, 0.02, 0.04, 0.08)
        Positive learning rates, sorted increasing.
    inits : sequence of str, Scheme or callable, default ("xavier-book", "he")
        Schemes trained at every rate.
    reference : str, Scheme or callable, default "he"
        The scheme trained once, at ``reference_lr``, to compare against.
    reference_lr : float, default 0.01
        The reference's learning rate.
    hidden : sequence of int, default (100, 100, 100, 100)
        Hidden widths (the book's network by default).
    batch_size, iterations : int, default 128 and 300
        Minibatch size and number of steps.
    seeds : sequence of int, default (0, 1)
        One run per seed.
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.

    Returns
    -------
    LearningRateSweep

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((200, 8)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> sweep = sweep_learning_rates(x, t, lrs=(0.05, 0.2), hidden=(16, 16), iterations=30,
    ...                              seeds=(0,))
    >>> sweep.final_loss["xavier-book"].shape, sweep.reference_loss.shape
    ((2, 1), (1,))
    """
    images, labels = check_data(x, t)
    names = scheme_names(inits)
    reference_name = scheme_names([reference], "reference")[0]
    classes = check_classes(labels, n_classes)
    rates = tuple(
        check_real(lr, "each entry of lrs", positive=True) for lr in check_sequence(lrs, "lrs")
    )
    check_value(list(rates) == sorted(rates), "lrs", "be sorted increasing", rates)
    reference_lr = check_real(reference_lr, "reference_lr", positive=True)
    seeds = check_sizes(seeds, "seeds", minimum=0)
    common: dict[str, Any] = {
        "hidden": check_sizes(hidden, "hidden", min_length=0),
        "batch_size": check_int(batch_size, "batch_size", minimum=1),
        "iterations": check_int(iterations, "iterations", minimum=1),
        "n_classes": classes,
    }

    sizes = (images.shape[1], *common["hidden"], classes)
    runs = [(init, lr) for lr in rates for init in inits] + [(reference, reference_lr)]
    shape = (common["iterations"], common["batch_size"])
    jobs = []
    for init, lr in runs:  # compare_initializers' networks and minibatches, for every seed
        for seed in seeds:
            batches = minibatches(seed, len(labels), *shape)
            net = MLP(sizes, "relu", init, rng=seed_streams(seed)[0])
            jobs.append(Job(net, images, labels, batches, SGD(lr=lr)))
    # every network of the sweep side by side, one BLAS thread each
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        trained = train_side_by_side(jobs)
        window = max(1, common["iterations"] // 20)  # the last 5 %, as Comparison.final_loss
        final = np.array([run[-window:].mean() for run in trained])
    final = np.where(np.isfinite(final), final, math.inf).reshape(len(runs), len(seeds))
    table = final[:-1].reshape(len(rates), len(inits), len(seeds)).transpose(0, 2, 1)
    losses = {name: table[:, :, k] for k, name in enumerate(names)}
    reference_loss = final[-1]
    settings = {**common, "seeds": seeds}
    return LearningRateSweep(
        rates, losses, reference_name, reference_lr, reference_loss, classes, settings
    )
