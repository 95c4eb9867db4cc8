"""The 1-2-1 sigmoid network of slides 3–4: its diagram, its parameters, its outputs.

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from weightinit.experiments import SymmetryHistory
from weightinit.plotting._common import (
    LINE_WIDTH,
    SINGLE_WIDTH,
    WIDE_WIDTH,
    AxesLike,
    _axes,
    _axes_grid,
    _check_mapping,
    _legend_above,
    series_style,
)
from weightinit.plotting.labels import label, localize

__all__ = ["draw_network_diagram", "plot_network_outputs", "plot_symmetry_history"]


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
    ax = _axes(ax, figsize=(SINGLE_WIDTH, 2.4))
    nodes = {"x": (0.0, 0.5), "w_1": (1.0, 0.9), "w_2": (1.0, 0.1), "y": (2.0, 0.5)}
    edges = [("x", "w_1", "a_1"), ("x", "w_2", "a_2"), ("w_1", "y", "a_3"), ("w_2", "y", "a_4")]
    for start, end, weight in edges:
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
            f"${weight}$",
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


def plot_symmetry_history(
    histories: Mapping[str, SymmetryHistory], axes: AxesLike | None = None
) -> Figure | SubFigure:
    """Draw the trajectories of the paired parameters, one panel per training run.

    Each pair (:math:`a_1, a_2`), (:math:`a_3, a_4`), (:math:`b_1, b_2`) shares a colour, the
    first solid and the second dashed with open circles every tenth of the run, so a pair
    that stays equal shows as one solid line with the circles sitting on it.

    Parameters
    ----------
    histories : mapping of str to weightinit.experiments.symmetry.tiny_network.SymmetryHistory
        Panel label to what :func:`~weightinit.experiments.symmetry.tiny_network.train_symmetric`
        returned.
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
    >>> len(fig.axes[0].get_lines()), fig.axes[0].get_lines()[1].get_marker()
    (6, 'o')
    >>> plt.close("all")
    """
    _check_mapping(histories, "histories")
    size = (min(WIDE_WIDTH, 2.2 * len(histories) + 0.8), 2.9)
    rule = f"hold one Axes per history ({len(histories)})"
    axes = _axes_grid(axes, 1, len(histories), size, rule, sharey=True)
    for ax, (title, history) in zip(axes, histories.items(), strict=True):
        steps = np.arange(history.parameters.shape[0])
        every = max(1, steps.size // 10)
        for colour, pair in enumerate((("a1", "a2"), ("a3", "a4"), ("b1", "b2"))):
            for twin, name in enumerate(pair):
                ax.plot(
                    steps,
                    history.parameter(name),
                    "--" if twin else "-",
                    color=f"C{colour}",
                    lw=LINE_WIDTH,
                    marker="o" if twin else "",
                    markevery=(every // 2, every),
                    markerfacecolor="white",
                    markersize=5,
                    label=f"${name[0]}_{name[1]}$",
                )
        ax.set_xlabel(label("step"))
        ax.set_title(localize(title))
    axes[0].set_ylabel(label("parameter value"))
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, frameon=False, loc="outside lower center", ncols=6)
    return axes[0].figure


def plot_network_outputs(
    x: np.ndarray, targets: np.ndarray, outputs: Mapping[str, np.ndarray], ax: Axes | None = None
) -> Axes:
    """Draw targets as dots and each network's output as a line against the input.

    Outputs keyed by a name of the site's style map take its colour and label; the others
    take the colour cycle. The line style cycles through solid, dashed and dotted, so a
    curve that lies exactly on an earlier one still shows.

    Examples
    --------
    >>> ax = plot_network_outputs([0.0, 1.0], [0.0, 1.0], {"start: random": [0.1, 0.9]})
    >>> ax.get_xlabel()
    'input x'
    >>> plt.close("all")
    """
    _check_mapping(outputs, "outputs")
    ax = _axes(ax, figsize=(SINGLE_WIDTH, 3.1))
    ax.plot(x, targets, "o", color="0.5", ms=4, label=label("target t"))
    for index, (key, y) in enumerate(outputs.items()):
        style = series_style(key, index)
        ax.plot(
            x, y, ("-", "--", ":")[index % 3], color=style.color, lw=LINE_WIDTH, label=style.label
        )
    ax.set_xlabel(label("input x"))
    ax.set_ylabel(label("output y"))
    _legend_above(ax, ncols=2)
    return ax
