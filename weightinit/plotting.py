"""Plotting helpers for the pages: they take results as arrays and draw them.

Each function takes an optional ``ax`` (or ``axes``) to draw into, creates a figure when none is
given, and returns what it drew on, following the matplotlib and pandas convention. Figures
carry no titles (captions belong to the page), lower-case axis labels, and lines of width 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "draw_network_diagram",
    "plot_activation_function",
    "plot_activation_grid",
    "plot_activation_histograms",
    "plot_layer_statistics",
    "plot_loss_bands",
    "plot_loss_curves",
    "plot_network_outputs",
    "plot_symmetry_history",
    "plot_weight_histograms",
]

LINE_WIDTH = 2.0


def _axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_weight_histograms(
    weights: Mapping[str, np.ndarray], ax: Axes | None = None, bins: int = 60
) -> Axes:
    """Draw the distribution of several weight arrays as overlaid step histograms.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        Legend label to weight array; each array is flattened.
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
    >>> ax.get_xlabel()
    'weight value'
    >>> plt.close("all")
    """
    if not weights:
        raise ValueError("weights must map at least one label to an array")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    arrays = {label: np.asarray(values, dtype=float).ravel() for label, values in weights.items()}
    low = min(float(a.min()) for a in arrays.values())
    high = max(float(a.max()) for a in arrays.values())
    edges = np.linspace(low, high, bins + 1)
    ax = _axes(ax)
    for label, values in arrays.items():
        ax.hist(values, bins=edges, density=True, histtype="step", lw=LINE_WIDTH, label=label)
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    ax.legend(frameon=False)
    return ax


def _check_mapping(values: Mapping, name: str) -> None:
    if not isinstance(values, Mapping) or not values:
        raise ValueError(f"{name} must be a mapping with at least one entry")


def plot_activation_histograms(
    forward, bins: int = 30, axes=None, value_range: tuple[float, float] | None = None
) -> Figure:
    """Draw one histogram of activations per layer of a forward pass through a stack.

    Parameters
    ----------
    forward : weightinit.experiments.stacks.ForwardPass
        What :func:`~weightinit.experiments.stacks.forward_stack` returned.
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
    >>> plt.close("all")
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    layers = forward.activations
    if axes is None:
        _, axes = plt.subplots(
            1, len(layers), figsize=(2.2 * len(layers), 2.6), sharey=True, layout="constrained"
        )
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != len(layers):
        raise ValueError(f"axes must hold one Axes per layer ({len(layers)}), got {len(axes)}")
    low, high = value_range or forward.activation.output_range
    low = low if np.isfinite(low) else min(float(a.min()) for a in layers)
    high = high if np.isfinite(high) else max(float(a.max()) for a in layers)
    for number, (ax, values) in enumerate(zip(axes, layers, strict=True), start=1):
        counts, edges = np.histogram(values, bins=bins, range=(low, high))
        ax.stairs(counts, edges, fill=True, color="C0")
        ax.set_xlim(float(low), float(high))
        ax.set_ymargin(0.15)  # room for the panel label
        if value_range is None and np.all(np.isfinite(forward.activation.output_range)):
            ticks = (low, (low + high) / 2, high)
            ax.set_xticks(ticks, [f"{v:.3g}" for v in ticks])
        else:
            ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=3))
        ax.set_xlabel("activation")
        ax.text(0.5, 0.97, f"layer {number}", transform=ax.transAxes, ha="center", va="top")
    axes[0].set_ylabel("count")
    return axes[0].figure


def plot_layer_statistics(
    values: Mapping[str, np.ndarray],
    ax: Axes | None = None,
    ylabel: str = "standard deviation",
    yscale: str = "log",
) -> Axes:
    """Draw a per-layer statistic, one line per label, against the layer number.

    The statistic is e.g. :func:`~weightinit.experiments.stacks.layer_std` of the activations.

    Parameters
    ----------
    values : mapping of str to array_like
        Legend label to one value per layer (layer 1 first).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    ylabel : str, default "standard deviation"
        Label of the y axis.
    yscale : {"log", "linear"}, default "log"
        Scale of the y axis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_layer_statistics({"std 0.01": [1e-1, 1e-3, 1e-5]})
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'layer')
    >>> plt.close("all")
    """
    _check_mapping(values, "values")
    if yscale not in ("log", "linear"):
        raise ValueError(f"yscale must be 'log' or 'linear', got {yscale!r}")
    ax = _axes(ax)
    for label, series in values.items():
        series = np.asarray(series, dtype=float).ravel()
        ax.plot(np.arange(1, series.size + 1), series, "o-", lw=LINE_WIDTH, label=label)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_yscale(yscale)
    ax.legend(frameon=False)
    return ax


