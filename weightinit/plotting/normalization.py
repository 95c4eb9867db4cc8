"""Starting a deep network: each layer's variance, and training with and without batch norm.

Part of :mod:`weightinit.plotting`; every function is also importable from there. Series are
keyed by the site's style keys (``"he"``, ``"pytorch"``, ``"lsuv"``, ``"std=0.01"``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit.plotting._common import (
    _axes,
    _check_mapping,
    _integer_ticks,
    _layer_line,
    _legend_above,
    _panel_row,
    series_style,
)
from weightinit.plotting.labels import label, localize

__all__ = ["plot_batchnorm_comparison", "plot_layer_variances"]


def plot_layer_variances(variances: Mapping[str, np.ndarray], ax: Axes | None = None) -> Axes:
    """Draw each layer's output variance on a batch, per way of starting the network.

    Parameters
    ----------
    variances : mapping of str to array_like
        Style key (``"pytorch"``, ``"he"``, ``"lsuv"``) to one variance per layer, e.g. the
        ``initial_variances`` of
        :class:`~weightinit.experiments.training.deep_relu.DeepReluStarts`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_layer_variances({"he": [1.0, 0.9, 0.8], "pytorch": [0.3, 0.05, 0.01]})
    >>> ax.get_yscale(), len(ax.lines)
    ('log', 2)
    >>> plt.close("all")
    """
    _check_mapping(variances, "variances")
    ax = _axes(ax)
    for index, (key, values) in enumerate(variances.items()):
        style = series_style(key, index)
        _layer_line(ax, values, style, marker=style.marker, ms=4)
    ax.set_yscale("log")
    ax.set_xlabel(label("layer"))
    ax.set_ylabel(label("variance of the layer's output"))
    _integer_ticks(ax.xaxis)
    _legend_above(ax)
    return ax


def plot_batchnorm_comparison(
    panels: Mapping[str, Mapping[str, np.ndarray]], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    """Draw training-loss bands side by side, one panel per network variant (e.g. with BN).

    Parameters
    ----------
    panels : mapping of str to mapping of str to array_like
        Panel label (written in the panel's corner, e.g. ``"without batch norm"``) to the
        ``losses`` of a :class:`~weightinit.experiments.training.mnist.SeedComparison`: scheme key
        to
        losses of shape ``(n_seeds, iterations)``, drawn by
        :func:`~weightinit.plotting.loss_curves.plot_loss_bands`.
    axes : sequence of matplotlib.axes.Axes, optional
        One Axes per panel; a new figure with the panels side by side (shared vertical axis)
        is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> runs = {"he": np.array([np.linspace(2.3, 0.2, 50), np.linspace(2.3, 0.3, 50)])}
    >>> fig = plot_batchnorm_comparison({"without batch norm": runs, "with batch norm": runs})
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes]
    (2, ['without batch norm', 'with batch norm'])
    >>> plt.close("all")
    """
    from weightinit.plotting.loss_curves import plot_loss_bands

    _check_mapping(panels, "panels")
    axes = _panel_row(axes, len(panels))
    handles: list[Artist] = []
    labels: list[str] = []
    for index, (ax, (title, losses)) in enumerate(zip(axes, panels.items(), strict=True)):
        plot_loss_bands(losses, ax=ax)
        ax.set_title(localize(title))  # a short panel label; the caption belongs to the page
        legend = ax.get_legend()
        assert legend is not None  # plot_loss_bands draws one
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if handle is not None and text.get_text() not in labels:
                handles.append(handle)
                labels.append(text.get_text())
        legend.remove()
        if index:
            ax.set_ylabel("")
    figure = axes[0].figure
    figure.legend(handles, labels, loc="outside upper center", ncols=len(labels), frameon=False)
    return figure
