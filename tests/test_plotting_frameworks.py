"""Tests of weightinit.plotting_frameworks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.plotting_frameworks import plot_signal_by_depth, style_of


def test_lines_and_dots_with_style():
    fig, ax = plt.subplots()
    predicted = {"pytorch": np.array([1.0, 0.2]), "he": np.array([2.0, 2.0])}
    measured = {"pytorch": np.array([0.9, 0.21])}
    assert plot_signal_by_depth(predicted, measured, ax=ax) is ax
    assert len(ax.lines) == 3  # two lines, one set of dots
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), [1, 2])
    assert line.get_linewidth() == 2.0
    assert line.get_label() == style_of("pytorch", 0)[1]
    assert ax.lines[1].get_color() == line.get_color()
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "layer"
    plt.close(fig)


def test_fallback_style_without_the_style_map(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weightinit.style", None)  # import fails
    assert style_of("keras", 3) == ("C3", "Keras", "-")
    assert style_of("unknown", 0) == ("C0", "unknown", "-")


def test_empty_mapping_raises():
    with pytest.raises(TypeError, match=r"^predicted must be a non-empty mapping"):
        plot_signal_by_depth({})
