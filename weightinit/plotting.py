"""Plotting helpers for the pages: they take results as arrays and draw them.

Each function takes an optional ``ax`` (or ``axes``) to draw into, creates a figure when none is
given, and returns what it drew on, following the matplotlib and pandas convention. Figures
carry no titles (captions belong to the page), lower-case axis labels, and lines of width 2.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = ["plot_weight_histograms"]

LINE_WIDTH = 2.0


def _axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_weight_histograms(
    weights: Mapping[str, np.ndarray], ax: Axes | None = None, bins: int = 60
) -> Axes:
    """Draw the distribution of several weight arrays as overlaid step histograms.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        Legend label to weight array; each array is flattened.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    bins : int, default 60
        Number of bins, shared by all arrays over their common range.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``weights`` is empty or ``bins`` is not a positive int.

    Examples
    --------
    >>> import weightinit as wi
    >>> ax = plot_weight_histograms({"he": wi.kaiming_normal((100, 100), rng=0)})
    >>> ax.get_xlabel()
    'weight value'
    >>> plt.close("all")
    """
    if not weights:
        raise ValueError("weights must map at least one label to an array")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    arrays = {label: np.asarray(values, dtype=float).ravel() for label, values in weights.items()}
    low = min(float(a.min()) for a in arrays.values())
    high = max(float(a.max()) for a in arrays.values())
    edges = np.linspace(low, high, bins + 1)
    ax = _axes(ax)
    for label, values in arrays.items():
        ax.hist(values, bins=edges, density=True, histtype="step", lw=LINE_WIDTH, label=label)
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    ax.legend(frameon=False)
    return ax
