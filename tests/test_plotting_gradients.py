import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments.training.gradients import LayerSignals
from weightinit.plotting import plot_layer_histograms, plot_layer_spread
from weightinit.plotting._common import SINGLE_WIDTH, WIDE_WIDTH
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def signals(scale):
    rng = np.random.default_rng(0)
    layers = [np.tanh(rng.standard_normal((200, 10)) * scale / k) for k in (1, 2, 4)]
    deltas = [rng.standard_normal((200, 10)) * scale * k for k in (1, 2, 4)]
    return LayerSignals(layers, deltas, [d[:5] for d in deltas], 2.3)


def test_histograms_one_panel_per_scheme_one_step_histogram_per_layer():
    fig = plot_layer_histograms({"pytorch": signals(1), "glorot": signals(2)}, "gradients")
    assert len(fig.axes) == 2 and len(fig.axes[0].patches) == 3
    reach = max(np.quantile(np.abs(g), 0.99) for g in signals(2).gradients)  # 99 % of each
    assert fig.axes[1].get_xlim() == pytest.approx((-reach, reach))
    assert [t.get_text() for t in fig.axes[0].texts] == [style_for("pytorch").label]
    assert fig.axes[-1].get_xlabel() == "back-propagated gradient ∂L/∂z"
    assert fig.axes[0].get_yscale() == "linear"
    fig = plot_layer_histograms({"glorot": signals(1)}, "gradients", yscale="log")
    assert fig.axes[0].get_yscale() == "log"
    fig = plot_layer_histograms({"glorot": signals(1)}, "activations")
    assert fig.axes[0].get_xlim() == pytest.approx((-1, 1))  # tanh's range
    with pytest.raises(ValueError, match="yscale"):
        plot_layer_histograms({"glorot": signals(1)}, yscale="symlog")
    with pytest.raises(ValueError, match="quantity"):
        plot_layer_histograms({"glorot": signals(1)}, "weights")


def test_spread_lines_per_stage_and_scheme():
    stages = {"at start": {"glorot": signals(1)}, "trained": {"glorot": signals(2)}}
    ax = plot_layer_spread(stages, "gradients")
    assert [line.get_linestyle() for line in ax.lines] == ["-", "--"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), signals(1).spread("gradients"))
    assert ax.lines[0].get_color() == style_for("glorot").color
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "hidden layer"


def test_figures_are_drawn_at_the_sites_widths_with_legends_off_the_data():
    histograms = plot_layer_histograms({"pytorch": signals(1), "glorot": signals(2)})
    spread = plot_layer_spread({"start": {"glorot": signals(1)}}, "weight_gradients").figure
    assert histograms.get_size_inches()[0] == WIDE_WIDTH
    assert spread.get_size_inches()[0] == SINGLE_WIDTH
    for fig in (histograms, spread):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
        assert len(legends) == 1
        box = legends[0].get_window_extent(renderer)
        assert not any(box.overlaps(ax.bbox) for ax in fig.axes)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y0 >= 0
    labels = [t.get_text() for t in histograms.legends[0].get_texts()]
    assert labels == ["layer 1", "layer 2", "layer 3"]


def test_spread_legend_tells_stages_apart_by_line_style():
    stages = {"at start": {"glorot": signals(1)}, "trained": {"glorot": signals(2)}}
    legend = plot_layer_spread(stages, "gradients").get_legend()
    keys = dict(zip([t.get_text() for t in legend.get_texts()], legend.legend_handles, strict=True))
    # one key per scheme (colour and marker) and one per stage (line style, no marker)
    assert list(keys) == [style_for("glorot").label, "at start", "trained"]
    start, trained = keys["at start"], keys["trained"]
    assert (start.get_linestyle(), trained.get_linestyle()) == ("-", "--")
    assert start.get_marker() in ("None", "", None) and trained.get_marker() in ("None", "", None)
    # the handle is long enough to show at least two dashes and their gaps
    _, (on, off) = trained._dash_pattern
    assert legend.handlelength * legend._fontsize >= 2 * (on + off)
