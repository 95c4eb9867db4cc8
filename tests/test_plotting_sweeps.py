import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments.training.depth import DepthSweep
from weightinit.experiments.training.learning_rate import LearningRateSweep
from weightinit.plotting import overflow_message, plot_depth_sweep, plot_learning_rate_sweep
from weightinit.plotting._common import WIDE_WIDTH
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def sweep():
    falling = np.tile(np.linspace(2.3, 0.3, 60), (3, 1))
    flat = np.full((3, 60), np.log(10))
    exploded = np.full((3, 60), np.nan)
    exploded[:, 0] = 400.0
    losses = {d: {"he": falling, "xavier-book": flat, "he-slide": exploded} for d in (5, 30)}
    steps = {d: {"he": np.full(3, -1), "xavier-book": np.full(3, -1),
                 "he-slide": np.array([1, 2, 1])} for d in (5, 30)}  # fmt: skip
    return DepthSweep((5, 30), (0, 1, 2), losses, steps, 10)


def test_depth_panels_use_the_style_map_and_name_the_overflow():
    fig = plot_depth_sweep(sweep())
    assert len(fig.axes) == 2
    ax = fig.axes[0]
    colours = {line.get_label(): line.get_color() for line in ax.lines if line.get_label()}
    assert colours["He"] == style_for("he").color
    assert colours["Xavier (book)"] == style_for("xavier-book").color
    assert colours["slide's 2/√n"] == style_for("he-slide").color
    texts = [t.get_text() for t in ax.texts]
    assert "5 hidden layers" in texts
    assert any("overflow at steps 1–2 (3 of 3 runs)" in t for t in texts)
    assert all(line.get_linewidth() == 2 for line in ax.lines if line.get_label() == "He")
    assert ax.get_ylim() == pytest.approx((0, 1.25 * np.log(10)))
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "training loss"


def test_overflow_message_is_empty_without_overflow():
    assert overflow_message(sweep(), 5, "he") == ""
    assert overflow_message(sweep(), 30, "he-slide").startswith("slide's 2/√n: overflow")


def test_depth_sweep_checks_its_arguments():
    with pytest.raises(TypeError, match="DepthSweep"):
        plot_depth_sweep({"he": 1})
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="one Axes per depth"):
        plot_depth_sweep(sweep(), axes=[ax])


def test_learning_rate_panels():
    lr = LearningRateSweep(
        (0.01, 0.04), {"xavier-book": np.array([[2.0, 1.8], [0.2, np.inf]])}, "he", 0.01,
        np.array([0.5, 0.6]), 10,
    )  # fmt: skip
    fig = plot_learning_rate_sweep({"4 hidden layers": lr, "30 hidden layers": lr})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    median = next(line for line in ax.lines if line.get_label() == "Xavier (book)")
    top = 1.2 * np.log(10)  # an overflow is drawn at the top, not as inf
    np.testing.assert_allclose(median.get_ydata(), [1.9, np.median([0.2, top])])
    assert median.get_color() == style_for("xavier-book").color
    reference = next(line for line in ax.lines if line.get_label() == "He at rate 0.01")
    np.testing.assert_allclose(reference.get_ydata(), [0.55, 0.55])


def legend_boxes_clear_of_the_axes(fig):
    """Every legend of the figure, drawn, lies off every panel and inside the figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    assert legends
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert not any(box.overlaps(ax.bbox) for ax in fig.axes)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y0 >= 0
    return legends


def test_figures_are_drawn_at_the_sites_wide_width_with_one_legend_off_the_panels():
    lr = LearningRateSweep(
        (0.01, 0.04), {"xavier-book": np.array([[2.0], [0.2]]), "he": np.array([[0.5], [0.4]])},
        "he", 0.01, np.array([0.5]), 10,
    )  # fmt: skip
    only_xavier = LearningRateSweep(
        (0.01, 0.04), {"xavier-book": np.array([[2.3], [2.3]])}, "he", 0.01, np.array([0.5]), 10
    )
    rates = plot_learning_rate_sweep({"4 hidden layers": lr, "30 hidden layers": only_xavier})
    depths = plot_depth_sweep(sweep())
    for fig in (rates, depths):
        assert fig.get_size_inches()[0] == WIDE_WIDTH
        assert len(legend_boxes_clear_of_the_axes(fig)) == 1
    # each entry once, though both panels draw Xavier and the reference
    labels = [t.get_text() for t in rates.legends[0].get_texts()]
    assert labels == ["Xavier (book)", "He", "He at rate 0.01"]
    assert all(ax.get_legend() is None for ax in rates.axes)


def test_chance_line_is_drawn_in_front_of_a_flat_loss_along_it():
    ax = plot_depth_sweep(sweep()).axes[
        0
    ]  # "xavier-book" never learns: its loss is the chance line
    chance = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(chance) == 1
    flat = [line for line in ax.lines if line is not chance[0] and line.get_linestyle() != ":"]
    assert flat and all(chance[0].get_zorder() > line.get_zorder() for line in flat)
    assert all(chance[0].get_color() != line.get_color() for line in flat)
