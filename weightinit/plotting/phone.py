"""A second layout of every figure, for a phone's column: the same panels, stacked.

A figure of side-by-side panels is drawn ``WIDE_WIDTH``
inches wide, the desktop column's width. Shrunk to a phone's column its text would be too small
to read, and shown at a readable scale it would scroll sideways, hiding its right-hand panels.
:func:`phone_layout` copies a finished figure and lays the copy out :data:`PHONE_WIDTH` inches
wide: a row of panels becomes a column, a grid of more columns than rows is transposed (each
column of panels becomes a row), every panel gets the tick labels and axis labels that its row
or column shared, and every legend takes as many columns as fit. It works on any figure whose
panels sit in one grid, whatever they show, so the plotting helpers and the pages' own
``plt.subplots`` figures need no phone code of their own.

:func:`install_phone_variants` makes an IPython kernel attach the phone layout of every
figure it displays to the figure's PNG output, in the output's metadata under
:data:`PHONE_METADATA_KEY`; the docs build (``docs/_ext/figure_width.py``) serves it to narrow
screens in a ``<picture>``. A plain Jupyter shows the figure as before.
"""

from __future__ import annotations

import base64
import io
import math
import pickle
from collections import defaultdict

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.offsetbox import VPacker

__all__ = ["PHONE_METADATA_KEY", "PHONE_WIDTH", "install_phone_variants", "phone_layout"]

#: Width in inches of a figure's phone layout. With the 0.1-inch margins the notebooks' inline
#: backend crops its PNG to, it is at most 3.7 inches, 355 CSS pixels at 96 per inch: the
#: column of a 390-pixel-wide phone (358 pixels) holds it at full scale, 10-point text 13 px.
PHONE_WIDTH = 3.5
#: Where the phone layout's PNG goes in a display output's ``image/png`` metadata.
PHONE_METADATA_KEY = "weightinit_phone_png"
# A panel of the phone layout is at most this many inches high per inch of its width, plus
# room for its tick and axis labels; never higher than the panel it copies.
_PANEL_ASPECT = 0.62
_PANEL_LABELS = 0.75
# Panels narrower than this (inches) are small multiples, which stay side by side on a phone.
_SMALL_PANEL = 1.5
# Room for a subfigure's title, in inches.
_TITLE_HEIGHT = 0.3


def phone_layout(fig: Figure, width: float = PHONE_WIDTH) -> Figure | None:
    """Return a copy of ``fig`` laid out ``width`` inches wide, or None when it fits already.

    The copy has the same panels, lines and legends as ``fig``; only their arrangement
    changes. Panels in one row are stacked into one column; a grid with more columns than
    rows is transposed, so the panel in row ``r`` and column ``c`` moves to row ``c`` and
    column ``r``; a figure with one column of panels is only made narrower. A panel that had
    no title, y label or x label (because its row or column shared one) takes that of its
    row's or column's labelled panel, and shows the tick labels its row or column showed.
    Every legend takes as many columns as fit in ``width``. ``fig`` itself is unchanged.

    A figure whose panels do not form one grid of one-cell panels is only made narrower.
    The copy is a pyplot figure: close it (``matplotlib.pyplot.close``) when done.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A finished figure.
    width : float, default PHONE_WIDTH
        Width of the copy in inches.

    Returns
    -------
    matplotlib.figure.Figure or None
        The copy, or None when ``fig`` is at most ``width`` inches wide.

    Examples
    --------
    >>> fig, axes = plt.subplots(1, 3, figsize=(6.8, 3.0), sharey=True, layout="constrained")
    >>> _ = axes[0].set_ylabel("std")
    >>> phone = phone_layout(fig)
    >>> [ax.get_subplotspec().get_geometry()[:2] for ax in phone.axes]
    [(3, 1), (3, 1), (3, 1)]
    >>> [ax.get_ylabel() for ax in phone.axes], round(float(phone.get_figwidth()), 1)
    (['std', 'std', 'std'], 3.5)
    >>> plt.close("all")
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not width > 0:
        raise ValueError(f"width must be positive, got {width!r}")
    if fig.get_figwidth() <= width * 1.001:
        return None
    copy = pickle.loads(pickle.dumps(fig))
    # the panels' containers: the figure, or its subfigures when they hold the panels in rows
    groups = list(copy.subfigs) or [copy]
    plans = [_grid_cells(group) for group in groups]
    side_by_side = copy.subfigs and {sub._subplotspec.get_geometry()[1] for sub in groups} != {1}
    if side_by_side or any(plan is None for plan in plans):
        copy.set_size_inches(width, copy.get_figheight())
    else:
        group_height = copy.get_figheight() / len(groups)
        heights = [
            _restack(group, plan, width, group_height)
            for group, plan in zip(groups, plans, strict=True)
        ]
        copy.set_size_inches(width, sum(heights))
    _refit_legends(copy)
    return copy


def _grid_cells(group) -> tuple[tuple[int, int], dict[tuple[int, int], list[Axes]]] | None:
    """The grid's shape and the axes in each of its cells (twins together), or None."""
    grids = set()
    cells: dict[tuple[int, int], list[Axes]] = defaultdict(list)
    for ax in group.axes:
        spec = ax.get_subplotspec()
        if spec is None:
            if ax.get_label() == "<colorbar>":
                continue
            return None
        grid = spec.get_gridspec()
        grids.add(id(grid))
        if len(spec.rowspan) != 1 or len(spec.colspan) != 1:
            return None
        cells[(spec.rowspan.start, spec.colspan.start)].append(ax)
        shape = grid.get_geometry()
    if len(grids) != 1:
        return None
    return shape, dict(cells)


