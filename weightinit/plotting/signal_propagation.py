r"""Signal propagation: the tanh phase diagram, theory against finite networks, trainable depth.

Part of :mod:`weightinit.plotting`; every function is also importable from there. Series are
keyed by the site's style keys (``"ordered"``, ``"critical"``, ``"chaotic"``, ``"he"``,
``"he-uneven"``, ``"residual-scaled"``), which give their colour and label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure, SubFigure

from weightinit._validation import check_value
from weightinit.experiments import LengthRatios, NetworkSignals, TrainableDepth
from weightinit.plotting._common import (
    LINE_WIDTH,
    SINGLE_WIDTH,
    WIDE_WIDTH,
    _axes,
    _axes_grid,
    _check_mapping,
    _legend_above,
    _series_line,
    series_style,
)
from weightinit.plotting.labels import fit_japanese_fonts, label

__all__ = [
    "plot_length_ratios",
    "plot_network_signals",
    "plot_phase_diagram",
    "plot_trainable_depth",
]


def plot_phase_diagram(
    sigma_w2: np.ndarray,
    sigma_b2: np.ndarray,
    chi_1: np.ndarray,
    critical: tuple[np.ndarray, np.ndarray],
    points: Mapping[str, tuple[float, float]] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Colour the :math:`(\sigma_w^2, \sigma_b^2)` plane by :math:`\chi_1`; draw the critical line.

    Parameters
    ----------
    sigma_w2, sigma_b2 : numpy.ndarray
        The 1-D grids, of lengths ``W`` and ``B``.
    chi_1 : numpy.ndarray
        Shape ``(B, W)``; the colours are centred on 1 (white), blue below, red above.
    critical : (numpy.ndarray, numpy.ndarray)
        :math:`\sigma_b^2` values and the :math:`\sigma_w^2` of the edge of chaos at each.
    points : mapping of str to (float, float), optional
        Style key (``"xavier-book"``, ``"pytorch-tanh-gain"``) -> :math:`(\sigma_w^2, \sigma_b^2)`
        of a point to mark, drawn with the key's marker and colour.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    w2, b2, values = (np.asarray(a, dtype=float) for a in (sigma_w2, sigma_b2, chi_1))
    rule = f"have shape {(b2.size, w2.size)}"
    check_value(values.shape == (b2.size, w2.size), "chi_1", rule, values.shape)
    ax = _axes(ax, (SINGLE_WIDTH, 3.6))
    norm = TwoSlopeNorm(vcenter=1.0, vmin=min(values.min(), 0.9), vmax=max(values.max(), 1.1))
    mesh = ax.pcolormesh(w2, b2, values, cmap="RdBu_r", norm=norm, shading="nearest")
    ax.figure.colorbar(mesh, ax=ax, label=r"$\chi_1$")
    line_b2, line_w2 = (np.asarray(a, dtype=float) for a in critical)
    ax.plot(
        line_w2, line_b2, color="black", lw=LINE_WIDTH, label=label(r"edge of chaos, $\chi_1 = 1$")
    )
    for index, (key, (x, y)) in enumerate((points or {}).items()):
        style = series_style(key, index)
        ax.plot(
            x,
            y,
            style.marker,
            mfc=style.color,
            mec="black",
            ms=10,
            mew=1.5,
            ls="none",
            label=style.label,
            clip_on=False,
            zorder=3,
        )
    ax.text(w2[0] + 0.04 * np.ptp(w2), b2[-1] - 0.06 * np.ptp(b2), label("ordered"), va="top")
    ax.text(w2[-1] - 0.04 * np.ptp(w2), b2[0] + 0.04 * np.ptp(b2), label("chaotic"), ha="right")
    ax.set_xlabel(label(r"weight variance $\sigma_w^2$ (times the fan-in)"))
    ax.set_ylabel(label(r"bias variance $\sigma_b^2$"))
    _legend_above(ax, ncols=1)
    fit_japanese_fonts(ax.figure)
    return ax


def plot_network_signals(
    runs: Mapping[str, NetworkSignals], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    r"""Draw :math:`q_\ell` and :math:`c_\ell`, theory as lines and random networks as points.

    Parameters
    ----------
    runs : mapping of str to weightinit.experiments.propagation.signal_propagation.NetworkSignals
        Style key (``"ordered"``, ``"critical"``, ``"chaotic"``) to a run of one setting; the
        points are the mean over its networks, the shaded band their 10th to 90th percentile.
    axes : sequence of matplotlib.axes.Axes, optional
        Two Axes: where to draw :math:`q` and :math:`c`; a new figure when omitted.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_mapping(runs, "runs")
    axes = _axes_grid(axes, 1, 2, (WIDE_WIDTH, 3.4), "hold two Axes")
    for index, (key, run) in enumerate(runs.items()):
        style = series_style(key, index)
        predicted = run.predicted()
        for ax, measured, theory in zip(axes, (run.q, run.c), predicted, strict=True):
            layers = np.arange(measured.shape[2])
            low, high = np.quantile(measured[0], [0.1, 0.9], axis=0)
            ax.fill_between(layers, low, high, color=style.color, alpha=0.2, lw=0)
            ax.plot(
                layers,
                theory[0],
                **_series_line(style),
            )
            ax.plot(
                layers,
                measured[0].mean(axis=0),
                style.marker,
                color=style.color,
                ms=4,
                mfc="white",
                ls="none",
            )
    axes[0].set_ylabel(label("mean square q of pre-activations"))
    axes[1].set_ylabel(label("correlation c of two inputs"))
    for ax in axes:
        ax.set_xlabel(label("layer"))
    _legend_above(axes[0], ncols=1)
    return axes[0].figure


