import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from weightinit import plotting
from weightinit.experiments import depth_profiles
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def profiles():
    return depth_profiles(["std=0.01", "he"], ["sigmoid", "relu"], n_layers=4, rng=0)


def test_depth_summary_draws_a_line_per_scheme_in_its_style(profiles):
    fig = plotting.plot_depth_summary(profiles)
    axes = np.array(fig.axes).reshape(2, 2)
    assert [ax.get_title() for ax in axes[0]] == ["sigmoid", "ReLU"]
    assert [axes[0, 0].get_ylabel(), axes[1, 0].get_ylabel()] == [
        "std of activations",
        "std of gradients",
    ]
    assert all(ax.get_xlabel() == "layer" for ax in axes[1])
    np.testing.assert_array_equal(axes[1, 0].get_xticks(), [1, 2, 3, 4])
    for row, direction in enumerate(("forward", "backward")):
        for column, activation in enumerate(profiles.activations):
            ax = axes[row, column]
            assert ax.get_yscale() == "log"
            lines = ax.get_lines()
            assert [line.get_label() for line in lines] == ["std 0.01", "He"]
            for line, init in zip(lines, profiles.inits, strict=True):
                assert to_hex(line.get_color()) == style_for(init).color.lower()
                assert line.get_linewidth() == 2
                np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
                np.testing.assert_array_equal(
                    line.get_ydata(), profiles.get(init, activation, direction)
                )
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["std 0.01", "He"]


def test_depth_summary_ticks_first_last_and_two_layers_between():
    deep = depth_profiles(["he"], ["relu"], n_layers=10, n_samples=20, rng=0)
    fig = plotting.plot_depth_summary(deep)
    np.testing.assert_array_equal(fig.axes[1].get_xticks(), [1, 4, 7, 10])


def test_depth_summary_draws_into_given_axes_and_checks_them(profiles):
    fig, axes = plt.subplots(2, 2)
    assert plotting.plot_depth_summary(profiles, axes=axes) is fig
    with pytest.raises(ValueError, match=r"axes must have shape \(2, 2\)"):
        plotting.plot_depth_summary(profiles, axes=axes[0])
    with pytest.raises(TypeError, match="profiles must be a DepthProfiles"):
        plotting.plot_depth_summary({"he": [1, 2]})


def test_preactivation_spread_shows_each_scale_over_its_own_range():
    rng = np.random.default_rng(0)
    z = {"std=0.01": 0.1 * rng.standard_normal(2000), "std=1": 10 * rng.standard_normal(2000)}
    fig = plotting.plot_preactivation_spread(z, bins=20)
    curves, bars = fig.axes[:2], fig.axes[2:]
    for ax, (key, values) in zip(curves, z.items(), strict=True):
        low, high = ax.get_xlim()
        assert high == pytest.approx(4 * values.std()) and low == pytest.approx(-high)
        (line,) = ax.get_lines()
        assert to_hex(line.get_color()) == style_for("sigmoid").color.lower()
        assert line.get_linewidth() == 2
        assert ax.get_xlabel() == f"pre-activation z ({style_for(key).label})"
        low, high = ax.get_ylim()  # the sigmoid's whole output range, with a margin
        assert low < 0 < 1 < high and high - low < 1.1
        # the curve is the sigmoid, to a few ulps of 1 (the axis is linear; the formula
        # (1 + tanh(x/2)) / 2 is exact in absolute, not relative, terms in the left tail)
        x, y = line.get_xdata(), line.get_ydata()
        np.testing.assert_allclose(y, 1 / (1 + np.exp(-x)), atol=4 * np.finfo(float).eps)
    for ax, key in zip(bars, z, strict=True):
        heights = [patch.get_height() for patch in ax.patches]
        assert len(heights) == 20
        assert sum(heights) == pytest.approx(1.0, abs=1e-3)  # shares; +-4 std holds ~all
        assert to_hex(ax.patches[0].get_facecolor()[:3]) == style_for(key).color.lower()
    assert curves[0].get_ylabel() == "sigmoid(z)" and curves[1].get_ylabel() == ""
    assert [ax.get_ylabel() for ax in bars] == ["", "share of z per bin"]


def test_preactivation_spread_checks_its_arguments():
    with pytest.raises(ValueError, match="pre_activations must be a mapping"):
        plotting.plot_preactivation_spread({})
    with pytest.raises(TypeError, match=r"^pre_activations must be a mapping, got .* type list$"):
        plotting.plot_preactivation_spread([np.zeros(10)])
    with pytest.raises(ValueError, match="must hold finite values with a spread"):
        plotting.plot_preactivation_spread({"std=1": np.zeros(10)})
    with pytest.raises(ValueError, match="bins must be a positive int"):
        plotting.plot_preactivation_spread({"std=1": np.arange(10.0)}, bins=0)
    with pytest.raises(TypeError, match=r"^bins must be an int"):
        plotting.plot_preactivation_spread({"std=1": np.arange(10.0)}, bins=20.0)
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match="axes must hold 1 Axes"):
        plotting.plot_preactivation_spread({"std=1": np.arange(10.0)}, axes=axes)
