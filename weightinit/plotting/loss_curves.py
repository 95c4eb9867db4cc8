"""Training curves: the loss of every step, smoothed, for one run or a band over seeds.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from weightinit._validation import check_interval, check_value
from weightinit.plotting._common import (
    _axes,
    _check_mapping,
    _legend_above,
    _series_line,
    _smoothing_window,
    series_style,
)
from weightinit.plotting.labels import label

__all__ = ["plot_loss_bands", "plot_loss_curves"]


def plot_loss_curves(
    losses: Mapping[str, np.ndarray], ax: Axes | None = None, window: int | None = None
) -> Axes:
    """Draw per-iteration training losses: the raw curve faintly, its moving average on top.

    Parameters
    ----------
    losses : mapping of str to array_like
        Scheme name (e.g. ``"he"``, drawn in its colour and named by its label in the site's
        style map) or other legend label, to the loss of each iteration, e.g.
        the ``losses`` of a :class:`~weightinit.experiments.training.mnist.Comparison`.
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
    from weightinit.experiments.training.mnist import moving_average

    _check_mapping(losses, "losses")
    ax = _axes(ax)
    for number, (key, values) in enumerate(losses.items()):
        style = series_style(key, number)
        values = np.asarray(values, dtype=float).ravel()
        steps = np.arange(values.size)
        ax.plot(steps, values, color=style.color, lw=0.6, alpha=0.35)
        smooth = moving_average(values, _smoothing_window(values.size, window))
        ax.plot(steps, smooth, **_series_line(style))
    ax.set_xlabel(label("iteration"))
    ax.set_ylabel(label("training loss"))
    ax.set_ylim(bottom=0)
    _legend_above(ax)
    return ax


def plot_loss_bands(
    losses: Mapping[str, np.ndarray],
    ax: Axes | None = None,
    window: int | None = None,
    last: float | None = None,
) -> Axes:
    """Draw, per label, the median smoothed loss over seeds and the band from lowest to highest.

    Parameters
    ----------
    losses : mapping of str to array_like
        Scheme name (e.g. ``"he"``, drawn in its colour and named by its label in the site's
        style map) or other legend label, to losses of shape ``(n_seeds, iterations)``, e.g.
        the ``losses`` of a
        :class:`~weightinit.experiments.training.mnist.SeedComparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    window : int, optional
        Width of the centred moving average applied to each run before taking the band; by
        default 1/50 of the iterations.
    last : float, optional
        Show only this fraction of the iterations, the last ones (e.g. 0.2 for the last
        fifth), with the y axis fitted to the bands there, to compare the seeds' spread at
        the end with the gaps between the labels. By default every iteration is shown and the
        y axis starts at 0.

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
    >>> ax = plot_loss_bands({"he": runs}, last=0.2)
    >>> [round(float(v)) for v in ax.get_xlim()]
    [80, 99]
    >>> plt.close("all")
    """
    from weightinit.experiments.training.mnist import moving_average

    _check_mapping(losses, "losses")
    if last is not None:
        last = check_interval(last, "last", 0.0, 1.0, low_open=True)
    ax = _axes(ax)
    low_end, high_end = np.inf, -np.inf
    for number, (key, runs) in enumerate(losses.items()):
        runs = np.asarray(runs, dtype=float)
        shape_ok = runs.ndim == 2 and runs.size > 0
        check_value(shape_ok, f"losses[{key!r}]", "have shape (n_seeds, iterations)", runs.shape)
        style = series_style(key, number)
        smooth = moving_average(runs, _smoothing_window(runs.shape[1], window))
        steps = np.arange(runs.shape[1])
        low, high = smooth.min(axis=0), smooth.max(axis=0)
        first = steps.size - max(2, round((last or 1) * steps.size))
        low_end, high_end = min(low_end, low[first:].min()), max(high_end, high[first:].max())
        ax.fill_between(steps, low, high, color=style.color, alpha=0.3, lw=0)
        ax.plot(
            steps,
            np.median(smooth, axis=0),
            **_series_line(style),
        )
    ax.set_xlabel(label("iteration"))
    ax.set_ylabel(label("training loss"))
    if last is None:
        ax.set_ylim(bottom=0)
    else:
        ax.set_xlim(first, steps.size - 1)
        margin = 0.05 * (high_end - low_end)
        ax.set_ylim(low_end - margin, high_end + margin)
    _legend_above(ax)
    return ax
