"""Layer-by-layer histograms and spreads: Glorot & Bengio's Figures 6–7, scaled down.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from weightinit._validation import check_choice
from weightinit.experiments.training.gradients import LayerSignals
from weightinit.plotting._common import (
    LINE_WIDTH,
    WIDE_WIDTH,
    _axes,
    _axes_grid,
    _check_mapping,
    _integer_ticks,
    series_style,
)
from weightinit.plotting.labels import fit_japanese_fonts, label, localize

__all__ = ["plot_layer_histograms", "plot_layer_spread"]

# Legend handles of plot_layer_spread, in font sizes: two periods of a dashed 2-point line
# (matplotlib's "--" is 3.7 on, 1.6 off, times the line width) fit in it.
_KEY_LENGTH = 3.0
_QUANTITIES = {"activations": "activation value", "gradients": "back-propagated gradient ∂L/∂z"}


def plot_layer_histograms(
    signals: Mapping[str, LayerSignals],
    quantity: str = "activations",
    axes: Sequence[Axes] | None = None,
    bins: int = 50,
    yscale: str = "linear",
) -> Figure | SubFigure:
    """Draw, per scheme, one normalized histogram per hidden layer, overlaid (layer 1 lightest).

    Parameters
    ----------
    signals : mapping of str to weightinit.experiments.training.gradients.LayerSignals
        Scheme name to the signals of one batch
        (:func:`~weightinit.experiments.training.gradients.layer_signals`).
    quantity : {"activations", "gradients"}
        What to draw. Activations use tanh's range (−1, 1); gradients a symmetric range, shared
        by all panels, that holds 99 % of the values of every layer.
    axes : sequence of matplotlib.axes.Axes, optional
        One per scheme; by default a column.
    bins : int, default 50
        Number of bins.
    yscale : {"linear", "log"}, default "linear"
        Scale of the density axis; ``"log"`` shows the tails of a peaked distribution.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> layers = [np.tanh(rng.standard_normal((100, 10)) / k) for k in (1, 2)]
    >>> s = LayerSignals(layers, layers, [], 0.0)
    >>> fig = plot_layer_histograms({"glorot": s})
    >>> len(fig.axes[0].patches), [float(v) for v in fig.axes[0].get_xlim()]
    (2, [-1.0, 1.0])
    >>> plt.close("all")
    """
    _check_mapping(signals, "signals")
    check_choice(yscale, "yscale", ("linear", "log"))
    check_choice(quantity, "quantity", list(_QUANTITIES))
    size = (WIDE_WIDTH, 2.3 * len(signals) + 0.4)
    rule = f"hold one Axes per scheme ({len(signals)})"
    axes = _axes_grid(axes, len(signals), 1, size, rule, sharex=True)
    if quantity == "activations":
        reach = 1.0
    else:  # wide enough for 99 % of every layer's values (heavy tails after training)
        reach = max(
            float(np.quantile(np.abs(np.ravel(g)), 0.99)) for s in signals.values()
            for g in s.gradients
        )  # fmt: skip
    edges = np.linspace(-reach, reach, bins + 1)
    for index, (ax, (name, s)) in enumerate(zip(axes, signals.items(), strict=True)):
        layers = getattr(s, quantity)
        shades = plt.get_cmap("viridis_r")(np.linspace(0.15, 0.95, len(layers)))
        for number, (values, shade) in enumerate(zip(layers, shades, strict=True), start=1):
            ax.hist(np.ravel(values), bins=edges.tolist(), density=True, histtype="step",
                    lw=LINE_WIDTH, color=shade,
                    label=label("layer {layer}", layer=number))  # fmt: skip
        ax.set_xlim(-reach, reach)
        ax.set_yscale(yscale)
        ax.text(0.02, 0.94, series_style(name, index).label, transform=ax.transAxes,
                va="top", fontweight="bold")  # fmt: skip
        ax.set_ylabel(label("density"))
    axes[-1].set_xlabel(label(_QUANTITIES[quantity]))
    # one key for all panels, in a row under them, off the histograms
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, loc="outside lower center", ncols=min(5, len(labels)),
                          frameon=False)  # fmt: skip
    fit_japanese_fonts(axes[0].figure)
    return axes[0].figure


def plot_layer_spread(
    stages: Mapping[str, Mapping[str, LayerSignals]],
    quantity: str = "gradients",
    ax: Axes | None = None,
) -> Axes:
    """Draw each scheme's standard deviation per layer, one line style per stage (log scale).

    Parameters
    ----------
    stages : mapping of str to mapping of str to LayerSignals
        Stage text (e.g. ``"at initialization"``) to scheme name to signals; the first stage
        is drawn solid, the others dashed.
    quantity : {"activations", "gradients", "weight_gradients"}
        What to measure.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> layers = [np.full((4, 3), 1.0), np.array([[1.0, -1.0]] * 2)]
    >>> s = LayerSignals(layers, layers, layers, 0.0)
    >>> ax = plot_layer_spread({"at the start": {"glorot": s}}, "weight_gradients")
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'weight layer')
    >>> plt.close("all")
    """
    _check_mapping(stages, "stages")
    ax = _axes(ax)
    schemes: dict[str, Line2D] = {}  # the legend's key: a colour per scheme, a style per stage
    stage_keys: dict[str, Line2D] = {}
    for number, (stage, signals) in enumerate(stages.items()):
        linestyle = "-" if number == 0 else "--"
        for index, (name, s) in enumerate(signals.items()):
            style = series_style(name, index)
            spread = s.spread(quantity)
            layers = np.arange(1, spread.size + 1)
            ax.plot(layers, spread, color=style.color, marker=style.marker, lw=LINE_WIDTH,
                    ls=linestyle, label=label("{label}, {stage}", label=style.label,
                                              stage=localize(stage)))  # fmt: skip
            schemes.setdefault(style.label, Line2D([], [], color=style.color, ls="",
                                                   marker=style.marker))  # fmt: skip
        stage_keys[localize(stage)] = Line2D([], [], color="0.3", ls=linestyle, lw=LINE_WIDTH)
    ax.set_yscale("log")
    ax.set_xlabel(label("weight layer" if quantity == "weight_gradients" else "hidden layer"))
    _integer_ticks(ax.xaxis)
    ax.set_ylabel(label("standard deviation"))
    # schemes by colour and marker, stages by line style: handles long enough for two dashes
    keys = {**schemes, **stage_keys}
    ax.legend(keys.values(), keys.keys(), frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.2), ncols=2, handlelength=_KEY_LENGTH)  # fmt: skip
    return ax
