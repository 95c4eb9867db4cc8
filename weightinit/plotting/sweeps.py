"""Training by depth and by learning rate: He et al.'s Figure 3, scaled down.

Part of :mod:`weightinit.plotting`; every function is also importable from there. Schemes are
drawn in the colours and named with the labels of :func:`weightinit.style.style_for`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit._validation import check_instance, check_value
from weightinit.experiments.training.depth import DepthSweep
from weightinit.experiments.training.learning_rate import LearningRateSweep
from weightinit.experiments.training.mnist import moving_average
from weightinit.plotting._common import (
    WIDE_WIDTH,
    _axes_grid,
    _check_mapping,
    _reference_line,
    _series_line,
    series_style,
)
from weightinit.plotting.labels import fit_japanese_fonts, label, localize

__all__ = ["overflow_message", "plot_depth_sweep", "plot_learning_rate_sweep"]


def _chance_line(ax: Axes, value: float) -> None:
    # in front of the lines: a network that never learns runs along it
    _reference_line(ax, value)


def overflow_message(sweep: DepthSweep, depth: int, name: str) -> str:
    """The sentence drawn in a panel for runs that overflowed, or "" when none did.

    Examples
    --------
    >>> losses = {3: {"he-slide": np.array([[9.0, np.nan], [9.0, 8.0]])}}
    >>> sweep = DepthSweep((3,), (0, 1), losses, {3: {"he-slide": np.array([1, -1])}}, 10)
    >>> overflow_message(sweep, 3, "he-slide")
    "slide's 2/√n: overflow at step 1 (1 of 2 runs)"
    """
    steps = sweep.overflow_step[depth][name]
    hit = steps[steps >= 0]
    if hit.size == 0:
        return ""
    where = (
        label("step {step}", step=hit.min())
        if hit.min() == hit.max()
        else label("steps {first}–{last}", first=hit.min(), last=hit.max())
    )
    return label(
        "{label}: overflow at {where} ({hits} of {runs} runs)",
        label=series_style(name, 0).label, where=where, hits=hit.size, runs=steps.size,
    )  # fmt: skip


def plot_depth_sweep(
    sweep: DepthSweep, axes: Sequence[Axes] | None = None, window: int | None = None
) -> Figure | SubFigure:
    r"""Draw one panel per depth: each scheme's loss per step, median and band over seeds.

    Runs that overflowed stop where their loss stopped being finite; each panel names them in
    a line of text instead of drawing numbers that mean nothing. The dotted line is the loss of
    a uniform guess, :math:`\ln K`.

    Parameters
    ----------
    sweep : weightinit.experiments.training.depth.DepthSweep
        The result of :func:`~weightinit.experiments.training.depth.train_depths`.
    axes : sequence of matplotlib.axes.Axes, optional
        One per depth; by default a grid of two columns.
    window : int, optional
        Width of the moving average applied to each run; by default 1/30 of the steps.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> runs = {"he": np.tile(np.linspace(2.3, 0.3, 40), (2, 1))}
    >>> sweep = DepthSweep((5,), (0, 1), {5: runs}, {5: {"he": np.array([-1, -1])}}, 10)
    >>> fig = plot_depth_sweep(sweep)
    >>> len(fig.axes[0].lines) >= 1, fig.axes[0].get_xlabel()
    (True, 'step')
    >>> plt.close("all")
    """
    sweep = check_instance(sweep, "sweep", DepthSweep)
    n = len(sweep.depths)
    if axes is None:
        rows = (n + 1) // 2
        _, grid = plt.subplots(
            rows, min(n, 2), figsize=(WIDE_WIDTH, 2.5 * rows + 0.7), sharey=True,
            layout="constrained", squeeze=False,
        )  # fmt: skip
        axes = list(grid.ravel())
        for extra in axes[n:]:
            extra.remove()
        axes = axes[:n]
    else:
        check_value(len(axes) == n, "axes", f"hold one Axes per depth ({n})", len(axes))
    fig = axes[0].figure
    top = 1.25 * sweep.chance_loss
    for ax, depth in zip(axes, sweep.depths, strict=True):
        messages = []
        for index, (name, runs) in enumerate(sweep.losses[depth].items()):
            style = series_style(name, index)
            line = _series_line(style, marker=style.marker, ms=5)
            steps = np.arange(runs.shape[1])
            size = window or max(1, runs.shape[1] // 30)
            ok = ~sweep.overflowed(depth, name)
            if ok.any():
                smooth = moving_average(runs[ok], size)
                ax.fill_between(
                    steps, smooth.min(axis=0), smooth.max(axis=0), color=style.color, alpha=0.25,
                    lw=0,
                )  # fmt: skip
                # markers staggered from series to series, so curves that coincide (the
                # networks that never leave ln K) all stay visible
                every = max(1, runs.shape[1] // 6)
                start = (index * every) // max(1, len(sweep.losses[depth]))
                ax.plot(steps, np.median(smooth, axis=0), **line, markevery=(start, every))
            else:  # nothing finite worth a curve: keep the legend entry
                ax.plot([], [], **line)
            if message := overflow_message(sweep, depth, name):
                messages.append(message.replace(": ", ":\n"))
        _chance_line(ax, sweep.chance_loss)
        ax.set_ylim(0, top)
        ax.set_xlim(0, runs.shape[1] - 1)
        ax.text(0.98, 0.96, label("{depth} hidden layers", depth=depth), transform=ax.transAxes,
                ha="right", va="top", fontsize="medium", fontweight="bold")  # fmt: skip
        if messages:  # below the lines that stay at ln K, clear of the curves that fall
            box = {"facecolor": "white", "edgecolor": "0.6", "boxstyle": "round"}
            ax.text(0.97, 0.74, "\n".join(messages), transform=ax.transAxes, ha="right",
                    va="top", fontsize="small", color="0.15", bbox=box)  # fmt: skip
        ax.set_xlabel(label("step"))
        ax.set_ylabel(label("training loss"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(3, len(labels)),
               frameon=False)  # fmt: skip
    fit_japanese_fonts(fig)
    return fig


def plot_learning_rate_sweep(
    sweeps: Mapping[str, LearningRateSweep], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    """Draw, per sweep, each scheme's final loss against the learning rate.

    Dots are single seeds, the line joins their medians; the dashed line is the reference
    scheme's median at its own rate, the dotted one the loss of a uniform guess.

    Parameters
    ----------
    sweeps : mapping of str to weightinit.experiments.training.learning_rate.LearningRateSweep
        Panel text (e.g. ``"4 hidden layers"``) to the result of
        :func:`~weightinit.experiments.training.learning_rate.sweep_learning_rates`.
    axes : sequence of matplotlib.axes.Axes, optional
        One per sweep; by default a row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> sweep = LearningRateSweep((0.01, 0.1), {"xavier-book": np.array([[2.0], [0.5]])}, "he",
    ...                           0.01, np.array([0.6]), 10)
    >>> fig = plot_learning_rate_sweep({"4 hidden layers": sweep})
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_xlabel()
    ('log', 'learning rate')
    >>> plt.close("all")
    """
    _check_mapping(sweeps, "sweeps")
    rule = f"hold one Axes per sweep ({len(sweeps)})"
    axes = _axes_grid(axes, 1, len(sweeps), (WIDE_WIDTH, 3.4), rule, sharey=True)
    fig = axes[0].figure
    for ax, (text, sweep) in zip(axes, sweeps.items(), strict=True):
        for index, (name, table) in enumerate(sweep.final_loss.items()):
            style = series_style(name, index)
            shown = np.minimum(table, 1.2 * np.log(sweep.n_classes))  # overflow: at the top
            for column in shown.T:
                ax.plot(sweep.lrs, column, ls="none", marker=style.marker, color=style.color,
                        alpha=0.6)  # fmt: skip
            ax.plot(sweep.lrs, np.median(shown, axis=1), **_series_line(style))
        reference = series_style(sweep.reference, 0)
        ax.axhline(float(np.median(sweep.reference_loss)), color=reference.color, ls="--", lw=1.5,
                   label=label("{label} at rate {rate}", label=reference.label,
                               rate=f"{sweep.reference_lr:g}"))  # fmt: skip
        _chance_line(ax, float(np.log(sweep.n_classes)))
        ax.set_xscale("log")
        ax.set_xticks(sweep.lrs, labels=[f"{lr:g}" for lr in sweep.lrs])
        ax.minorticks_off()
        ax.set_ylim(0, 1.25 * np.log(sweep.n_classes))
        ax.text(0.97, 0.96, localize(text), transform=ax.transAxes, ha="right", va="top",
                fontweight="bold")  # fmt: skip
        ax.set_xlabel(label("learning rate"))
        ax.set_ylabel(label("final training loss"))
    # one legend under the panels, each entry once, in the order first drawn
    keys: dict[str, Artist] = {}
    for ax in axes:
        for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
            keys.setdefault(text, handle)
    fig.legend(keys.values(), keys.keys(), loc="outside lower center", ncols=min(3, len(keys)),
               frameon=False)  # fmt: skip
    fit_japanese_fonts(fig)
    return fig
