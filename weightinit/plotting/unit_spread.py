"""How far the hidden units of a layer move apart during training.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from weightinit.experiments.symmetry.permutation import TieHistory
from weightinit.plotting._common import (
    _axes,
    _check_mapping,
    _legend_above,
    _series_line,
    series_style,
)
from weightinit.plotting.labels import label

__all__ = ["plot_unit_spread"]


def plot_unit_spread(histories: Mapping[str, TieHistory], ax: Axes | None = None) -> Axes:
    """Draw each run's spread of hidden units against the step.

    The spread is :func:`~weightinit.experiments.symmetry.permutation.unit_spread`.

    Parameters
    ----------
    histories : mapping of str to weightinit.experiments.symmetry.permutation.TieHistory
        Legend label to the result of
        :func:`~weightinit.experiments.symmetry.permutation.train_hidden_layer`.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> zeros = np.zeros(5)
    >>> h = TieHistory(zeros, np.linspace(0, 1, 5), zeros, np.ones((2, 3)), zeros[:3],
    ...                np.ones((3, 2)))
    >>> ax = plot_unit_spread({"all weights 0.05, dropout 0.5": h})
    >>> ax.get_xlabel(), len(ax.lines)
    ('step', 1)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    _check_mapping(histories, "histories")
    ax = _axes(ax)
    for index, (key, history) in enumerate(histories.items()):
        style = series_style(key, index)
        steps = np.arange(history.spread.size)
        ax.plot(steps, history.spread, **_series_line(style))
    ax.set_xlabel(label("step"))
    ax.set_ylabel(label("largest difference between units"))
    ax.margins(y=0.05)  # a line at exactly 0 stays visible above the axis
    _legend_above(ax)  # over the axes, where it cannot hide a line
    return ax
