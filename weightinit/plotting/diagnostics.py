"""The checks of :mod:`weightinit.diagnostics`, drawn: per layer, per step, as histograms.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit._validation import check_instance, check_int, check_value
from weightinit.activations import get_activation
from weightinit.diagnostics import Diagnostics, TrainingTrace
from weightinit.plotting._common import (
    LINE_WIDTH,
    WIDE_WIDTH,
    _axes_grid,
    _check_mapping,
    _series_line,
    _with_minus,
    series_style,
)
from weightinit.plotting.labels import label

__all__ = [
    "RULE_OF_THUMB",
    "plot_colourful_dimension",
    "plot_layer_checks",
    "plot_output_histograms",
    "plot_update_ratios",
]

# A text's ground: white, so that the curves crossing it pass behind.
# the y label of the units lost: saturated (tanh, sigmoid), dead (ReLU), or both
_UNITS_LABELS = {
    frozenset({"saturated"}): "saturated units (%)",
    frozenset({"dead"}): "dead units (%)",
    frozenset({"saturated", "dead"}): "saturated or dead units (%)",
}
_LABEL_GROUND = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1}
#: The update-to-data ratio of Karpathy's rule of thumb, :math:`\log_{10}` of it.
RULE_OF_THUMB = -3.0


def _check_items(values: Mapping, name: str, kind: type) -> None:
    _check_mapping(values, name)
    for key, value in values.items():
        check_instance(value, f"{name}[{key!r}]", kind)


def _unit_share(d: Diagnostics) -> tuple[np.ndarray, str]:
    """The hidden layers' saturated share, or their dead share for a ReLU, in percent."""
    hidden = slice(0, d.n_layers - 1)
    if not np.all(np.isnan(d.saturated[hidden])):
        return 100 * d.saturated[hidden], "saturated"
    return 100 * d.dead[hidden], "dead"


def plot_layer_checks(
    results: Mapping[str, Diagnostics], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    """Draw four checks per layer, one line per network: spread, units lost, gradient, update.

    Panels: the standard deviation of each layer's outputs (the last layer's are the logits);
    the share of saturated units (tanh, sigmoid) or dead ones (ReLU) of each hidden layer; the
    standard deviation of the gradient with respect to each layer's outputs; and the
    update-to-data ratio of each weight matrix, with the rule of thumb's :math:`-3`.

    Parameters
    ----------
    results : mapping of str to weightinit.diagnostics.Diagnostics
        Scheme name (a key of the style map, e.g. ``"he"``) to its checks.
    axes : sequence of matplotlib.axes.Axes, optional
        Four Axes to draw in; by default a 2 × 2 grid.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.diagnostics import diagnose_network
    >>> from weightinit.network import MLP
    >>> x = np.random.default_rng(0).random((50, 8))
    >>> d = diagnose_network(MLP((8, 6, 6, 3), "relu", "he", rng=0), x, np.arange(50) % 3, lr=0.1)
    >>> fig = plot_layer_checks({"he": d})
    >>> len(fig.axes), fig.axes[3].get_ylabel()
    (4, 'log₁₀ update / weight')
    >>> plt.close("all")
    """
    _check_items(results, "results", Diagnostics)
    axes = _axes_grid(axes, 2, 2, (WIDE_WIDTH, 5.6), sharex=True)
    kinds = set()
    for index, (name, d) in enumerate(results.items()):
        style = series_style(name, index)
        draw: dict[str, Any] = {"color": style.color, "marker": style.marker, "lw": LINE_WIDTH,
                "ls": style.linestyle}  # fmt: skip
        layers = np.arange(1, d.n_layers + 1)
        share, kind = _unit_share(d)
        kinds.add(kind)
        axes[0].plot(layers, d.std, label=style.label, **draw)
        axes[1].plot(layers[:-1], share, **draw)
        axes[2].plot(layers, d.gradient_std, **draw)
        axes[3].plot(layers, d.update_ratio, **draw)
    axes[3].axhline(RULE_OF_THUMB, color="0.5", ls="--", lw=1.5)
    # the label on a white ground above the curves that cross it, and room for it under the top
    axes[3].text(1, RULE_OF_THUMB, _with_minus(label(" rule of thumb, −3")), color="0.3",
                 va="bottom", fontsize="small", zorder=5, bbox=_LABEL_GROUND)  # fmt: skip
    low, high = axes[3].get_ylim()
    axes[3].set_ylim(low, max(high, RULE_OF_THUMB + 0.2 * (max(high, RULE_OF_THUMB) - low)))
    for ax in (axes[0], axes[2]):
        ax.set_yscale("log")
    axes[0].set_ylabel(label("std of outputs"))
    axes[1].set_ylabel(label(_UNITS_LABELS[frozenset(kinds)]))
    axes[1].set_ylim(bottom=0)
    axes[2].set_ylabel(label("std of ∂L/∂outputs"))
    axes[3].set_ylabel(label("log₁₀ update / weight"))
    n_layers = max(d.n_layers for d in results.values())
    for ax in axes[2:]:
        ax.set_xlabel(label("layer (last: output)"))
        ax.set_xticks(np.arange(1, n_layers + 1))
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, loc="outside lower center", frameon=False,
                          ncols=min(3, len(labels)))  # fmt: skip
    return axes[0].figure