def plot_activation_function(
    activation, ax: Axes | None = None, z_range: tuple[float, float] = (-6.0, 6.0)
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
    ['sigmoid f(z)', "derivative f'(z)"]
    >>> plt.close("all")
    """
    from weightinit.activations import get_activation

    act = get_activation(activation)
    z = np.linspace(*z_range, 401)
    ax = _axes(ax, figsize=(6.4, 3.0))
    ax.plot(z, act.function(z), lw=LINE_WIDTH, label=f"{act.name} f(z)")
    ax.plot(z, act.derivative(z), "--", lw=LINE_WIDTH, label="derivative f'(z)")
    ax.set_xlabel("pre-activation z")
    ax.set_ylabel("value")
    ax.legend(frameon=False)
    return ax


def draw_network_diagram(ax: Axes | None = None) -> Axes:
    r"""Draw the 1-2-1 sigmoid network of slides 3–4 in the slide's notation.

    Input :math:`x`, hidden activations :math:`w_1, w_2`, output :math:`y`; weights
    :math:`a_1, \dots, a_4` on the connections and biases :math:`b_1, b_2, b_3` at the units.

    Examples
    --------
    >>> ax = draw_network_diagram()
    >>> sorted(t.get_text() for t in ax.texts if t.get_text())[:3]
    ['$+b_1$', '$+b_2$', '$+b_3$']
    >>> plt.close("all")
    """
    ax = _axes(ax, figsize=(6.4, 3.0))
    nodes = {"x": (0.0, 0.5), "w_1": (1.0, 0.9), "w_2": (1.0, 0.1), "y": (2.0, 0.5)}
    edges = [("x", "w_1", "a_1"), ("x", "w_2", "a_2"), ("w_1", "y", "a_3"), ("w_2", "y", "a_4")]
    for start, end, label in edges:
        (x0, y0), (x1, y1) = nodes[start], nodes[end]
        ax.annotate(
            "",
            (x1 - 0.12 * (x1 - x0), y1 - 0.12 * (y1 - y0)),
            (x0, y0),
            arrowprops={"arrowstyle": "-|>", "lw": LINE_WIDTH, "color": "0.3"},
        )
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2 + (0.07 if y1 > y0 else -0.07),
            f"${label}$",
            ha="center",
            va="center",
            fontsize=13,
            color="C3",
        )
    biases = {"w_1": ("b_1", 0.12), "w_2": ("b_2", -0.17), "y": ("b_3", 0.12)}
    for name, (cx, cy) in nodes.items():
        ax.add_patch(plt.Circle((cx, cy), 0.1, fc="white", ec="C0", lw=LINE_WIDTH, zorder=3))
        ax.text(cx, cy, f"${name}$", ha="center", va="center", fontsize=14, zorder=4)
        if name in biases:
            bias, dy = biases[name]
            ax.text(cx + 0.12, cy + dy, f"$+{bias}$", fontsize=12, color="C2", va="center")
    ax.set_xlim(-0.25, 2.35)
    ax.set_ylim(-0.1, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_symmetry_history(histories: Mapping[str, object], axes=None) -> Figure:
    """Draw the trajectories of the paired parameters, one panel per training run.

    Each pair (:math:`a_1, a_2`), (:math:`a_3, a_4`), (:math:`b_1, b_2`) shares a colour, the
    first solid and the second dashed, so a pair that stays equal shows as one line.

    Parameters
    ----------
    histories : mapping of str to weightinit.experiments.symmetry.SymmetryHistory
        Panel label to what :func:`~weightinit.experiments.symmetry.train_symmetric` returned.
    axes : sequence of matplotlib.axes.Axes, optional
        One per history; a new row of panels is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments import bump_data, train_symmetric
    >>> x, t = bump_data()
    >>> fig = plot_symmetry_history({"zeros": train_symmetric([0.0] * 7, x, t, steps=5)})
    >>> len(fig.axes[0].get_lines())
    6
    >>> plt.close("all")
    """
    _check_mapping(histories, "histories")
    if axes is None:
        _, axes = plt.subplots(
            1,
            len(histories),
            figsize=(3.4 * len(histories), 3.0),
            sharey=True,
            layout="constrained",
        )
    axes = np.atleast_1d(axes).ravel()
    for ax, (label, history) in zip(axes, histories.items(), strict=True):
        steps = np.arange(history.parameters.shape[0])
        for colour, pair in enumerate((("a1", "a2"), ("a3", "a4"), ("b1", "b2"))):
            for style, name in zip(("-", "--"), pair, strict=True):
                ax.plot(
                    steps,
                    history.parameter(name),
                    style,
                    color=f"C{colour}",
                    lw=LINE_WIDTH,
                    label=f"${name[0]}_{name[1]}$",
                )
        ax.set_xlabel("gradient-descent step")
        ax.text(0.03, 0.97, label, transform=ax.transAxes, va="top")
    axes[0].set_ylabel("parameter value")
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, frameon=False, loc="outside right upper")
    return axes[0].figure


def plot_network_outputs(
    x: np.ndarray, targets: np.ndarray, outputs: Mapping[str, np.ndarray], ax: Axes | None = None
) -> Axes:
    """Draw targets as dots and each network's output as a line against the input.

    Examples
    --------
    >>> ax = plot_network_outputs([0.0, 1.0], [0.0, 1.0], {"fit": [0.1, 0.9]})
    >>> ax.get_xlabel()
    'input x'
    >>> plt.close("all")
    """
    _check_mapping(outputs, "outputs")
    ax = _axes(ax, figsize=(6.4, 3.0))
    ax.plot(x, targets, "o", color="0.5", ms=4, label="target t")
    for label, y in outputs.items():
        ax.plot(x, y, lw=LINE_WIDTH, label=label)
    ax.set_xlabel("input x")
    ax.set_ylabel("output y")
    ax.legend(frameon=False)
    return ax


def _smoothing_window(n: int, window: int | None) -> int:
    if window is None:
        return max(1, n // 50)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int or None, got {window!r}")
    return window


def plot_loss_curves(
    losses: Mapping[str, np.ndarray], ax: Axes | None = None, window: int | None = None
) -> Axes:
    """Draw per-iteration training losses: the raw curve faintly, its moving average on top.

    Parameters
    ----------
    losses : mapping of str to array_like
        Legend label to the loss of each iteration, e.g.
        the ``losses`` of a :class:`~weightinit.experiments.mnist.Comparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    window : int, optional
        Width of the centred moving average; by default 1/50 of the iterations.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_loss_curves({"he": np.linspace(2.3, 0.2, 100)})
    >>> len(ax.lines), ax.get_xlabel()
    (2, 'iteration')
    >>> plt.close("all")
    """
    from weightinit.experiments.mnist import moving_average

    _check_mapping(losses, "losses")
    ax = _axes(ax)
    for number, (label, values) in enumerate(losses.items()):
        values = np.asarray(values, dtype=float).ravel()
        steps = np.arange(values.size)
        color = f"C{number}"
        ax.plot(steps, values, color=color, lw=0.6, alpha=0.35)
        smooth = moving_average(values, _smoothing_window(values.size, window))
        ax.plot(steps, smooth, color=color, lw=LINE_WIDTH, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("training loss")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return ax


def plot_loss_bands(
    losses: Mapping[str, np.ndarray], ax: Axes | None = None, window: int | None = None
) -> Axes:
    """Draw, per label, the median smoothed loss over seeds and the band from lowest to highest.

    Parameters
    ----------
    losses : mapping of str to array_like
        Legend label to losses of shape ``(n_seeds, iterations)``, e.g.
        the ``losses`` of a
        :class:`~weightinit.experiments.mnist.SeedComparison`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    window : int, optional
        Width of the centred moving average applied to each run before taking the band; by
        default 1/50 of the iterations.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> runs = np.array([np.linspace(2.3, 0.2, 100), np.linspace(2.3, 0.4, 100)])
    >>> ax = plot_loss_bands({"he": runs})
    >>> len(ax.lines), len(ax.collections)
    (1, 1)
    >>> plt.close("all")
    """
    from weightinit.experiments.mnist import moving_average

    _check_mapping(losses, "losses")
    ax = _axes(ax)
    for number, (label, runs) in enumerate(losses.items()):
        runs = np.asarray(runs, dtype=float)
        if runs.ndim != 2 or runs.size == 0:
            raise ValueError(f"losses[{label!r}] must have shape (n_seeds, iterations)")
        smooth = moving_average(runs, _smoothing_window(runs.shape[1], window))
        steps = np.arange(runs.shape[1])
        color = f"C{number}"
        low, high = smooth.min(axis=0), smooth.max(axis=0)
        ax.fill_between(steps, low, high, color=color, alpha=0.3, lw=0)
        ax.plot(steps, np.median(smooth, axis=0), color=color, lw=LINE_WIDTH, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("training loss")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return ax


# --- The variance recursions (Xavier and He pages) -------------------------------------------

__all__ += ["plot_activation_moments", "plot_forward_backward", "plot_layer_moments"]

_MOMENT_LABELS = {
    "pre_activation": "mean square of z",
    "activation": "mean square of x",
    "gradient": "mean square of ∂L/∂x",
}


def plot_layer_moments(
    measured: Mapping[str, object],
    quantity: str = "pre_activation",
    predicted: Mapping[str, object] | None = None,
    ax: Axes | None = None,
    colors: Sequence[str] | None = None,
) -> Axes:
    """Draw a second moment per layer: measured as dots with a band, predicted as a line.

    Parameters
    ----------
    measured : mapping of str to weightinit.experiments.variance.LayerMoments
        Legend label to what :func:`~weightinit.experiments.variance.measure_moments`
        returned. Dots show the mean over runs, the shaded band the 10–90 % range of the runs.
    quantity : {"pre_activation", "activation", "gradient"}, default "pre_activation"
        Which second moment; ``"gradient"`` is the one a layer sends to its input.
    predicted : mapping of str to weightinit.experiments.variance.LayerMoments, optional
        Same labels, from :func:`~weightinit.experiments.variance.predict_moments`; drawn as
        lines in the colour of the measurement.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    colors : sequence of str, optional
        One colour per label; by default the colour cycle ``C0``, ``C1``, ...

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from weightinit.experiments import measure_moments, predict_moments
    >>> m = {"he": measure_moments(4, 20, "he", "relu", n_seeds=3, rng=0)}
    >>> ax = plot_layer_moments(m, predicted={"he": predict_moments(4, 20, "he", "relu")})
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'mean square of z')
    >>> plt.close("all")
    """
    from matplotlib.lines import Line2D

    _check_mapping(measured, "measured")
    if quantity not in _MOMENT_LABELS:
        raise ValueError(f"quantity must be one of {list(_MOMENT_LABELS)}, got {quantity!r}")
    predicted = predicted or {}
    colors = list(colors) if colors is not None else [f"C{i}" for i in range(len(measured))]
    if len(colors) != len(measured):
        raise ValueError(f"colors must hold one colour per label ({len(measured)})")
    ax = _axes(ax)
    n_runs = 1
    for colour, (label, moments) in zip(colors, measured.items(), strict=True):
        values = np.asarray(getattr(moments, quantity), dtype=float)
        layers = np.arange(1, values.shape[1] + 1)
        n_runs = max(n_runs, values.shape[0])
        if values.shape[0] > 1:
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            ax.fill_between(layers, low, high, color=colour, alpha=0.2, lw=0)
        ax.plot(layers, values.mean(axis=0), "o", color=colour, ms=4, label=label)
        if label in predicted:
            line = np.mean(getattr(predicted[label], quantity), axis=0)
            ax.plot(layers, line, "-", color=colour, lw=LINE_WIDTH)
    ax.set_xlabel("layer")
    ax.set_ylabel(_MOMENT_LABELS[quantity])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_yscale("log")
    handles, labels = ax.get_legend_handles_labels()
    dots = f"mean of {n_runs} runs" if n_runs > 1 else "measured"
    keys = [(Line2D([], [], color="0.4", marker="o", ls="", ms=4), dots)]
    if n_runs > 1:
        keys.append((plt.Rectangle((0, 0), 1, 1, color="0.4", alpha=0.2), "10–90 % of runs"))
    if predicted:
        keys.append((Line2D([], [], color="0.4", lw=LINE_WIDTH), "prediction"))
    ax.legend([*handles, *(k[0] for k in keys)], [*labels, *(k[1] for k in keys)], frameon=False)
    return ax


def plot_forward_backward(
    measured: Mapping[str, object], predicted: Mapping[str, object] | None = None, axes=None
) -> Figure:
    """Draw the forward pre-activations and the backward gradients side by side.

    Left: :func:`plot_layer_moments` of ``"pre_activation"``; right: of ``"gradient"``, whose
    signal travels from the last layer down to the first. One legend, below the panels.

    Parameters
    ----------
    measured, predicted : mapping of str to weightinit.experiments.variance.LayerMoments
        As for :func:`plot_layer_moments`.
    axes : sequence of matplotlib.axes.Axes, optional
        The two panels to draw in; a new figure with two panels is made when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from weightinit.experiments import measure_moments
    >>> fig = plot_forward_backward({"xavier": measure_moments(3, 20, n_seeds=2, rng=0)})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['forward: mean square of z', 'backward: mean square of ∂L/∂x']
    >>> plt.close("all")
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.0, 3.8), layout="constrained")
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != 2:
        raise ValueError(f"axes must hold two Axes, got {len(axes)}")
    plot_layer_moments(measured, "pre_activation", predicted, ax=axes[0])
    plot_layer_moments(measured, "gradient", predicted, ax=axes[1])
    axes[0].set_ylabel(f"forward: {axes[0].get_ylabel()}")
    axes[1].set_ylabel(f"backward: {axes[1].get_ylabel()}")
    legend = axes[0].get_legend()
    handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
    for ax in axes:
        ax.get_legend().remove()
    figure = axes[0].figure
    figure.legend(handles, labels, loc="outside lower center", ncols=3, frameon=False)
    return figure


def plot_activation_moments(moments: Mapping[str, object], axes=None) -> Figure:
    r"""Draw how an activation scales the variance forward and backward, against Var(z).

    Left: the forward factor :math:`\mathbb{E}[f(z)^2] / \operatorname{Var}(z)`; right: the
    backward factor :math:`\mathbb{E}[f'(z)^2]`, both for :math:`z \sim \mathcal{N}(0, v)`. A
    dotted line marks 1, where the activation passes the variance on unchanged.

    Parameters
    ----------
    moments : mapping of str to weightinit.experiments.variance.ActivationMoments
        Legend label to what :func:`~weightinit.experiments.variance.activation_moments`
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
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.0, 3.4), layout="constrained")
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != 2:
        raise ValueError(f"axes must hold two Axes, got {len(axes)}")
    for label, m in moments.items():
        axes[0].plot(m.variance, m.forward_factor, lw=LINE_WIDTH, label=label)
        axes[1].plot(m.variance, m.slope_second_moment, lw=LINE_WIDTH, label=label)
    for ax, ylabel in zip(
        axes, ("forward factor E[f(z)²] / Var(z)", "backward factor E[f′(z)²]"), strict=True
    ):
        ax.axhline(1.0, color="0.5", ls=":", lw=LINE_WIDTH)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("variance of the pre-activation, Var(z)")
        ax.set_ylabel(ylabel)
    axes[0].legend(frameon=False)
    return axes[0].figure


def plot_activation_grid(forwards: Mapping[str, object], bins: int = 30) -> Figure:
    r"""Draw the layer-by-layer activation histograms of several forward passes, one row each.

    Parameters
    ----------
    forwards : mapping of str to weightinit.experiments.stacks.ForwardPass
        Row label (e.g. the initialization) to a forward pass; all must have the same number
        of layers.
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
    >>> len(fig.axes), fig.axes[2].get_ylabel()
    (4, 'he\ncount')
    >>> plt.close("all")
    """
    _check_mapping(forwards, "forwards")
    depths = {len(forward.activations) for forward in forwards.values()}
    if len(depths) != 1:
        raise ValueError(f"forwards must all have the same number of layers, got {sorted(depths)}")
    n_layers = depths.pop()
    fig, grid = plt.subplots(
        len(forwards),
        n_layers,
        figsize=(2.0 * n_layers, 1.9 * len(forwards) + 0.4),
        sharey="row",
        layout="constrained",
        squeeze=False,
    )
    for row, (label, forward) in zip(grid, forwards.items(), strict=True):
        plot_activation_histograms(forward, bins=bins, axes=row)
        row[0].set_ylabel(f"{label}\ncount")
    return fig
