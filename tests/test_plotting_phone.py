import base64
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.plotting.phone import PHONE_METADATA_KEY, PHONE_WIDTH, phone_layout


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def geometry(ax):
    spec = ax.get_subplotspec()
    return spec.get_geometry()[:2], (spec.rowspan.start, spec.colspan.start)


def tick_labels_shown(ax, axis):
    tick = getattr(ax, f"{axis}axis").get_major_ticks()[0]
    return tick.label1.get_visible()


def test_a_row_of_panels_becomes_a_column_with_every_panel_labelled():
    fig, axes = plt.subplots(1, 3, figsize=(6.8, 3.0), sharey=True, layout="constrained")
    for index, ax in enumerate(axes):
        ax.plot([0, 1], [index, index + 1], label=f"line {index}")
        ax.set_xlabel(f"x {index}")
    axes[0].set_ylabel("std")
    phone = phone_layout(fig)
    assert phone is not fig and phone.get_figwidth() == pytest.approx(PHONE_WIDTH)
    assert [geometry(ax) for ax in phone.axes] == [((3, 1), (i, 0)) for i in range(3)]
    assert [ax.get_ylabel() for ax in phone.axes] == ["std"] * 3
    assert [ax.get_xlabel() for ax in phone.axes] == ["x 0", "x 1", "x 2"]
    # sharey hid the inner panels' tick labels; stacked, each panel shows its own
    assert all(tick_labels_shown(ax, "y") for ax in phone.axes)
    # the same data, and the original untouched
    np.testing.assert_allclose(phone.axes[2].lines[0].get_ydata(), [2, 3])
    assert fig.get_figwidth() == pytest.approx(6.8)
    assert [geometry(ax)[0] for ax in fig.axes] == [(1, 3)] * 3
    assert [ax.get_ylabel() for ax in fig.axes] == ["std", "", ""]


def test_a_grid_deals_its_columns_out_in_pairs_keeping_rows_as_rows():
    fig, axes = plt.subplots(2, 3, figsize=(6.8, 4.8), sharex=True, sharey="row")
    for column, name in enumerate(("sigmoid", "tanh", "relu")):
        axes[0, column].set_title(name)
        axes[1, column].set_xlabel("layer")
    axes[0, 0].set_ylabel("forward")
    axes[1, 0].set_ylabel("backward")
    phone = phone_layout(fig)
    cells = {geometry(ax)[1]: ax for ax in phone.axes}
    assert {geometry(ax)[0] for ax in phone.axes} == {(4, 2)}
    # columns 0 and 1 side by side, column 2 below them: still forward above backward
    assert [cells[(0, c)].get_title() for c in range(2)] == ["sigmoid", "tanh"]
    assert cells[(2, 0)].get_title() == "relu" and (2, 1) not in cells
    assert [cells[(r, 0)].get_ylabel() for r in range(4)] == ["forward", "backward"] * 2
    assert all(tick_labels_shown(cells[(r, 0)], "y") for r in range(4))
    # the right-hand panels share their row's y axis with their left neighbour
    assert cells[(0, 1)].get_ylabel() == "" and not tick_labels_shown(cells[(0, 1)], "y")
    assert [cells[(r, 0)].get_xlabel() for r in (1, 3)] == ["layer", "layer"]


def test_twin_axes_move_with_their_panel_and_share_their_label():
    fig, axes = plt.subplots(1, 2, figsize=(6.8, 3.0), layout="constrained")
    twins = [ax.twinx() for ax in axes]
    twins[-1].set_ylabel("share")
    phone = phone_layout(fig)
    panels = [ax for ax in phone.axes if ax.yaxis.get_label_position() == "left"]
    right = [ax for ax in phone.axes if ax.yaxis.get_label_position() == "right"]
    assert [geometry(ax)[1] for ax in panels] == [geometry(ax)[1] for ax in right]
    assert [ax.get_ylabel() for ax in right] == ["share", "share"]