def _value_range(results: Mapping[str, Diagnostics]) -> tuple[float, float]:
    lows, highs = [], []
    for d in results.values():
        lo, hi = get_activation(d.activation).output_range
        if not math.isfinite(hi):  # unbounded: wide enough for 99 % of every layer
            hi = max(float(np.quantile(h, 0.99)) for h in d.outputs[:-1])
        if not math.isfinite(lo):
            lo = min(float(np.quantile(h, 0.01)) for h in d.outputs[:-1])
        lows.append(lo)
        highs.append(hi)
    return min(lows), max(highs)


def plot_output_histograms(
    results: Mapping[str, Diagnostics], axes: Sequence[Axes] | None = None, bins: int = 40
) -> Figure | SubFigure:
    """Draw one panel per hidden layer: the histogram of its outputs, one line per network.

    Heights are fractions of the layer's outputs, so networks and layers compare; the x axis
    is the activation's range when it is bounded.

    Parameters
    ----------
    results : mapping of str to weightinit.diagnostics.Diagnostics
        Scheme name to checks that kept their ``outputs``, all with the same number of layers.
    axes : sequence of matplotlib.axes.Axes, optional
        One per hidden layer; by default a row.
    bins : int, default 40
        Number of bins.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.diagnostics import diagnose_network
    >>> from weightinit.network import MLP
    >>> x = np.random.default_rng(0).random((50, 8))
    >>> d = diagnose_network(MLP((8, 6, 6, 3), "sigmoid", "std=1", rng=0), x, np.arange(50) % 3)
    >>> fig = plot_output_histograms({"std=1": d})
    >>> len(fig.axes), [float(v) for v in fig.axes[0].get_xlim()]
    (2, [0.0, 1.0])
    >>> plt.close("all")
    """
    _check_items(results, "results", Diagnostics)
    bins = check_int(bins, "bins", minimum=1)
    hidden_counts = {d.n_layers - 1 for d in results.values()}
    alike = len(hidden_counts) == 1 and all(d.outputs for d in results.values())
    check_value(alike, "results", "all keep their outputs and have the same number of layers")
    (n_hidden,) = hidden_counts
    axes = _axes_grid(axes, 1, n_hidden, (WIDE_WIDTH, 2.6), sharey=True)
    lo, hi = _value_range(results)
    edges = np.linspace(lo, hi, bins + 1)
    for index, (name, d) in enumerate(results.items()):
        style = series_style(name, index)
        for layer, ax in enumerate(axes):
            values = np.clip(np.ravel(d.outputs[layer]), lo, hi)
            weights = np.full(values.size, 1 / values.size)
            name_label = style.label if layer == 0 else None
            ax.hist(values, bins=edges.tolist(), weights=weights, histtype="step",
                    **_series_line(style, label=name_label))  # fmt: skip
    for layer, ax in enumerate(axes, start=1):
        ax.set_xlim(lo, hi)
        ax.set_title(label("layer {layer}", layer=layer), fontsize="medium")
        ax.set_xlabel(label("output"))
    axes[0].set_ylabel(label("fraction"))
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, loc="outside lower center", frameon=False,
                          ncols=min(3, len(labels)))  # fmt: skip
    return axes[0].figure


