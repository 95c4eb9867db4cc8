"""Histograms of weights and of hidden-layer activations (the book's slides 5–8).

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit._validation import check_int, check_mapping, check_value
from weightinit.experiments import ForwardPass
from weightinit.plotting._common import (
    WIDE_WIDTH,
    AxesLike,
    _axes,
    _axes_grid,
    _check_mapping,
    _check_yscale,
    _integer_ticks,
    _layer_line,
    _legend_above,
    _series_line,
    _set_yscale,
    _with_minus,
    series_style,
)
from weightinit.plotting.labels import fit_japanese_fonts, label, localize

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

    Each bar is the fraction of that array's weights in the bin, so arrays of different
    sizes compare. Each array is drawn in the colour of its scheme and named by its label in
    the site's style map; the legend sits above the axes, off the bars.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        Scheme name (a key of :data:`~weightinit.style.SCHEME_STYLES`, e.g. ``"he"``) or
        other legend label, to a weight array; each array is flattened.
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
    >>> ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text()
    ('weight value', 'He')
    >>> plt.close("all")
    """
    check_mapping(weights, "weights")
    bins = check_int(bins, "bins", minimum=1)
    arrays = {label: np.asarray(values, dtype=float).ravel() for label, values in weights.items()}
    low = min(float(a.min()) for a in arrays.values())
    high = max(float(a.max()) for a in arrays.values())
    edges = np.linspace(low, high, bins + 1)
    ax = _axes(ax)
    for index, (key, values) in enumerate(arrays.items()):
        style = series_style(key, index)
        counts, _ = np.histogram(values, bins=edges)
        ax.stairs(
            counts / values.size,
            edges,
            **_series_line(style),
        )
    ax.set_xlabel(label("weight value"))
    ax.set_ylabel(label("fraction of weights"))
    ax.set_ylim(bottom=0)
    _legend_above(ax)
    return ax


def plot_activation_histograms(
    forward: ForwardPass,
    bins: int = 30,
    axes: AxesLike | None = None,
    value_range: tuple[float, float] | None = None,
) -> Figure | SubFigure:
    """Draw one histogram of activations per layer of a forward pass through a stack.

    Each bar is the fraction of the layer's activations in the bin, and the bars take the
    colour of the pass's initialization scheme in the site's style map.

    Parameters
    ----------
    forward : weightinit.experiments.propagation.stacks.ForwardPass
        What :func:`~weightinit.experiments.propagation.stacks.forward_stack` returned.
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
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['−1', '0', '1']
    >>> plt.close("all")
    """
    bins = check_int(bins, "bins", minimum=1)
    layers = forward.activations
    size = (min(WIDE_WIDTH, 1.5 * len(layers) + 0.5), 2.3)
    rule = f"hold one Axes per layer ({len(layers)})"
    axes = _axes_grid(axes, 1, len(layers), size, rule, sharey=True)
    low, high = value_range or forward.activation.output_range
    low = low if np.isfinite(low) else min(float(a.min()) for a in layers)
    high = high if np.isfinite(high) else max(float(a.max()) for a in layers)
    color = series_style(getattr(forward, "scheme", None), 0).color
    for number, (ax, values) in enumerate(zip(axes, layers, strict=True), start=1):
        counts, edges = np.histogram(values, bins=bins, range=(low, high))
        ax.stairs(counts / max(values.size, 1), edges, fill=True, color=color)
        ax.set_xlim(float(low), float(high))  # the bars' baseline keeps y at 0
        if value_range is None and np.all(np.isfinite(forward.activation.output_range)):
            ticks = (low, (low + high) / 2, high)
            ax.set_xticks(ticks, [_with_minus(f"{v:.3g}") for v in ticks])
        else:
            ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=3))
        ax.set_xlabel(label("activation"))
        ax.set_title(label("layer {layer}", layer=number))
    axes[0].set_ylabel(label("fraction"))
    return axes[0].figure


def plot_activation_grid(forwards: Mapping[str, ForwardPass], bins: int = 30) -> Figure:
    r"""Draw the layer-by-layer activation histograms of several forward passes, one row each.

    Each row is titled with its key's display label in the site's style map (the key itself
    when it has none) and drawn in the colour of its pass's initialization scheme.

    Parameters
    ----------
    forwards : mapping of str to weightinit.experiments.propagation.stacks.ForwardPass
        Row key (e.g. the scheme name, ``"std=1"``) to a forward pass; all must have the same
        number of layers.
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
    >>> [sub.get_suptitle() for sub in fig.subfigs]
    ['std 1', 'He']
    >>> len(fig.subfigs[1].axes), fig.subfigs[1].axes[0].get_ylabel()
    (2, 'fraction')
    >>> plt.close("all")
    """
    _check_mapping(forwards, "forwards")
    depths = {len(forward.activations) for forward in forwards.values()}
    rule = "all have the same number of layers"
    check_value(len(depths) == 1, "forwards", rule, sorted(depths))
    n_layers = depths.pop()
    fig = plt.figure(
        figsize=(min(WIDE_WIDTH, 1.5 * n_layers + 0.5), 2.2 * len(forwards)),
        layout="constrained",
    )
    rows = fig.subfigures(len(forwards), 1, squeeze=False)[:, 0]
    for index, (row, (key, forward)) in enumerate(zip(rows, forwards.items(), strict=True)):
        axes = row.subplots(1, n_layers, sharey=True)
        plot_activation_histograms(forward, bins=bins, axes=axes)
        row.suptitle(series_style(key, index).label, x=0.01, ha="left", fontweight="bold")
    fit_japanese_fonts(fig)
    return fig


def plot_layer_statistics(
    values: Mapping[str, np.ndarray],
    ax: Axes | None = None,
    ylabel: str = "standard deviation",
    yscale: str = "auto",
) -> Axes:
    """Draw a per-layer statistic, one line per label, against the layer number.

    The statistic is e.g. :func:`~weightinit.experiments.propagation.stacks.layer_std` of the
    activations.

    Parameters
    ----------
    values : mapping of str to array_like
        Scheme or activation name (a key of the site's style map, e.g. ``"he"``), or other
        legend label, to one value per layer (layer 1 first). Each series takes the colour,
        marker and label of its key; the legend sits above the axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    ylabel : str, default "standard deviation"
        Label of the y axis.
    yscale : {"auto", "log", "linear"}, default "auto"
        Scale of the y axis; ``"auto"`` picks a logarithmic axis when the values span a
        factor of 10 or more, a linear one starting at 0 otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_layer_statistics({"std=0.01": [1e-1, 1e-3, 1e-5]})
    >>> ax.get_yscale(), ax.get_xlabel(), ax.get_lines()[0].get_color()
    ('log', 'layer', '#56B4E9')
    >>> plt.close("all")
    """
    _check_mapping(values, "values")
    _check_yscale(yscale)
    ax = _axes(ax)
    for index, (key, series) in enumerate(values.items()):
        style = series_style(key, index)
        _layer_line(ax, series, style, marker=style.marker)
    ax.set_xlabel(label("layer"))
    ax.set_ylabel(localize(ylabel))
    _integer_ticks(ax.xaxis)
    _set_yscale(ax, yscale, values.values())
    _legend_above(ax)
    return ax
