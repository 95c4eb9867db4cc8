"""The lecture in two pictures: the front page's summary and the weight scale at a sigmoid.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure, SubFigure
from numpy.typing import ArrayLike

from weightinit._validation import check_int, check_value, type_error
from weightinit.activations import get_activation
from weightinit.experiments import DepthProfiles
from weightinit.plotting._common import LINE_WIDTH, _check_mapping, _series_line, series_style
from weightinit.plotting.labels import label
from weightinit.style import style_for

__all__ = ["plot_depth_summary", "plot_preactivation_spread"]

_ROW_LABELS = {"forward": "std of activations", "backward": "std of gradients"}


def plot_depth_summary(
    profiles: DepthProfiles, axes: np.ndarray | None = None
) -> Figure | SubFigure:
    """Draw forward and backward standard deviation against depth, one panel per activation.

    The top row shows the activations' standard deviation per layer, the bottom row the
    back-propagated gradient's; one column per activation, one line per scheme in the colour
    and with the label of the site's style map, on logarithmic y axes shared along each row.

    Parameters
    ----------
    profiles : weightinit.experiments.propagation.profiles.DepthProfiles
        What :func:`~weightinit.experiments.propagation.profiles.depth_profiles` returned.
    axes : numpy.ndarray of matplotlib.axes.Axes, optional
        A ``(2, n_activations)`` array to draw into; a new figure is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments.propagation.profiles import depth_profiles
    >>> fig = plot_depth_summary(depth_profiles(["he"], ["relu", "tanh"], n_layers=3, rng=0))
    >>> len(fig.axes), len(fig.axes[0].lines)
    (4, 1)
    """
    if not all(hasattr(profiles, name) for name in ("inits", "activations", "forward", "backward")):
        raise type_error("profiles", "a DepthProfiles", profiles)
    n_columns = len(profiles.activations)
    if axes is None:
        fig, axes = plt.subplots(
            2,
            n_columns,
            figsize=(max(6.4, 2.3 * n_columns), 4.8),
            sharex=True,
            sharey="row",
            layout="constrained",
            squeeze=False,
        )
    else:
        axes = np.asarray(axes)
        check_value(
            axes.shape == (2, n_columns), "axes", f"have shape (2, {n_columns})", axes.shape
        )
        fig = axes[0, 0].figure
    layers = np.arange(1, profiles.n_layers + 1)
    # the first and the last layer, and at most two between them: legible on a narrow screen
    ticks = np.unique(np.linspace(1, profiles.n_layers, min(profiles.n_layers, 4)).round())
    for row, direction in enumerate(("forward", "backward")):
        for column, activation in enumerate(profiles.activations):
            ax = axes[row, column]
            for index, init in enumerate(profiles.inits):
                style = series_style(init, index)
                ax.plot(
                    layers,
                    profiles.get(init, activation, direction),
                    **_series_line(style, marker=style.marker, ms=4),
                )
            ax.set_yscale("log")
            ax.set_xticks(ticks)
            ax.grid(True, which="major", alpha=0.3)
            if row == 0:
                name = series_style(activation, column).label
                ax.set_title(name, fontsize="medium")  # a column head, not a figure title
            else:
                ax.set_xlabel(label("layer"))
            if column == 0:
                ax.set_ylabel(label(_ROW_LABELS[direction]))
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    return fig


def plot_preactivation_spread(
    pre_activations: Mapping[str, ArrayLike],
    activation: str = "sigmoid",
    axes: np.ndarray | None = None,
    bins: int = 40,
) -> Figure | SubFigure:
    r"""Draw an activation function over the range each weight scale's pre-activations cover.

    One panel per entry: the histogram of the pre-activations :math:`z` (share of the values
    per bin, right axis), in the colour of the scheme, behind the activation function
    :math:`f(z)` (left axis), both over :math:`\pm 4` standard deviations of :math:`z`; the
    left axis spans the activation's whole output range when it is finite. It shows which part
    of :math:`f` a layer's units use: a short stretch of a sigmoid's middle, with outputs near
    1/2, for small weights; its flat ends for large ones.

    Parameters
    ----------
    pre_activations : mapping of str to array_like
        Scheme name (``"std=0.01"``, ``"std=1"``, ...) to the pre-activations it produced.
    activation : str, default "sigmoid"
        Name of the activation function to draw.
    axes : numpy.ndarray of matplotlib.axes.Axes, optional
        One Axes per entry; a new figure is made when omitted.
    bins : int, default 40
        Histogram bins per panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = {"std=0.01": 0.1 * rng.standard_normal(1000), "std=1": 10 * rng.standard_normal(1000)}
    >>> fig = plot_preactivation_spread(z)
    >>> small, large = fig.axes[:2]  # each drawn over +-4 standard deviations of its z
    >>> bool(large.get_xlim()[1] > 50 * small.get_xlim()[1])
    True
    """
    _check_mapping(pre_activations, "pre_activations")
    bins = check_int(bins, "bins", minimum=1)
    act = get_activation(activation)
    samples = {}
    for key, values in pre_activations.items():
        array = np.asarray(values, dtype=np.float64).ravel()
        spread = array.size >= 2 and bool(np.all(np.isfinite(array))) and array.std() > 0
        check_value(spread, f"pre_activations[{key!r}]", "hold finite values with a spread")
        samples[key] = array
    if axes is None:
        fig, axes = plt.subplots(
            1, len(samples), figsize=(6.8, 3.0), layout="constrained", squeeze=False
        )
        axes = axes[0]
    else:
        axes = np.atleast_1d(np.asarray(axes))
        rule = f"hold {len(samples)} Axes"
        check_value(axes.shape == (len(samples),), "axes", rule, axes.shape)
        fig = axes[0].figure
    curve = style_for(activation)
    name = series_style(activation, 0).label if curve else activation
    for index, (ax, (key, z)) in enumerate(zip(axes, samples.items(), strict=True)):
        style = series_style(key, index)
        limit = 4 * float(z.std())
        share = ax.twinx()
        weights = np.full(z.size, 1 / z.size)
        share.hist(
            z,
            bins=bins,
            range=(-limit, limit),
            weights=weights,
            color=style.color,
            alpha=0.45,
            label=label("z, {label}", label=style.label),
        )
        if index == len(samples) - 1:  # one label for the right axes, at the right edge
            share.set_ylabel(label("share of z per bin"))
        grid = np.linspace(-limit, limit, 401)
        ax.plot(
            grid,
            act.function(grid),
            color=curve.color if curve else "black",
            lw=LINE_WIDTH,
            label=f"{name}(z)",
        )
        ax.set_zorder(share.get_zorder() + 1)  # the curve in front of the bars
        ax.patch.set_visible(False)
        ax.set_xlim(-limit, limit)
        low, high = act.output_range
        if np.isfinite(low) and np.isfinite(high):  # the whole range: how much of it z uses
            margin = 0.03 * (high - low)
            ax.set_ylim(low - margin, high + margin)
        ax.set_xlabel(label("pre-activation z ({label})", label=style.label))
        if index == 0:
            ax.set_ylabel(f"{name}(z)")
    return fig