def _phone_grid(n_rows: int, n_columns: int, panel_width: float, width: float):
    """The phone grid's shape and where the panel of row r, column c goes."""
    if n_rows == 1:
        # a row of small multiples keeps about its panels' width, a row of larger panels
        # becomes a column
        if panel_width < _SMALL_PANEL:
            per_row = min(n_columns, max(1, math.ceil(width / panel_width - 0.05)))
        else:
            per_row = max(1, math.floor(width / panel_width + 0.05))
        shape = (math.ceil(n_columns / per_row), per_row)
        return shape, lambda r, c: divmod(c, per_row)
    if n_columns > n_rows:
        return (n_columns, n_rows), lambda r, c: (c, r)
    return (n_rows, n_columns), lambda r, c: (r, c)


def _labels_shown(ax: Axes, axis: str) -> tuple[bool, bool]:
    """Whether ``ax`` shows its tick labels on either side of the x or y axis."""
    ticks = getattr(ax, f"{axis}axis").get_major_ticks()
    if not ticks:
        return False, False
    return ticks[0].label1.get_visible(), ticks[0].label2.get_visible()


def _restack(group, cells: tuple, width: float, group_height: float) -> float:
    """Lay out one container's panels ``width`` inches wide; return the height it needs."""
    (n_rows, n_columns), by_cell = cells
    group_width = group.get_figure(root=True).get_figwidth()
    shape, move = _phone_grid(n_rows, n_columns, group_width / n_columns, width)
    old_height = group_height / n_rows
    height = min(old_height, _PANEL_ASPECT * width / shape[1] + _PANEL_LABELS)
    # layer k: the k-th axes drawn in each cell (0 the panel itself, 1 a twin, ...)
    layers: dict[int, dict[tuple[int, int], Axes]] = defaultdict(dict)
    for cell, axes in by_cell.items():
        for k, ax in enumerate(axes):
            layers[k][cell] = ax
    for layer in layers.values():
        _share_labels(layer)
    grid = group.add_gridspec(*shape)
    for (row, column), axes in by_cell.items():
        for ax in axes:
            ax.set_subplotspec(grid[move(row, column)])
    for layer in layers.values():
        _label_outer_shared(layer, move)
    title = _TITLE_HEIGHT if getattr(group, "get_suptitle", lambda: "")() else 0.0
    return height * shape[0] + title


