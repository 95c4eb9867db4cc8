"""Tests of weightinit.plotting.default_signal."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.plotting import plot_signal_by_depth
from weightinit.style import style_for


def test_lines_and_dots_in_the_style_map():
    fig, ax = plt.subplots()
    predicted = {"pytorch": np.array([1.0, 0.2]), "he": np.array([2.0, 2.0])}
    measured = {"pytorch": np.array([0.9, 0.21])}
    assert plot_signal_by_depth(predicted, measured, ax=ax) is ax
    assert len(ax.lines) == 3  # two lines, one set of dots
    line, dots, he = ax.lines
    np.testing.assert_array_equal(line.get_xdata(), [1, 2])
    np.testing.assert_array_equal(dots.get_ydata(), [0.9, 0.21])
    assert line.get_linewidth() == 2.0
    assert line.get_label() == style_for("pytorch").label
    assert line.get_color() == dots.get_color() == style_for("pytorch").color
    assert he.get_color() == style_for("he").color
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "layer"
    plt.close(fig)


def test_unknown_keys_fall_back_to_the_colour_cycle():
    ax = plot_signal_by_depth({"mine": [1.0, 2.0], "yours": [1.0, 3.0]})
    assert [line.get_label() for line in ax.lines] == ["mine", "yours"]
    assert [line.get_color() for line in ax.lines] == ["C0", "C1"]
    plt.close(ax.figure)


def test_empty_or_non_mapping_raises():
    with pytest.raises(ValueError, match=r"^predicted must be a mapping with at least one"):
        plot_signal_by_depth({})
    with pytest.raises(
        TypeError, match=r"^predicted must be a mapping, got \[1.0, 2.0\] of type list"
    ):
        plot_signal_by_depth([1.0, 2.0])
