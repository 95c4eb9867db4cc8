"""Figures of the transformer page: the residual stream by depth, μP's coordinate check and sweep.

Part of :mod:`weightinit.plotting`; every function is also importable from there. Residual rules
are keyed ``"residual-none"``, ``"residual-gpt2"``, ``"residual-depth"`` and parametrizations
``"sp"``, ``"mup"`` in the site's style map; widths and steps, which are ordered, are drawn in
the shades of one sequential colour map (dark to light), so their order reads off the colour.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from weightinit.experiments.propagation.transformer import StreamVariance
from weightinit.experiments.training.mup import WidthSweep
from weightinit.plotting._common import (
    LINE_WIDTH,
    WIDE_WIDTH,
    _axes,
    _check_mapping,
    _legend_above,
    _series_line,
    series_style,
)
from weightinit.plotting.labels import label, localize

__all__ = ["plot_coord_check", "plot_lr_by_width", "plot_stream_variance"]


def _shades(n: int) -> list:
    return [plt.get_cmap("viridis")(v) for v in np.linspace(0.05, 0.8, n)]


def plot_stream_variance(runs: Mapping[str, StreamVariance], ax: Axes | None = None) -> Axes:
    """The residual stream's variance after each block, one line per residual rule.

    Parameters
    ----------
    runs : mapping of str to weightinit.experiments.propagation.transformer.StreamVariance
        Keyed by style key (``"residual-none"``, ...), e.g. from
        :func:`weightinit.experiments.propagation.transformer.stream_variance`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_mapping(runs, "runs")
    ax = _axes(ax)
    for index, (key, run) in enumerate(runs.items()):
        style = series_style(key, index)
        blocks = np.arange(len(run.measured))
        ax.plot(blocks, run.measured, **_series_line(style, marker=style.marker, markevery=4))
    ax.set_yscale("log")
    ax.set_xlabel(label("blocks passed"))
    ax.set_ylabel(label("variance of the stream"))
    _legend_above(ax, ncols=1)
    return ax


def plot_coord_check(
    sweeps: Mapping[str, WidthSweep], steps: tuple[int, ...] = (0, 1, 2, 3)
) -> Figure:
    """μP's coordinate check: mean absolute activation by width, per layer and parametrization.

    Parameters
    ----------
    sweeps : mapping of str to weightinit.experiments.training.mup.WidthSweep
        ``{"sp": ..., "mup": ...}`` from :func:`weightinit.experiments.training.mup.train_widths`
        (one learning rate), one row of panels each.
    steps : tuple of int
        The steps drawn (0 is at initialization), one line each.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from weightinit.experiments.training.mup import COORD_LAYERS

    _check_mapping(sweeps, "sweeps")
    size = (WIDE_WIDTH, 2.6 * len(sweeps) + 0.8)
    fig, axes = plt.subplots(len(sweeps), len(COORD_LAYERS), figsize=size, sharex=True,
                             sharey=True, layout="constrained", squeeze=False)  # fmt: skip
    colors = _shades(len(steps))
    for row, (key, sweep) in zip(axes, sweeps.items(), strict=True):
        for col, ax in enumerate(row):
            for color, step in zip(colors, steps, strict=True):
                values = sweep.coord_by_width(step)[:, col]
                ax.plot(sweep.widths, values, color=color, marker="o", lw=LINE_WIDTH,
                        label=f"t = {step + 1}")  # fmt: skip
            ax.set_xscale("log", base=2)
            ax.set_yscale("log")
            ax.set_xticks(sweep.widths, [str(w) for w in sweep.widths], rotation=90)
            ax.minorticks_off()
            title = label(
                "{label}: {layer}", label=series_style(key, 0).label,
                layer=localize(COORD_LAYERS[col]),
            )  # fmt: skip
            ax.set_title(title, fontsize="medium")
        row[0].set_ylabel(label("mean |activation|"))
    for ax in axes[-1]:
        ax.set_xlabel(label("width"))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=len(steps), frameon=False)
    return fig


def plot_lr_by_width(sweeps: Mapping[str, WidthSweep], last: int = 30) -> Figure:
    """Final training loss against the base learning rate, a line per width, a panel each.

    Parameters
    ----------
    sweeps : mapping of str to weightinit.experiments.training.mup.WidthSweep
        ``{"sp": ..., "mup": ...}`` from :func:`weightinit.experiments.training.mup.train_widths`.
    last : int, default 30
        Steps averaged for the final loss.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_mapping(sweeps, "sweeps")
    fig, axes = plt.subplots(1, len(sweeps), figsize=(WIDE_WIDTH, 3.6), sharey=True,
                             layout="constrained", squeeze=False)  # fmt: skip
    for ax, (key, sweep) in zip(axes[0], sweeps.items(), strict=True):
        colors = _shades(len(sweep.widths))
        for color, width in zip(colors, sweep.widths, strict=True):
            loss = sweep.final_loss(width, last).mean(axis=1)
            shown = np.where(np.isfinite(loss), loss, np.nan)
            ax.plot(
                sweep.lrs,
                shown,
                color=color,
                marker="o",
                lw=LINE_WIDTH,
                label=label("width {width}", width=width),
            )
            best = int(np.nanargmin(shown))
            ax.plot(sweep.lrs[best], shown[best], marker="*", ms=16, color=color,
                    markeredgecolor="black", linestyle="none")  # fmt: skip
        ax.set_xscale("log", base=2)
        ax.set_xlabel(label("base learning rate η"))
        ax.set_title(series_style(key, 0).label, fontsize="medium")
    axes[0, 0].set_ylabel(label("final training loss"))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=len(handles), frameon=False)
    return fig
