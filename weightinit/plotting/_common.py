"""What every plotting module shares: the line width, a fresh Axes, argument checks, styles."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from weightinit.style import Style, style_for

LINE_WIDTH = 2.0


def _axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _check_mapping(values: Mapping, name: str) -> None:
    if not isinstance(values, Mapping) or not values:
        raise ValueError(f"{name} must be a mapping with at least one entry")


def _smoothing_window(n: int, window: int | None) -> int:
    if window is None:
        return max(1, n // 50)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int or None, got {window!r}")
    return window


def series_style(key: object, index: int) -> Style:
    """The style of the ``index``-th series of a figure, whose mapping key is ``key``.

    A key of the site's style map (:func:`~weightinit.style.style_for`) gets its colour, line
    style, marker and display label; any other key keeps its own text as label and takes the
    ``index``-th colour of matplotlib's cycle, so custom series still get distinct colours.
    """
    style = style_for(key)
    if style is not None:
        return style
    return Style(str(key), str(key), f"C{index % 10}")
