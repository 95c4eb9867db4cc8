import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.plotting import plot_batchnorm_comparison, plot_layer_variances
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def same_color(a, b):
    return mcolors.to_hex(a) == mcolors.to_hex(b)


def test_layer_variances():
    ax = plot_layer_variances({"he": [1.0, 0.5], "lsuv": [1.0, 1.0], "custom": [2.0, 3.0]})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["He", "LSUV", "custom"]
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [1, 2])
    assert same_color(ax.lines[1].get_color(), style_for("lsuv").color)
    with pytest.raises(ValueError, match="variances"):
        plot_layer_variances({})


def test_batchnorm_comparison_draws_one_band_panel_per_variant():
    runs = {
        "std=0.01": np.full((2, 60), 2.3),
        "he": np.array([np.linspace(2.3, 0.2, 60), np.linspace(2.3, 0.4, 60)]),
    }
    fig = plot_batchnorm_comparison({"without batch norm": runs, "with batch norm": runs})
    left, right = fig.axes
    assert (left.get_title(), right.get_title()) == ("without batch norm", "with batch norm")
    assert len(left.lines) == 2 and len(right.lines) == 2
    assert left.get_legend() is None and right.get_legend() is None
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["std 0.01", "He"]
    assert right.get_ylabel() == "" and left.get_ylabel() == "training loss"
    with pytest.raises(ValueError, match="one Axes per panel"):
        plot_batchnorm_comparison({"a": runs}, axes=[left, right])
