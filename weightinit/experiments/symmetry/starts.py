r"""The 1-2-1 network of slides 3–4 trained from many random starts of one scale.

One run of :func:`~weightinit.experiments.symmetry.tiny_network.train_symmetric` shows one outcome;
:func:`train_over_seeds` repeats it over seeds, so a page can say how often a start of a given
scale reaches a good fit, and how close to a tie its two hidden units start. Every page that
trains this network uses :data:`TINY_STEPS` steps and :data:`TINY_LEARNING_RATE`, so the same
quantity has one value on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from weightinit._validation import check_choice, check_int, check_real, check_sizes
from weightinit.experiments.symmetry.tiny_network import (
    _check_data,
    _descend,
    bump_data,
    initial_parameters,
    tiny_forward,
)
from weightinit.schemes import Scheme

__all__ = ["TINY_LEARNING_RATE", "TINY_STEPS", "StartOutcomes", "train_over_seeds"]

#: Gradient-descent steps of every run of the 1-2-1 network on the lecture pages.
TINY_STEPS: int = 2000
#: Learning rate of every such run.
TINY_LEARNING_RATE: float = 2.0


@dataclass(frozen=True)
class StartOutcomes:
    r"""Outcomes of training the 1-2-1 network from one start scale, one entry per seed.

    Attributes
    ----------
    init : str
        The scheme of the starting values, e.g. ``"std=0.01"``.
    seeds : tuple of int
        One seed per run.
    initial_loss, final_loss : numpy.ndarray
        Loss before and after training.
    initial_parameters, final_parameters : numpy.ndarray
        Shape ``(n_seeds, 7)``, columns in the order of
        :data:`~weightinit.experiments.symmetry.tiny_network.PARAMETER_NAMES`.
    initial_unit_gap, final_unit_gap : numpy.ndarray
        Mean over the inputs of :math:`|w_1 - w_2|`, how differently the two hidden units
        respond at the start and at the end of training (0 for a tie).
    """

    init: str
    seeds: tuple[int, ...]
    initial_loss: np.ndarray
    final_loss: np.ndarray
    initial_parameters: np.ndarray
    final_parameters: np.ndarray
    initial_unit_gap: np.ndarray
    final_unit_gap: np.ndarray

    def largest(self, when: str = "final") -> np.ndarray:
        """Largest absolute parameter per seed, ``"initial"`` or ``"final"``."""
        check_choice(when, "when", ("initial", "final"))
        return np.abs(getattr(self, f"{when}_parameters")).max(axis=1)

    def share_below(self, loss: float) -> float:
        """Share of the seeds whose final loss is below ``loss``."""
        return float(np.mean(self.final_loss < loss))


def train_over_seeds(
    init: str | Scheme,
    seeds: Sequence[int] = tuple(range(10)),
    *,
    steps: int = TINY_STEPS,
    learning_rate: float = TINY_LEARNING_RATE,
    data: tuple[np.ndarray, np.ndarray] | None = None,
) -> StartOutcomes:
    """Train the 1-2-1 network once per seed, from ``initial_parameters(init, rng=seed)``.

    Parameters
    ----------
    init : str or Scheme
        How to draw the seven starting values, e.g. ``"std=0.01"`` or ``"std=1"``.
    seeds : sequence of int, default 0..9
        One run per seed (non-negative ints).
    steps : int, default :data:`TINY_STEPS`
        Gradient-descent steps per run.
    learning_rate : float, default :data:`TINY_LEARNING_RATE`
        Step size.
    data : tuple of numpy.ndarray, optional
        Inputs ``x`` and targets ``t``; by default
        :func:`~weightinit.experiments.symmetry.tiny_network.bump_data`.

    Returns
    -------
    StartOutcomes

    Examples
    --------
    >>> small = train_over_seeds("std=0.01", seeds=[0, 1], steps=50)
    >>> small.final_parameters.shape, bool(np.all(small.initial_unit_gap < 0.01))
    ((2, 7), True)
    >>> bool(np.all(small.final_unit_gap > small.initial_unit_gap))  # training moves them apart
    True
    """
    seeds = check_sizes(seeds, "seeds", minimum=0)
    x, t = bump_data() if data is None else data
    xs, ts = _check_data(x, t)
    steps = check_int(steps, "steps", minimum=0)
    rate = check_real(learning_rate, "learning_rate", positive=True)
    start = np.array([initial_parameters(init, rng=int(seed)) for seed in seeds])
    # every seed's run of train_symmetric at once, one row each
    final, initial_loss, final_loss = _descend(start, xs, ts, steps, rate)
    return StartOutcomes(
        init if isinstance(init, str) else getattr(init, "name", repr(init)),
        tuple(int(s) for s in seeds),
        initial_loss,
        final_loss,
        start,
        final,
        _unit_gaps(start, x),
        _unit_gaps(final, x),
    )


def _unit_gaps(parameters: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Mean over ``x`` of :math:`|w_1 - w_2|` for each row of parameters."""
    gaps = []
    for p in parameters:
        hidden = tiny_forward(p, x)
        gaps.append(float(np.mean(np.abs(hidden.w1 - hidden.w2))))
    return np.array(gaps)
