"""Histograms of weights and of hidden-layer activations (the book's slides 5–8).

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from weightinit.plotting._common import (
    LINE_WIDTH,
    _axes,
    _check_mapping,
)

__all__ = [
    "plot_activation_grid",
    "plot_activation_histograms",
    "plot_layer_statistics",
    "plot_weight_histograms",
]


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


def plot_activation_histograms(
    forward, bins: int = 30, axes=None, value_range: tuple[float, float] | None = None
) -> Figure:
    """Draw one histogram of activations per layer of a forward pass through a stack.

    Parameters
    ----------
    forward : weightinit.experiments.stacks.ForwardPass
        What :func:`~weightinit.experiments.stacks.forward_stack` returned.
    bins : int, default 30
        Number of bins per panel (the book uses 30).
    axes : sequence of matplotlib.axes.Axes, optional
        One per layer; a new row of panels sharing the y axis is made when omitted.
    value_range : tuple of float, optional
        The histogram range. By default the activation's range, e.g. (0, 1) for the sigmoid
        and (−1, 1) for tanh; an infinite end is replaced by the data's extreme.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from weightinit.experiments import forward_stack
    >>> fwd = forward_stack(np.ones((10, 4)), n_layers=3, width=4, activation="tanh", rng=0)
    >>> fig = plot_activation_histograms(fwd)
    >>> len(fig.axes), tuple(float(v) for v in fig.axes[0].get_xlim())
    (3, (-1.0, 1.0))
    >>> plt.close("all")
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    layers = forward.activations
    if axes is None:
        _, axes = plt.subplots(
            1, len(layers), figsize=(2.2 * len(layers), 2.6), sharey=True, layout="constrained"
        )
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != len(layers):
        raise ValueError(f"axes must hold one Axes per layer ({len(layers)}), got {len(axes)}")
    low, high = value_range or forward.activation.output_range
    low = low if np.isfinite(low) else min(float(a.min()) for a in layers)
    high = high if np.isfinite(high) else max(float(a.max()) for a in layers)
    for number, (ax, values) in enumerate(zip(axes, layers, strict=True), start=1):
        counts, edges = np.histogram(values, bins=bins, range=(low, high))
        ax.stairs(counts, edges, fill=True, color="C0")
        ax.set_xlim(float(low), float(high))
        ax.set_ymargin(0.15)  # room for the panel label
        if value_range is None and np.all(np.isfinite(forward.activation.output_range)):
            ticks = (low, (low + high) / 2, high)
            ax.set_xticks(ticks, [f"{v:.3g}" for v in ticks])
        else:
            ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=3))
        ax.set_xlabel("activation")
        ax.text(0.5, 0.97, f"layer {number}", transform=ax.transAxes, ha="center", va="top")
    axes[0].set_ylabel("count")
    return axes[0].figure


def plot_activation_grid(forwards: Mapping[str, object], bins: int = 30) -> Figure:
    r"""Draw the layer-by-layer activation histograms of several forward passes, one row each.

    Parameters
    ----------
    forwards : mapping of str to weightinit.experiments.stacks.ForwardPass
        Row label (e.g. the initialization) to a forward pass; all must have the same number
        of layers.
    bins : int, default 30
        Number of bins per panel.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``forwards`` is empty or the passes differ in depth.

    Examples
    --------
    >>> import numpy as np
    >>> from weightinit.experiments import forward_stack
    >>> x = np.ones((10, 4))
    >>> runs = {s: forward_stack(x, n_layers=2, width=4, init=s, rng=0) for s in ("std=1", "he")}
    >>> fig = plot_activation_grid(runs)
    >>> len(fig.axes), fig.axes[2].get_ylabel()
    (4, 'he\ncount')
    >>> plt.close("all")
    """
    _check_mapping(forwards, "forwards")
    depths = {len(forward.activations) for forward in forwards.values()}
    if len(depths) != 1:
        raise ValueError(f"forwards must all have the same number of layers, got {sorted(depths)}")
    n_layers = depths.pop()
    fig, grid = plt.subplots(
        len(forwards),
        n_layers,
        figsize=(2.0 * n_layers, 1.9 * len(forwards) + 0.4),
        sharey="row",
        layout="constrained",
        squeeze=False,
    )
    for row, (label, forward) in zip(grid, forwards.items(), strict=True):
        plot_activation_histograms(forward, bins=bins, axes=row)
        row[0].set_ylabel(f"{label}\ncount")
    return fig


def plot_layer_statistics(
    values: Mapping[str, np.ndarray],
    ax: Axes | None = None,
    ylabel: str = "standard deviation",
    yscale: str = "log",
) -> Axes:
    """Draw a per-layer statistic, one line per label, against the layer number.

    The statistic is e.g. :func:`~weightinit.experiments.stacks.layer_std` of the activations.

    Parameters
    ----------
    values : mapping of str to array_like
        Legend label to one value per layer (layer 1 first).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    ylabel : str, default "standard deviation"
        Label of the y axis.
    yscale : {"log", "linear"}, default "log"
        Scale of the y axis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_layer_statistics({"std 0.01": [1e-1, 1e-3, 1e-5]})
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'layer')
    >>> plt.close("all")
    """
    _check_mapping(values, "values")
    if yscale not in ("log", "linear"):
        raise ValueError(f"yscale must be 'log' or 'linear', got {yscale!r}")
    ax = _axes(ax)
    for label, series in values.items():
        series = np.asarray(series, dtype=float).ravel()
        ax.plot(np.arange(1, series.size + 1), series, "o-", lw=LINE_WIDTH, label=label)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_yscale(yscale)
    ax.legend(frameon=False)
    return ax