def test_a_legend_takes_as_many_columns_as_fit_the_phone_width():
    fig, axes = plt.subplots(1, 2, figsize=(6.8, 3.0), layout="constrained")
    for index in range(6):
        axes[0].plot([0, 1], [0, index], label=f"a long legend label {index}")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=6)
    phone = phone_layout(fig)
    renderer = phone.canvas.get_renderer()
    (legend,) = phone.legends
    assert legend.get_window_extent(renderer).width <= PHONE_WIDTH * phone.dpi
    assert [t.get_text() for t in legend.get_texts()] == labels  # every entry, in order
    # drawn, the legend stays inside the figure
    png = io.BytesIO()
    phone.savefig(png, format="png")
    box = legend.get_window_extent(phone.canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= phone.get_figwidth() * phone.dpi


def test_a_figure_that_fits_has_no_phone_layout_and_bad_input_is_refused():
    fig, _ = plt.subplots(figsize=(3.0, 2.0))
    assert phone_layout(fig) is None
    single, ax = plt.subplots(figsize=(4.7, 3.1), layout="constrained")
    ax.plot([0, 1])
    narrowed = phone_layout(single)
    assert narrowed.get_figwidth() == pytest.approx(PHONE_WIDTH)
    assert geometry(narrowed.axes[0]) == ((1, 1), (0, 0))
    with pytest.raises(TypeError, match="fig"):
        phone_layout("figure")
    with pytest.raises(ValueError, match="width"):
        phone_layout(fig, width=0)


def test_a_kernel_attaches_the_phone_layout_to_a_wide_figure_only():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from weightinit.plotting.phone import install_phone_variants\n"
            "print(install_phone_variants(), install_phone_variants())"
        ),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, axes = plt.subplots(1, 2, figsize=(6.8, 3.0), dpi=100, layout='constrained')"
        ),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots(figsize=(3.0, 2.0))"),
    ]
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    assert notebook.cells[0].outputs[0]["text"].strip() == "True True"
    (wide,) = [o for o in notebook.cells[1].outputs if o["output_type"] == "display_data"]
    (narrow,) = [o for o in notebook.cells[2].outputs if o["output_type"] == "display_data"]
    assert PHONE_METADATA_KEY not in narrow.get("metadata", {}).get("image/png", {})
    phone = base64.b64decode(wide["metadata"]["image/png"][PHONE_METADATA_KEY])
    assert phone[:8] == b"\x89PNG\r\n\x1a\n"
    # the inline backend crops to the drawn content with margins of 0.1 inch, here at 100 dpi
    width = int.from_bytes(phone[16:20], "big")
    assert 0.8 * PHONE_WIDTH * 100 <= width <= (PHONE_WIDTH + 0.2) * 100
    assert notebook.cells[1].outputs == [wide]  # shown once, not once per layout


def test_rows_of_small_multiples_in_subfigures_stay_side_by_side():
    fig = plt.figure(figsize=(6.8, 4.4), layout="constrained")
    for row in fig.subfigures(2, 1):
        axes = row.subplots(1, 5, sharey=True)
        for number, ax in enumerate(axes, start=1):
            ax.set_title(f"layer {number}")
            ax.set_xlabel("activation")
        axes[0].set_ylabel("fraction")
        row.suptitle("scheme")
    phone = phone_layout(fig)
    for row in phone.subfigs:
        # 1.36-inch panels: three to a row of the phone figure, as wide as drawn
        assert {geometry(ax)[0] for ax in row.axes} == {(2, 3)}
        first = [ax for ax in row.axes if geometry(ax)[1][1] == 0]
        others = [ax for ax in row.axes if geometry(ax)[1][1] > 0]
        # the shared y axis is named once per phone row, at its left
        assert [ax.get_ylabel() for ax in first] == ["fraction", "fraction"]
        assert all(ax.get_ylabel() == "" and not tick_labels_shown(ax, "y") for ax in others)
    assert phone.get_figwidth() == pytest.approx(PHONE_WIDTH)
    assert phone.get_figheight() > fig.get_figheight()
