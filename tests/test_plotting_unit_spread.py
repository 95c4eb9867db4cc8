import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments.symmetry.permutation import TieHistory
from weightinit.plotting import plot_unit_spread
from weightinit.plotting._common import SINGLE_WIDTH
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_unit_spread_draws_each_history():
    z = np.zeros(4)
    tied = TieHistory(z, z, z, np.ones((2, 3)), z[:3], np.ones((3, 2)))
    apart = TieHistory(z, np.arange(4.0), z, np.ones((2, 3)), z[:3], np.ones((3, 2)))
    ax = plot_unit_spread({"equal": tied, "dropout": apart})
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), z)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), np.arange(4.0))
    assert ax.lines[0].get_color() != ax.lines[1].get_color()


def test_unit_spread_keys_by_the_style_map_with_the_legend_above_the_axes():
    z = np.zeros(4)
    tied = TieHistory(z, z, z, np.ones((2, 3)), z[:3], np.ones((3, 2)))
    ax = plot_unit_spread({"all weights 0.05": tied, "xavier-book": tied})
    fig = ax.figure
    assert fig.get_size_inches()[0] == SINGLE_WIDTH
    assert ax.lines[1].get_color() == style_for("xavier-book").color
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    assert not box.overlaps(ax.bbox) and box.y1 <= fig.bbox.y1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "all weights 0.05",
        style_for("xavier-book").label,
    ]
