"""Dynamical isometry and residual networks, drawn: Jacobian spectra, norm drift, residual moments.

Part of :mod:`weightinit.plotting`; every function is also importable from there. Series are
keyed by the site's style keys (``"lecun-untruncated"``, ``"orthogonal"``, ``"he"``, ``"pytorch"``,
``"lsuv"``, ``"residual"``, ...), which give their colour and label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from weightinit._validation import check_value
from weightinit.experiments import JacobianSpectra, NormDrift, ResidualForward
from weightinit.plotting._common import (
    LINE_WIDTH,
    _axes,
    _check_mapping,
    _legend_above,
    _panel_row,
    series_style,
)
from weightinit.plotting.labels import label, localize

__all__ = [
    "plot_jacobian_spectra",
    "plot_norm_drift",
    "plot_residual_moments",
]

_DEPTH_STYLES = ("-", "--", ":", "-.")


def _spectrum_panel(ax: Axes, spectra: Mapping[str, JacobianSpectra]) -> list[int]:
    depths: list[int] = []
    for index, (key, spectrum) in enumerate(spectra.items()):
        style = series_style(key, index)
        values = np.asarray(spectrum.singular_values, dtype=float)
        n_depths = len(spectrum.depths)
        rule = f"have at most {len(_DEPTH_STYLES)} depths each (the styles drawn)"
        check_value(n_depths <= len(_DEPTH_STYLES), "spectra", rule, n_depths)
        share = np.arange(1, values.shape[1] + 1) / values.shape[1]
        every = max(1, values.shape[1] // 6)
        for depth_index, depth in enumerate(spectrum.depths):
            ax.step(
                np.sort(values[depth_index]),
                share,
                where="post",
                color=style.color,
                ls=_DEPTH_STYLES[depth_index],
                lw=LINE_WIDTH,
                marker=style.marker,
                markevery=(every // 2 + depth_index * every // 4, every),
                ms=5,
            )
            if depth not in depths:
                depths.append(depth)
    ax.set_xscale("log")
    ax.set_xlabel(label("singular value of the jacobian"))
    ax.set_ylim(0, 1.02)
    return depths


def plot_jacobian_spectra(
    panels: Mapping[str, Mapping[str, JacobianSpectra]], axes: Sequence[Axes] | None = None
) -> Figure | SubFigure:
    """Draw the cumulative distribution of the Jacobian's singular values, one panel per network.

    Parameters
    ----------
    panels : mapping of str to mapping of str to JacobianSpectra
        Panel label (e.g. ``"linear"``, ``"tanh"``, written in the panel's corner) to a mapping
        from a style key (``"lecun-untruncated"``, ``"orthogonal"``) to what
        :func:`~weightinit.experiments.propagation.isometry.jacobian_spectra` returned. Colour
        shows the
        initialization, line style the depth.
    axes : sequence of matplotlib.axes.Axes, optional
        One Axes per panel; a new figure with the panels side by side is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments import jacobian_spectra
    >>> inits = ("lecun-untruncated", "orthogonal")
    >>> spectra = {k: jacobian_spectra((1, 4), 20, k, rng=0) for k in inits}
    >>> fig = plot_jacobian_spectra({"linear": spectra})
    >>> fig.axes[0].get_xscale(), len(fig.axes[0].lines)
    ('log', 4)
    >>> plt.close("all")
    """
    _check_mapping(panels, "panels")
    axes = _panel_row(axes, len(panels))
    depths: list[int] = []
    keys: list[str] = []
    for ax, (title, spectra) in zip(axes, panels.items(), strict=True):
        _check_mapping(spectra, f"panels[{title!r}]")
        for depth in _spectrum_panel(ax, spectra):
            if depth not in depths:
                depths.append(depth)
        keys += [k for k in spectra if k not in keys]
        ax.set_title(localize(title))  # a short panel label; the caption belongs to the page
    axes[0].set_ylabel(label("share of singular values ≤ x"))
    handles = [
        Line2D([], [], color=style.color, marker=style.marker, lw=LINE_WIDTH)
        for style in (series_style(k, i) for i, k in enumerate(keys))
    ]
    labels = [series_style(k, i).label for i, k in enumerate(keys)]
    handles += [Line2D([], [], color="0.3", lw=LINE_WIDTH, ls=s) for s in _DEPTH_STYLES]
    labels += [label("depth {depth}", depth=d) for d in depths]
    handles = handles[: len(labels)]
    figure = axes[0].figure
    ncols = len(labels) if len(labels) <= 5 else (len(labels) + 1) // 2
    figure.legend(handles, labels, loc="outside upper center", ncols=ncols, frameon=False)
    return figure


def plot_norm_drift(drifts: Mapping[str, NormDrift], ax: Axes | None = None) -> Axes:
    r"""Draw :math:`\ln(\lVert h^{(L)}\rVert^2/\lVert h^{(0)}\rVert^2)` against depth.

    Per key, a line through the median over networks and a band from the 10th to the 90th
    percentile; for Gaussian keys the first-order prediction (mean and the same percentiles
    of a normal) as thin dotted lines.

    Parameters
    ----------
    drifts : mapping of str to weightinit.experiments.propagation.isometry.NormDrift
        Style key (``"lecun-untruncated"``, ``"orthogonal"``) to what
        :func:`~weightinit.experiments.propagation.isometry.norm_drift` returned.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from weightinit.experiments import norm_drift
    >>> ax = plot_norm_drift({"lecun-untruncated": norm_drift((1, 4), 10, n_networks=20, rng=0)})
    >>> ax.get_xscale(), ax.get_xlabel()
    ('log', 'depth L')
    >>> plt.close("all")
    """
    _check_mapping(drifts, "drifts")
    ax = _axes(ax)
    z90 = 1.2815515655446004  # the 90th percentile of a standard normal
    for index, (key, drift) in enumerate(drifts.items()):
        style = series_style(key, index)
        depths = np.asarray(drift.depths, dtype=float)
        low, median, high = np.quantile(drift.log_ratios, [0.1, 0.5, 0.9], axis=1)
        ax.fill_between(depths, low, high, color=style.color, alpha=0.25, lw=0)
        ax.plot(
            depths, median, color=style.color, lw=LINE_WIDTH, marker=style.marker, label=style.label
        )
        if drift.init == "lecun-untruncated":
            mean, std = drift.predicted()
            for line in (mean, mean - z90 * std, mean + z90 * std):
                ax.plot(depths, line, color=style.color, lw=1.0, ls=":")
    ax.axhline(0.0, color="0.5", lw=0.8)
    ax.set_xscale("log", base=2)
    ax.set_xlabel(label("depth L"))
    ax.set_ylabel(label("log of squared-norm ratio"))
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        plt.Rectangle((0, 0), 1, 1, color="0.4", alpha=0.25),
        Line2D([], [], color="0.4", lw=1.0, ls=":"),
    ]
    labels += [label("10–90 % of networks"), label("first-order prediction")]
    _legend_above(ax, handles, labels, ncols=2)
    return ax


def plot_residual_moments(
    runs: Mapping[str, ResidualForward],
    predicted: Mapping[str, np.ndarray] | None = None,
    ax: Axes | None = None,
    log: bool = True,
) -> Axes:
    r"""Draw :math:`q_b/q_0`, the second moment of a residual network's signal, block by block.

    Parameters
    ----------
    runs : mapping of str to weightinit.experiments.propagation.residual.ResidualForward
        Style key (``"residual"``, ``"residual-scaled"``, ``"residual-zero"``) to what
        :func:`~weightinit.experiments.propagation.residual.residual_forward` returned; drawn as
        markers.
    predicted : mapping of str to array_like, optional
        The same keys to
        :func:`~weightinit.experiments.propagation.residual.predicted_residual_moments`;
        drawn as lines.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    log : bool, optional
        A logarithmic vertical axis (the default), or a linear one starting at 0 (False), for
        bounded moments.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from weightinit.experiments import residual_forward
    >>> x = np.random.default_rng(0).standard_normal((50, 20))
    >>> ax = plot_residual_moments({"residual": residual_forward(x, 5, rng=0)})
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'block b')
    >>> plt.close("all")
    """
    _check_mapping(runs, "runs")
    predicted = predicted or {}
    ax = _axes(ax)
    for index, (key, run) in enumerate(runs.items()):
        style = series_style(key, index)
        moments = np.asarray(run.moments, dtype=float)
        blocks = np.arange(moments.size)
        every = max(1, moments.size // 12)
        shown = np.unique(np.r_[blocks[::every], blocks[-1]])  # the last block too
        ax.plot(
            shown,
            (moments / moments[0])[shown],
            ls="",
            marker=style.marker,
            color=style.color,
            ms=6,
            label=style.label,
        )
        if key in predicted:
            ax.plot(
                blocks,
                np.asarray(predicted[key], dtype=float),
                color=style.color,
                lw=LINE_WIDTH,
                ls="-",
            )
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(label("block b"))
    ax.set_ylabel(label("second moment,\nrelative to the input"))
    handles, labels = ax.get_legend_handles_labels()
    if predicted:
        handles.append(Line2D([], [], color="0.4", lw=LINE_WIDTH))
        labels.append(label("prediction"))
    _legend_above(ax, handles, labels, ncols=2)
    return ax
