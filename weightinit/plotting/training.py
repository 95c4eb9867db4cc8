"""Training curves: the loss of every step, smoothed, for one run or a band over seeds.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from weightinit.plotting._common import (
    LINE_WIDTH,
    _axes,
    _check_mapping,
    _smoothing_window,
)

__all__ = ["plot_loss_bands", "plot_loss_curves"]


def plot_loss_curves(
    losses: Mapping[str, np.ndarray], ax: Axes | None = None, window: int | None = None
) -> Axes:
    """Draw per-iteration training losses: the raw curve faintly, its moving average on top.

    Parameters
    ----------
    losses : mapping of str to array_like
        Legend label to the loss of each iteration, e.g.
        the ``losses`` of a :class:`~weightinit.experiments.mnist.Comparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    window : int, optional
        Width of the centred moving average; by default 1/50 of the iterations.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_loss_curves({"he": np.linspace(2.3, 0.2, 100)})
    >>> len(ax.lines), ax.get_xlabel()
    (2, 'iteration')
    >>> plt.close("all")
    """
    from weightinit.experiments.mnist import moving_average

    _check_mapping(losses, "losses")
    ax = _axes(ax)
    for number, (label, values) in enumerate(losses.items()):
        values = np.asarray(values, dtype=float).ravel()
        steps = np.arange(values.size)
        color = f"C{number}"
        ax.plot(steps, values, color=color, lw=0.6, alpha=0.35)
        smooth = moving_average(values, _smoothing_window(values.size, window))
        ax.plot(steps, smooth, color=color, lw=LINE_WIDTH, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("training loss")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return ax


def plot_loss_bands(
    losses: Mapping[str, np.ndarray], ax: Axes | None = None, window: int | None = None
) -> Axes:
    """Draw, per label, the median smoothed loss over seeds and the band from lowest to highest.

    Parameters
    ----------
    losses : mapping of str to array_like
        Legend label to losses of shape ``(n_seeds, iterations)``, e.g.
        the ``losses`` of a
        :class:`~weightinit.experiments.mnist.SeedComparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    window : int, optional
        Width of the centred moving average applied to each run before taking the band; by
        default 1/50 of the iterations.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> runs = np.array([np.linspace(2.3, 0.2, 100), np.linspace(2.3, 0.4, 100)])
    >>> ax = plot_loss_bands({"he": runs})
    >>> len(ax.lines), len(ax.collections)
    (1, 1)
    >>> plt.close("all")
    """
    from weightinit.experiments.mnist import moving_average

    _check_mapping(losses, "losses")
    ax = _axes(ax)
    for number, (label, runs) in enumerate(losses.items()):
        runs = np.asarray(runs, dtype=float)
        if runs.ndim != 2 or runs.size == 0:
            raise ValueError(f"losses[{label!r}] must have shape (n_seeds, iterations)")
        smooth = moving_average(runs, _smoothing_window(runs.shape[1], window))
        steps = np.arange(runs.shape[1])
        color = f"C{number}"
        low, high = smooth.min(axis=0), smooth.max(axis=0)
        ax.fill_between(steps, low, high, color=color, alpha=0.3, lw=0)
        ax.plot(steps, np.median(smooth, axis=0), color=color, lw=LINE_WIDTH, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("training loss")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return ax
