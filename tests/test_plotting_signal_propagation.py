import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit import theory
from weightinit.experiments import TrainableDepth, length_ratios, network_signals
from weightinit.plotting import (
    plot_length_ratios,
    plot_network_signals,
    plot_phase_diagram,
    plot_trainable_depth,
)
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def same_color(a, b):
    return mcolors.to_hex(a) == mcolors.to_hex(b)


def test_phase_diagram_draws_the_critical_line_and_the_points():
    w2, b2 = np.linspace(0.5, 3, 6), np.linspace(0, 0.5, 4)
    chi = theory.chi_1(theory.length_fixed_point(*np.meshgrid(w2, b2)), np.meshgrid(w2, b2)[0])
    edge = theory.critical_weight_variance(b2)
    ax = plot_phase_diagram(w2, b2, chi, (b2, edge), points={"a": (1.0, 0.0)})
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_xdata(), edge)
    assert len(ax.lines) == 2 and ax.get_legend() is not None
    with pytest.raises(ValueError, match="chi_1 must have shape"):
        plot_phase_diagram(w2, b2, chi.T, (b2, edge))


def test_network_signals_colour_by_phase():
    runs = {
        key: network_signals([w2], 0.05, width=20, depth=3, n_networks=2, rng=0)
        for key, w2 in (("ordered", 1.0), ("chaotic", 3.0))
    }
    fig = plot_network_signals(runs)
    left, right = fig.axes[:2]
    assert len(left.lines) == 4 and len(right.lines) == 4  # a line and points per run
    assert same_color(left.lines[0].get_color(), style_for("ordered").color)
    assert same_color(right.lines[2].get_color(), style_for("chaotic").color)
    np.testing.assert_allclose(left.lines[0].get_ydata(), runs["ordered"].predicted()[0][0])


def test_trainable_depth_draws_the_grid_and_the_xi_c_curves():
    result = TrainableDepth(
        np.array([1.0, 2.0, 3.0]),
        np.array([2, 4, 8]),
        0.05,
        np.full((3, 3), 0.5),
        np.array([2.0, 100.0, 4.0]),
        {},
    )
    ax = plot_trainable_depth(result, multiples=(1.0, 6.0))
    assert len(ax.lines) == 2
    # xi_c = 2 sits on the row of depth 2 (row 0); 100 is above the grid, left out
    y = ax.lines[0].get_ydata()
    assert y[0] == 0.0 and np.isnan(y[1]) and y[2] == pytest.approx(1.0)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2", "4", "8"]


def test_length_ratios_cumulative_share_per_run():
    runs = {
        "he": length_ratios([8] * 6, 500, rng=0),
        "residual-scaled": length_ratios([8] * 6, 500, residual=True, rng=1),
    }
    ax = plot_length_ratios(runs)
    he, _, threshold = ax.lines
    assert same_color(he.get_color(), style_for("he").color)
    assert he.get_ydata()[-1] == 1.0 and len(he.get_ydata()) == 500
    # the curve's height at log10(0.1) is the share of networks shrinking tenfold
    values = np.sort(runs["he"].log_ratios[:, -1] / np.log(10))
    below = np.searchsorted(values, -1.0, side="right")
    assert he.get_ydata()[below - 1] == pytest.approx(np.mean(values <= -1.0))
    assert threshold.get_xdata()[0] == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="runs"):
        plot_length_ratios({})