def _share_labels(layer: dict[tuple[int, int], Axes]) -> None:
    """Give each panel of one layer the labels and tick labels its row or column shared."""
    rows: dict[int, list[Axes]] = defaultdict(list)
    columns: dict[int, list[Axes]] = defaultdict(list)
    for (row, column), ax in sorted(layer.items()):
        rows[row].append(ax)
        columns[column].append(ax)

    def first(axes: list[Axes], get) -> str:
        return next((get(ax) for ax in axes if get(ax)), "")

    # which sides (bottom/left, top/right) show tick labels on any panel of the layer
    shown = {}
    for axis in ("x", "y"):
        sides = [_labels_shown(ax, axis) for ax in layer.values()]
        shown[axis] = [any(side[0] for side in sides), any(side[1] for side in sides)]
    for (row, column), ax in layer.items():
        if not ax.axison:
            continue
        if not ax.get_ylabel():
            ax.set_ylabel(first(rows[row], Axes.get_ylabel))
        if not ax.get_xlabel():
            ax.set_xlabel(first(columns[column], Axes.get_xlabel))
        if not ax.get_title():
            ax.set_title(first(columns[column], Axes.get_title), fontsize="medium")
        if any(shown["y"]):
            ax.yaxis.set_tick_params(
                which="both", labelleft=shown["y"][0], labelright=shown["y"][1]
            )
            ax.yaxis.get_offset_text().set_visible(True)
        if any(shown["x"]):
            ax.xaxis.set_tick_params(
                which="both", labelbottom=shown["x"][0], labeltop=shown["x"][1]
            )
            ax.xaxis.get_offset_text().set_visible(True)


def _label_outer_shared(layer: dict[tuple[int, int], Axes], move) -> None:
    """Name the y axis once in a phone row of panels that share it: in the leftmost panel."""
    moved = {move(*cell): ax for cell, ax in layer.items()}
    for (row, column), ax in moved.items():
        left = moved.get((row, column - 1))
        if left is None or left not in ax.get_shared_y_axes().get_siblings(ax):
            continue
        side = ax.yaxis.get_label_position()
        ax.set_ylabel("")
        ax.yaxis.set_tick_params(which="both", **{f"label{side}": False})


def _refit_legends(fig: Figure) -> None:
    """Give every legend of ``fig`` as many columns as fit in its width, at most as before."""
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    renderer = fig.canvas.get_renderer()
    available = fig.get_figwidth() * fig.dpi * 0.98
    for legend in legends:
        # the legend's entries, packed in columns of a row (matplotlib's own layout)
        row = legend._legend_handle_box
        old = row.get_children()
        items = [item for column in old for item in column.get_children()]
        columns = len(old)
        while columns > 1 and legend.get_window_extent(renderer).width > available:
            columns -= 1
            per_column = -(-len(items) // columns)
            row._children = [
                VPacker(
                    pad=0, sep=old[0].sep, align=old[0].align, children=items[i : i + per_column]
                )
                for i in range(0, len(items), per_column)
            ]
            for column in row._children:
                column.set_figure(old[0].get_figure(root=False))
                column.axes = old[0].axes
            legend.stale = True


def install_phone_variants(shell=None) -> bool:
    """Make an IPython kernel attach each figure's phone layout to its PNG output.

    Wraps the PNG formatter that matplotlib's inline backend registered for
    :class:`~matplotlib.figure.Figure`: a figure wider than :data:`PHONE_WIDTH` is displayed as
    before, and the PNG of its :func:`phone_layout`, base64-encoded, goes into the output's
    ``image/png`` metadata under :data:`PHONE_METADATA_KEY`. Returns whether it was installed
    (False outside IPython). Installing twice wraps once.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython ships with every kernel
            return False
        shell = get_ipython()
    if shell is None:
        return False
    plt.figure().clear()  # importing pyplot and making a figure sets up the inline backend
    plt.close("all")
    formatter = shell.display_formatter.formatters["image/png"]
    original = formatter.lookup_by_type(Figure)
    if getattr(original, "_phone_variants", False):
        return True

    def with_phone_variant(fig: Figure):
        data = original(fig)
        phone = phone_layout(fig)
        if phone is None or data is None:
            return data
        try:
            phone_data = original(phone)
        finally:
            plt.close(phone)
        if isinstance(phone_data, bytes):
            phone_data = base64.b64encode(phone_data).decode("ascii")
        return data, {PHONE_METADATA_KEY: phone_data}

    with_phone_variant._phone_variants = True
    formatter.for_type(Figure, with_phone_variant)
    return True


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as the PNG the inline backend would display (tight bounding box)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