def plot_colourful_dimension(
    traces: Mapping[str, TrainingTrace], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    """Draw, per network and hidden layer, its outputs' histogram at every step as an image.

    The "colourful dimension" picture of fast.ai's course: step on the x axis, output value on
    the y axis, the logarithm of the count in each bin as colour (brighter is more), so a layer
    that saturates shows bright bands at the ends of the range and one that collapses a single
    thin band.

    Parameters
    ----------
    traces : mapping of str to weightinit.diagnostics.TrainingTrace
        Scheme name to a trace, all with the same number of hidden layers.
    axes : sequence of matplotlib.axes.Axes, optional
        One per network and hidden layer, row by row; by default a grid.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.diagnostics import track_training
    >>> from weightinit.network import MLP, SGD
    >>> x = np.random.default_rng(0).random((50, 8))
    >>> net = MLP((8, 6, 6, 3), "tanh", "xavier-book", rng=0)
    >>> trace = track_training(net, x, np.arange(50) % 3, SGD(0.1), steps=3, batch_size=10, rng=0)
    >>> fig = plot_colourful_dimension({"xavier-book": trace})
    >>> len(fig.axes), len(fig.axes[0].images)
    (2, 1)
    >>> plt.close("all")
    """
    _check_items(traces, "traces", TrainingTrace)
    n_hidden = {t.histograms.shape[1] for t in traces.values()}
    check_value(len(n_hidden) == 1, "traces", "all have the same number of hidden layers")
    (n_hidden,) = n_hidden
    n_rows = len(traces)
    axes = _axes_grid(
        axes, n_rows, n_hidden, (WIDE_WIDTH, 1.9 * n_rows + 0.5), sharex=True, sharey="row"
    )
    for row, (index, (name, trace)) in enumerate(zip(range(n_rows), traces.items(), strict=True)):
        n_steps = len(trace.loss)
        for layer in range(n_hidden):
            ax = axes[row * n_hidden + layer]
            counts = np.log1p(trace.histograms[:, layer, :].T)
            extent = (0, n_steps, trace.edges[0], trace.edges[-1])
            ax.imshow(counts, origin="lower", aspect="auto", cmap="viridis",
                      interpolation="nearest", extent=extent)  # fmt: skip
            if row == 0:
                ax.set_title(label("layer {layer}", layer=layer + 1), fontsize="medium")
            if row == n_rows - 1:
                ax.set_xlabel(label("step"))
        axes[row * n_hidden].set_ylabel(
            label("{label}\noutput", label=series_style(name, index).label)
        )
    return axes[0].figure


def plot_update_ratios(traces: Mapping[str, TrainingTrace], ax: Axes | None = None) -> Axes:
    """Draw each network's update-to-data ratio over the steps: the layers' mean and range.

    Parameters
    ----------
    traces : mapping of str to weightinit.diagnostics.TrainingTrace
        Scheme name to a trace.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from weightinit.diagnostics import track_training
    >>> from weightinit.network import MLP, SGD
    >>> x = np.random.default_rng(0).random((50, 8))
    >>> net = MLP((8, 6, 6, 3), "tanh", "xavier-book", rng=0)
    >>> trace = track_training(net, x, np.arange(50) % 3, SGD(0.1), steps=3, batch_size=10, rng=0)
    >>> ax = plot_update_ratios({"xavier-book": trace})
    >>> ax.get_xlabel(), len(ax.lines)
    ('step', 2)
    >>> plt.close("all")
    """
    _check_items(traces, "traces", TrainingTrace)
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDE_WIDTH * 0.7, 3.2), layout="constrained")
    for index, (name, trace) in enumerate(traces.items()):
        style = series_style(name, index)
        steps = np.arange(1, len(trace.loss) + 1)
        ratios = trace.update_ratio
        ax.fill_between(steps, ratios.min(axis=1), ratios.max(axis=1), color=style.color,
                        alpha=0.25, lw=0)  # fmt: skip
        ax.plot(steps, ratios.mean(axis=1), **_series_line(style))
    ax.axhline(RULE_OF_THUMB, color="0.5", ls="--", lw=1.5)
    ax.set_xlabel(label("step"))
    ax.set_ylabel(label("log₁₀ update / weight"))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3)
    return ax
