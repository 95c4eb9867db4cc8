"""What every plotting module shares: the line width, a fresh Axes, argument checks, styles.

Figure sizes are in inches at the site's 96 CSS pixels per inch: the pages draw a figure at
192 dpi and show it at half its pixel width (see ``docs/_ext/figure_width.py``), so a figure
:data:`SINGLE_WIDTH` inches wide is shown 451 CSS pixels wide, which fits a phone's column at
a readable scale, and one :data:`WIDE_WIDTH` inches wide fills the desktop column (672 CSS
pixels in a 1280-pixel window).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any
from unicodedata import east_asian_width

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.legend import Legend
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from weightinit._validation import check_choice, check_int, check_mapping, check_value
from weightinit.plotting.labels import localize
from weightinit.style import Style, style_for

LINE_WIDTH = 2.0
#: Width in inches of a one-panel figure, and of a figure of side-by-side panels.
SINGLE_WIDTH = 4.7
WIDE_WIDTH = 6.8
#: The Unicode minus sign, for tick labels formatted by hand.
MINUS = "\N{MINUS SIGN}"
#: What a helper drawing several panels takes as ``axes``: a sequence of Axes, or the array of
#: them that :func:`matplotlib.pyplot.subplots` returns.
AxesLike = Sequence[Axes] | np.ndarray


def _axes(ax: Axes | None, figsize: tuple[float, float] = (SINGLE_WIDTH, 3.1)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _axes_list(axes: AxesLike) -> list[Axes]:
    """``axes`` (a sequence, or an array of any shape) as a flat list."""
    return list(np.ravel(np.asarray(axes, dtype=object)))


def _axes_grid(
    axes: AxesLike | None,
    n_rows: int,
    n_cols: int,
    figsize: tuple[float, float],
    rule: str | None = None,
    **options: Any,
) -> list[Axes]:
    """``n_rows * n_cols`` Axes as a flat list: ``axes`` checked, or a new grid of them.

    ``options`` go to :func:`matplotlib.pyplot.subplots` (``sharex``, ``sharey``); ``rule`` is
    what the error says ``axes`` must hold (by default ``"hold N Axes"``).
    """
    n_axes = n_rows * n_cols
    if axes is None:
        _, grid = plt.subplots(
            n_rows, n_cols, figsize=figsize, layout="constrained", squeeze=False, **options
        )
        return list(grid.ravel())
    axes = _axes_list(axes)
    check_value(len(axes) == n_axes, "axes", rule or f"hold {n_axes} Axes", len(axes))
    return axes


def _panel_row(axes: AxesLike | None, n_panels: int, height: float = 3.6) -> list[Axes]:
    """One Axes per panel: ``axes`` checked, or a new row sharing y (wide for several panels)."""
    width = WIDE_WIDTH if n_panels > 1 else SINGLE_WIDTH
    rule = f"hold one Axes per panel ({n_panels})"
    return _axes_grid(axes, 1, n_panels, (width, height), rule, sharey=True)


#: A reference level (chance, "passed on unchanged"): dotted, dark, thin, and drawn above the
#: data lines (zorder 2) so that a data line running along it cannot hide it.
REFERENCE_STYLE: dict[str, Any] = {"color": "black", "ls": ":", "lw": 1.5, "zorder": 2.5}


def _reference_line(ax: Axes, value: float) -> None:
    """Draw a horizontal reference line at ``value``, in front of the data lines."""
    ax.axhline(value, **REFERENCE_STYLE)


def _integer_ticks(axis: Axis) -> None:
    """Put ``axis``'s ticks on integers, when its locator is matplotlib's default (MaxNLocator)."""
    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)


def _check_mapping(values: Mapping, name: str) -> None:
    check_mapping(values, name)


def _smoothing_window(n: int, window: int | None) -> int:
    if window is None:
        return max(1, n // 50)
    return check_int(window, "window", minimum=1)


def _check_yscale(yscale: str) -> None:
    check_choice(yscale, "yscale", ("auto", "log", "linear"))


def _set_yscale(ax: Axes, yscale: str, values: Iterable[ArrayLike]) -> None:
    """Set ``ax``'s y scale; ``"auto"``: logarithmic when the positive ``values`` span a decade.

    A linear axis starts at 0 when no value is negative.
    """
    import numpy as np

    array = np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in values])
    array = array[np.isfinite(array)]
    positive = array[array > 0]
    if yscale == "auto":
        spans_decade = positive.size and positive.max() >= 10 * positive.min()
        yscale = "log" if spans_decade and positive.size == array.size else "linear"
    ax.set_yscale(yscale)
    if yscale == "linear" and array.size and array.min() >= 0:
        ax.set_ylim(bottom=0)


def _with_minus(text: str) -> str:
    """``text`` with hyphen-minus signs replaced by real minus signs, as matplotlib's ticks."""
    return text.replace("-", MINUS)


