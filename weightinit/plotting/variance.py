"""The variance recursions of the Xavier and He pages, and the activation functions they rest on.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit._validation import check_choice
from weightinit.activations import Activation
from weightinit.experiments import ActivationMoments, LayerMoments
from weightinit.plotting._common import (
    LINE_WIDTH,
    SINGLE_WIDTH,
    WIDE_WIDTH,
    AxesLike,
    _axes,
    _axes_grid,
    _check_mapping,
    _check_yscale,
    _integer_ticks,
    _legend_above,
    _reference_line,
    _series_line,
    _set_yscale,
    series_style,
)
from weightinit.plotting.labels import label

__all__ = [
    "plot_activation_function",
    "plot_activation_moments",
    "plot_forward_backward",
    "plot_layer_moments",
]

_MOMENT_LABELS = {
    "pre_activation": "mean square of z",
    "activation": "mean square of x",
    "gradient": "mean square of ∂L/∂x",
}


def plot_layer_moments(
    measured: Mapping[str, LayerMoments],
    quantity: str = "pre_activation",
    predicted: Mapping[str, LayerMoments] | None = None,
    ax: Axes | None = None,
    yscale: str = "auto",
) -> Axes:
    """Draw a second moment per layer: measured as dots with a band, predicted as a line.

    Parameters
    ----------
    measured : mapping of str to weightinit.experiments.propagation.variance.LayerMoments
        Scheme or activation name (e.g. ``"he"``, ``"tanh"``; drawn in its colour and named by
        its label in the site's style map) or other legend label, to what
        :func:`~weightinit.experiments.propagation.variance.measure_moments` returned. Dots show
        the mean
        over runs, the shaded band the 10–90 % range of the runs.
    quantity : {"pre_activation", "activation", "gradient"}, default "pre_activation"
        Which second moment; ``"gradient"`` is the one a layer sends to its input.
    predicted : mapping of str to LayerMoments, optional
        Same labels, from :func:`~weightinit.experiments.propagation.variance.predict_moments`;
        drawn as
        lines in the colour of the measurement.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    yscale : {"auto", "log", "linear"}, default "auto"
        Scale of the y axis; ``"auto"`` picks a logarithmic axis when what is drawn spans a
        factor of 10 or more, a linear one starting at 0 otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from weightinit.experiments import measure_moments, predict_moments
    >>> m = {"he": measure_moments(4, 20, "he", "relu", n_seeds=3, rng=0)}
    >>> ax = plot_layer_moments(m, predicted={"he": predict_moments(4, 20, "he", "relu")})
    >>> ax.get_yscale(), ax.get_ylabel()
    ('linear', 'mean square of z')
    >>> plt.close("all")
    """
    from matplotlib.lines import Line2D

    _check_mapping(measured, "measured")
    check_choice(quantity, "quantity", list(_MOMENT_LABELS))
    _check_yscale(yscale)
    predicted = predicted or {}
    ax = _axes(ax)
    n_runs = 1
    drawn = []
    for index, (key, moments) in enumerate(measured.items()):
        style = series_style(key, index)
        values = np.asarray(getattr(moments, quantity), dtype=float)
        layers = np.arange(1, values.shape[1] + 1)
        n_runs = max(n_runs, values.shape[0])
        if values.shape[0] > 1:
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            ax.fill_between(layers, low, high, color=style.color, alpha=0.2, lw=0)
            drawn += [low, high]
        drawn.append(values.mean(axis=0))
        ax.plot(
            layers, values.mean(axis=0), style.marker, color=style.color, ms=4, label=style.label
        )
        if key in predicted:
            line = np.mean(getattr(predicted[key], quantity), axis=0)
            ax.plot(layers, line, linestyle=style.linestyle, color=style.color, lw=LINE_WIDTH)
            drawn.append(line)
    ax.set_xlabel(label("layer"))
    ax.set_ylabel(label(_MOMENT_LABELS[quantity]))
    _integer_ticks(ax.xaxis)
    _set_yscale(ax, yscale, drawn)
    handles, labels = ax.get_legend_handles_labels()
    dots = label("mean of {n_runs} runs", n_runs=n_runs) if n_runs > 1 else label("measured")
    keys: list[tuple[Artist, str]] = [(Line2D([], [], color="0.4", marker="o", ls="", ms=4), dots)]
    if n_runs > 1:
        keys.append((plt.Rectangle((0, 0), 1, 1, color="0.4", alpha=0.2), label("10–90 % of runs")))
    if predicted:
        keys.append((Line2D([], [], color="0.4", lw=LINE_WIDTH), label("prediction")))
    _legend_above(ax, [*handles, *(k[0] for k in keys)], [*labels, *(k[1] for k in keys)])
    return ax


def plot_forward_backward(
    measured: Mapping[str, LayerMoments],
    predicted: Mapping[str, LayerMoments] | None = None,
    axes: AxesLike | None = None,
    yscale: str = "auto",
) -> Figure | SubFigure:
    """Draw the forward pre-activations and the backward gradients side by side.

    Left: :func:`plot_layer_moments` of ``"pre_activation"``; right: of ``"gradient"``, whose
    signal travels from the last layer down to the first. One legend, below the panels.

    Parameters
    ----------
    measured, predicted : mapping of str to weightinit.experiments.propagation.variance.LayerMoments
        As for :func:`plot_layer_moments`.
    axes : sequence of matplotlib.axes.Axes, optional
        The two panels to draw in; a new figure with two panels is made when omitted.
    yscale : {"auto", "log", "linear"}, default "auto"
        As for :func:`plot_layer_moments`, chosen for each panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments import measure_moments
    >>> fig = plot_forward_backward({"xavier-book": measure_moments(3, 20, n_seeds=2, rng=0)})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['forward: mean square of z', 'backward: mean square of ∂L/∂x']
    >>> plt.close("all")
    """
    axes = _axes_grid(axes, 1, 2, (WIDE_WIDTH, 3.6), "hold two Axes")
    plot_layer_moments(measured, "pre_activation", predicted, ax=axes[0], yscale=yscale)
    plot_layer_moments(measured, "gradient", predicted, ax=axes[1], yscale=yscale)
    axes[0].set_ylabel(label("forward: {ylabel}", ylabel=axes[0].get_ylabel()))
    axes[1].set_ylabel(label("backward: {ylabel}", ylabel=axes[1].get_ylabel()))
    first, second = (ax.get_legend() for ax in axes)
    assert first is not None and second is not None  # plot_layer_moments drew them
    entries = zip(first.legend_handles, first.get_texts(), strict=True)
    handles, labels = zip(*[(h, t.get_text()) for h, t in entries if h is not None], strict=True)
    first.remove()
    second.remove()
    figure = axes[0].figure
    figure.legend(handles, labels, loc="outside lower center", ncols=3, frameon=False)
    return figure


def plot_activation_moments(
    moments: Mapping[str, ActivationMoments], axes: AxesLike | None = None
) -> Figure | SubFigure:
    r"""Draw how an activation scales the variance forward and backward, against Var(z).

    Left: the forward factor :math:`\mathbb{E}[f(z)^2] / \operatorname{Var}(z)`; right: the
    backward factor :math:`\mathbb{E}[f'(z)^2]`, both for :math:`z \sim \mathcal{N}(0, v)`. A
    dotted line marks 1, where the activation passes the variance on unchanged.

    Parameters
    ----------
    moments : mapping of str to weightinit.experiments.propagation.variance.ActivationMoments
        Activation name (e.g. ``"relu"``, drawn in its colour and named by its label in the
        site's style map) or other legend label, to what
        :func:`~weightinit.experiments.propagation.variance.activation_moments`
        returned (over a range of variances).
    axes : sequence of matplotlib.axes.Axes, optional
        The two panels to draw in; a new figure with two panels is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments import activation_moments
    >>> fig = plot_activation_moments({"relu": activation_moments("relu", [0.1, 1, 10])})
    >>> [float(v) for v in fig.axes[1].get_lines()[0].get_ydata()]
    [0.5, 0.5, 0.5]
    >>> plt.close("all")
    """
    _check_mapping(moments, "moments")
    axes = _axes_grid(axes, 1, 2, (WIDE_WIDTH, 3.4), "hold two Axes")
    for index, (key, m) in enumerate(moments.items()):
        style = series_style(key, index)
        for ax, values in zip(axes, (m.forward_factor, m.slope_second_moment), strict=True):
            ax.plot(
                m.variance,
                values,
                **_series_line(style),
            )
    for ax, ylabel in zip(
        axes, ("forward factor E[f(z)²] / Var(z)", "backward factor E[f′(z)²]"), strict=True
    ):
        _reference_line(ax, 1.0)  # in front: the linear activation's lines run along it
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(label("variance of the pre-activation, Var(z)"))
        ax.set_ylabel(label(ylabel))
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(
        handles, labels, loc="outside lower center", ncols=len(handles), frameon=False
    )
    return axes[0].figure


def plot_activation_function(
    activation: str | Activation, ax: Axes | None = None, z_range: tuple[float, float] = (-6.0, 6.0)
) -> Axes:
    """Draw an activation function and its derivative against the pre-activation.

    Parameters
    ----------
    activation : str or Activation
        Resolved by :func:`~weightinit.activations.get_activation`, e.g. ``"sigmoid"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    z_range : tuple of float, default (-6, 6)
        The pre-activation interval drawn.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_activation_function("sigmoid")
    >>> [line.get_label() for line in ax.get_lines()]
    ['sigmoid f(z)', 'derivative f′(z)']
    >>> plt.close("all")
    """
    from weightinit.activations import get_activation

    act = get_activation(activation)
    style = series_style(act, 0)
    z = np.linspace(*z_range, 401)
    ax = _axes(ax, figsize=(SINGLE_WIDTH, 2.9))
    ax.plot(
        z,
        act.function(z),
        color=style.color,
        lw=LINE_WIDTH,
        label=label("{label} f(z)", label=style.label),
    )
    ax.plot(
        z, act.derivative(z), "--", color="0.35", lw=LINE_WIDTH, label=label("derivative f′(z)")
    )
    ax.set_xlabel(label("pre-activation z"))
    ax.set_ylabel(label("value"))
    _legend_above(ax)
    return ax
