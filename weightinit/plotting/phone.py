"""A second layout of every figure, for a phone's column: the same panels, stacked.

A figure of side-by-side panels is drawn ``WIDE_WIDTH``
inches wide, the desktop column's width. Shrunk to a phone's column its text would be too small
to read, and shown at a readable scale it would scroll sideways, hiding its right-hand panels.
:func:`phone_layout` copies a finished figure and lays the copy out :data:`PHONE_WIDTH` inches
wide: the columns of panels are dealt out in groups of as many as fit side by side, one group
below the other (a row of large panels becomes a column; small multiples stay three to a row;
a grid keeps two columns), so a row stays a row and a column a column; the panel at the left
of each phone row names its y axis; every legend takes as many columns as fit. It works on any
figure whose panels sit in one grid (or in one column of subfigures), whatever they show, so
the plotting helpers and the pages' own
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

from weightinit._validation import check_instance, check_real

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
# The narrowest panel of a grid (several rows) on a phone, in inches.
_GRID_PANEL = 1.6
# Room for a subfigure's title, in inches.
_TITLE_HEIGHT = 0.3


def phone_layout(fig: Figure, width: float = PHONE_WIDTH) -> Figure | None:
    """Return a copy of ``fig`` laid out ``width`` inches wide, or None when it fits already.

    The copy has the same panels, lines and legends as ``fig``; only their arrangement
    changes. The columns are dealt out in groups of as many as fit in ``width``, each group
    below the one before, rows kept as rows: a row of panels wider than 1.5 inches becomes a
    column; narrower ones stay about as wide as drawn; a grid of several rows keeps two columns
    side by side. The panel at the left edge of each new row takes the y label and tick labels
    of its original row, unless it shares its y axis with its left neighbour. Every legend
    takes as many columns as fit in ``width``. ``fig`` itself is unchanged.

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
    fig = check_instance(fig, "fig", Figure)
    width = check_real(width, "width", positive=True)
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


def _phone_grid(
    n_rows: int,
    n_columns: int,
    panel_width: float,
    width: float,
    widest_text: float = 0.0,
    one_quantity: bool = False,
):
    """The phone grid's shape and where the panel of row r, column c goes.

    The columns are dealt out in groups of as many as fit side by side, each group below the
    one before, so a row stays a row and a column a column: what a caption calls the top row
    or the left column is still where it says, in each group. A grid whose panels hold a text
    or title (``widest_text`` inches wide) that a phone's panel could not hold goes one panel a row,
    in reading order (row by row) when every row shows the same quantity (``one_quantity``,
    one y axis shared by all rows), else column by column.
    """
    if panel_width < _SMALL_PANEL:  # small multiples keep about the width they were drawn at
        per_row = math.ceil(width / panel_width - 0.05)
    elif n_rows == 1:  # a row of larger panels becomes a column
        per_row = math.floor(width / panel_width + 0.05)
    else:  # a grid keeps two columns side by side, so that its rows read as rows
        per_row = math.floor(width / _GRID_PANEL)
        while per_row > 1 and widest_text + _PANEL_LABELS > width / per_row:
            per_row -= 1
    per_row = min(n_columns, max(1, per_row))
    if per_row == 1 and one_quantity:  # one panel a row, in reading order
        return (n_rows * n_columns, 1), lambda r, c: (r * n_columns + c, 0)
    groups = math.ceil(n_columns / per_row)
    return (n_rows * groups, per_row), lambda r, c: (r + n_rows * (c // per_row), c % per_row)


def _widest_text(by_cell: dict) -> float:
    """The width in inches of the widest text or title of a panel, 0 if none."""
    widths = [0.0]
    for axes in by_cell.values():
        for ax in axes:
            fig = ax.get_figure(root=True)
            renderer = fig.canvas.get_renderer()
            texts = [*ax.texts, ax.title, ax._left_title, ax._right_title]
            widths += [t.get_window_extent(renderer).width / fig.dpi for t in texts if t.get_text()]
    return max(widths)


def _one_quantity(by_cell: dict) -> bool:
    """Whether the first panels of all cells share one y axis (the same quantity throughout)."""
    panels = [axes[0] for axes in by_cell.values()]
    siblings = panels[0].get_shared_y_axes().get_siblings(panels[0])
    return all(ax in siblings for ax in panels)


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
    shape, move = _phone_grid(
        n_rows, n_columns, group_width / n_columns, width, _widest_text(by_cell),
        _one_quantity(by_cell),
    )  # fmt: skip
    old_height = group_height / n_rows
    height = min(old_height, _PANEL_ASPECT * width / shape[1] + _PANEL_LABELS)
    # layer k: the k-th axes drawn in each cell (0 the panel itself, 1 a twin, ...)
    layers: dict[int, dict[tuple[int, int], Axes]] = defaultdict(dict)
    for cell, axes in by_cell.items():
        for k, ax in enumerate(axes):
            layers[k][cell] = ax
    grid = group.add_gridspec(*shape)
    for (row, column), axes in by_cell.items():
        for ax in axes:
            ax.set_subplotspec(grid[move(row, column)])
    for layer in layers.values():
        _label_rows(layer, move)
    title = _TITLE_HEIGHT if getattr(group, "get_suptitle", lambda: "")() else 0.0
    return height * shape[0] + title


def _label_rows(layer: dict[tuple[int, int], Axes], move) -> None:
    """Label the y axis at the outer edge of every phone row, once per row of shared axes.

    The panel at the edge (the left one for a left axis, the right one for a twin's) takes the
    y label of its original row and shows the tick labels the original row showed; a panel
    that shares its y axis with its neighbour towards that edge shows neither.
    """
    moved = {move(*cell): (cell, ax) for cell, ax in layer.items()}
    shown = {
        side: any(_labels_shown(ax, "y")[index] for ax in layer.values())
        for index, side in enumerate(("left", "right"))
    }
    row_labels: dict[int, str] = {}
    for (row, _), ax in sorted(layer.items()):
        row_labels.setdefault(row, "")
        row_labels[row] = row_labels[row] or ax.get_ylabel()
    for (new_row, new_column), ((row, _), ax) in moved.items():
        if not ax.axison:
            continue
        side = ax.yaxis.get_label_position()
        step = -1 if side == "left" else 1
        neighbour = moved.get((new_row, new_column + step))
        if neighbour is not None and neighbour[1] in ax.get_shared_y_axes().get_siblings(ax):
            ax.set_ylabel("")
            ax.yaxis.set_tick_params(which="both", **{f"label{side}": False})
            continue
        if neighbour is None:  # at the edge of its phone row
            if not ax.get_ylabel():
                ax.set_ylabel(row_labels[row])
            if shown[side]:
                ax.yaxis.set_tick_params(which="both", **{f"label{side}": True})
                ax.yaxis.get_offset_text().set_visible(True)


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