def _legend_columns(ax: Axes, labels: Sequence[str]) -> int:
    """How many legend entries fit side by side over ``ax`` (at most three)."""
    from matplotlib.font_manager import FontProperties

    points = FontProperties(size=plt.rcParams["legend.fontsize"]).get_size_in_points()
    # an entry: its handle and gaps (about 3.5 em) and its text (about 0.6 em a character)
    widths = [(3.5 + _text_ems(str(label))) * points / 72 for label in labels]
    figure = ax.get_figure(root=True)
    assert figure is not None  # the helpers draw in Axes of a figure
    available = ax.get_position().width * figure.get_figwidth()
    for ncols in (3, 2):
        if len(widths) < ncols:
            continue
        rows = [widths[i : i + ncols] for i in range(0, len(widths), ncols)]
        column_widths = [max(row[c] for row in rows if c < len(row)) for c in range(ncols)]
        if sum(column_widths) <= available:
            return ncols
    return 1


def _text_ems(text: str) -> float:
    """About how many em a line of ``text`` takes: 0.6 a character, 1 for a wide (CJK) one."""
    return sum(1.0 if east_asian_width(c) in "WF" else 0.6 for c in text)


def _legend_above(
    ax: Axes,
    handles: Sequence[Artist] | None = None,
    labels: Sequence[str] | None = None,
    ncols: int | None = None,
) -> Legend | None:
    """Put the legend over the axes, where it cannot hide a line, in as many columns as fit."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    if ncols is None:
        ncols = _legend_columns(ax, labels)
        if len(handles) == 4 and ncols == 3:
            ncols = 2  # two rows of two rather than three and one
    return ax.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.02),
        ncols=ncols,
        frameon=False,
        borderaxespad=0.0,
    )


def _series_line(style: Style, **options: Any) -> dict[str, Any]:
    """Keywords drawing a series' line in ``style`` (colour, dashes, width, label), and more."""
    return {
        "color": style.color,
        "ls": style.linestyle,
        "lw": LINE_WIDTH,
        "label": style.label,
        **options,
    }


def _layer_line(ax: Axes, values: ArrayLike, style: Style, **options: Any) -> np.ndarray:
    """Draw one value per layer (layers 1, 2, ...) as a line in ``style``; return the layers."""
    values = np.asarray(values, dtype=float).ravel()
    layers = np.arange(1, values.size + 1)
    ax.plot(layers, values, **_series_line(style, **options))
    return layers


def series_style(key: object, index: int) -> Style:
    """The style of the ``index``-th series of a figure, whose mapping key is ``key``.

    A key of the site's style map (:func:`~weightinit.style.style_for`) gets its colour, line
    style, marker and display label; any other key keeps its own text as label and takes the
    ``index``-th colour of matplotlib's cycle, so custom series still get distinct colours.
    The label is in the current language (:mod:`weightinit.plotting.labels`); a key outside
    the style map is translated when the label catalogue has it.
    """
    style = style_for(key)
    if style is not None:
        return replace(style, label=localize(style.label))
    return Style(str(key), localize(key), f"C{index % 10}")