def plot_trainable_depth(
    result: TrainableDepth, multiples: Sequence[float] = (1.0, 6.0), ax: Axes | None = None
) -> Axes:
    r"""Colour the :math:`(\sigma_w^2, \text{depth})` grid by test accuracy; draw :math:`k\,\xi_c`.

    Parameters
    ----------
    result : weightinit.experiments.propagation.signal_propagation.TrainableDepth
        What :func:`~weightinit.experiments.propagation.signal_propagation.trainable_depth`
        returned.
    multiples : sequence of float, default (1, 6)
        The curves :math:`k\,\xi_c` to draw over the grid; left out where they rise above it.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax, (SINGLE_WIDTH, 3.6))
    positions = np.arange(result.depths.size)
    mesh = ax.pcolormesh(
        result.sigma_w2,
        positions,
        result.accuracy,
        cmap="viridis",
        vmin=0.0,
        vmax=1.0,
        shading="nearest",
    )
    ax.figure.colorbar(mesh, ax=ax, label=label("test accuracy"))
    log_depths = np.log2(result.depths)
    curve_w2, curve_xi = (np.asarray(a, dtype=float) for a in result.curve)
    if curve_w2.size == 0:  # no fine curve: the grid's own values
        curve_w2, curve_xi = result.sigma_w2, result.xi_c
    for k, style in zip(multiples, ("-", "--", ":"), strict=False):
        # depth k xi_c on the grid's rows, which are spaced evenly in log2 of the depth
        rows = np.interp(np.log2(k * curve_xi), log_depths, positions, left=-1, right=np.inf)
        ax.plot(
            curve_w2,
            np.where(rows > positions[-1] + 0.5, np.nan, rows),  # gaps: above the grid
            color="white",
            ls=style,
            lw=LINE_WIDTH,
            label=label(r"depth = {depth} $\xi_c$", depth=f"{k:g}"),
            # a dark outline: visible on the bright cells and in the legend's white box
            path_effects=[patheffects.withStroke(linewidth=LINE_WIDTH + 2, foreground="black")],
        )
    ax.set_yticks(positions, [str(d) for d in result.depths])
    ax.set_ylim(-0.5, positions[-1] + 0.5)
    ax.set_xlabel(label(r"weight variance $\sigma_w^2$"))
    ax.set_ylabel(label("hidden layers"))
    _legend_above(ax)
    fit_japanese_fonts(ax.figure)
    return ax


def plot_length_ratios(
    runs: Mapping[str, LengthRatios], threshold: float = 0.1, ax: Axes | None = None
) -> Axes:
    r"""Cumulative share of networks against :math:`\log_{10}(M_L/M_0)`, one curve per run.

    Parameters
    ----------
    runs : mapping of str to weightinit.experiments.propagation.signal_propagation.LengthRatios
        Style key (``"he"``, ``"he-uneven"``, ``"residual-scaled"``) to a run. Networks whose
        output is all zero count at the left edge (their ratio is 0).
    threshold : float, default 0.1
        Ratio marked by a vertical line (0.1: a tenfold shrink); where a curve crosses it is
        the share of networks that shrink the signal more than that.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_mapping(runs, "runs")
    ax = _axes(ax, (SINGLE_WIDTH, 3.2))
    finals = {key: np.sort(run.log_ratios[:, -1] / np.log(10)) for key, run in runs.items()}
    finite = np.concatenate([v[np.isfinite(v)] for v in finals.values()])
    low, high = np.quantile(finite, 0.005), max(finite.max(), 1.0)
    for index, (key, values) in enumerate(finals.items()):
        style = series_style(key, index)
        share = np.arange(1, values.size + 1) / values.size
        ax.step(
            np.clip(values, low, high),
            share,
            where="post",
            **_series_line(style),
        )
    ax.axvline(np.log10(threshold), color="black", ls=":", lw=LINE_WIDTH)
    ax.set_xlim(low, high)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(label("log₁₀ of output over input mean square"))
    ax.set_ylabel(label("share of networks at or below"))
    _legend_above(ax, ncols=1)
    return ax
