import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from weightinit import plotting
from weightinit.experiments import bump_data, forward_stack, train_symmetric
from weightinit.style import style_for


@pytest.fixture(scope="module")
def inputs():
    return np.random.default_rng(0).standard_normal((200, 20))


@pytest.mark.parametrize(
    ("activation", "expected_range"), [("sigmoid", (0.0, 1.0)), ("tanh", (-1.0, 1.0))]
)
def test_activation_histograms_use_the_activation_range(inputs, activation, expected_range):
    fwd = forward_stack(inputs, n_layers=4, width=20, init="std=1", activation=activation, rng=1)
    fig = plotting.plot_activation_histograms(fwd, bins=30)
    assert len(fig.axes) == 4
    for number, ax in enumerate(fig.axes, start=1):
        assert ax.get_xlim() == pytest.approx(expected_range)
        (bars,) = ax.patches
        counts, edges = bars.get_data()[:2]
        assert len(counts) == 30 and edges[0] == expected_range[0]
        # fractions of the layer's activations; every value is in range, so they sum to 1
        assert counts.sum() == pytest.approx(1.0)
        values = fwd.activations[number - 1]
        expected = np.histogram(values, bins=30, range=expected_range)[0] / values.size
        np.testing.assert_allclose(counts, expected)
        assert ax.get_title() == f"layer {number}"
        assert bars.get_facecolor()[:3] == pytest.approx(to_rgb(style_for("std=1").color))
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        assert not any("-" in tick for tick in ticks)  # real minus signs
    assert fig.axes[0].get_ylabel() == "fraction"


def test_activation_histograms_relu_range_reaches_the_largest_value(inputs):
    fwd = forward_stack(inputs, n_layers=2, width=20, init="he", activation="relu", rng=1)
    fig = plotting.plot_activation_histograms(fwd, bins=10)
    low, high = fig.axes[0].get_xlim()
    assert low == 0.0
    assert high == pytest.approx(max(float(a.max()) for a in fwd.activations))


def test_activation_histograms_into_given_axes_and_validation(inputs):
    fwd = forward_stack(inputs, n_layers=2, width=20, rng=1)
    fig, axes = plt.subplots(1, 2)
    assert plotting.plot_activation_histograms(fwd, axes=axes, value_range=(0.2, 0.8)) is fig
    assert axes[1].get_xlim() == pytest.approx((0.2, 0.8))
    with pytest.raises(ValueError, match="bins"):
        plotting.plot_activation_histograms(fwd, bins=0)
    with pytest.raises(ValueError, match="one Axes per layer"):
        plotting.plot_activation_histograms(fwd, axes=axes[:1])


def test_layer_statistics_lines():
    values = {"a": [1.0, 0.1, 0.01], "b": np.array([2.0, 2.0, 2.0])}
    ax = plotting.plot_layer_statistics(values, ylabel="gradient std")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert [line.get_color() for line in lines] == ["C0", "C1"]  # no style: the colour cycle
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[0].get_ydata(), [1.0, 0.1, 0.01])
    assert lines[0].get_linewidth() == 2.0
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "gradient std"
    assert plotting.plot_layer_statistics(values, yscale="linear").get_yscale() == "linear"
    # less than a decade: a linear axis from 0
    narrow = plotting.plot_layer_statistics({"he": [1.0, 0.9, 0.5]})
    assert narrow.get_yscale() == "linear" and narrow.get_ylim()[0] == 0
    with pytest.raises(ValueError, match="yscale"):
        plotting.plot_layer_statistics(values, yscale="symlog")
    with pytest.raises(ValueError, match="values"):
        plotting.plot_layer_statistics({})


def test_activation_function_curves():
    ax = plotting.plot_activation_function("sigmoid", z_range=(-4.0, 4.0))
    function, derivative = ax.get_lines()
    z = function.get_xdata()
    assert z[0] == -4.0 and z[-1] == 4.0
    np.testing.assert_allclose(function.get_ydata(), 1 / (1 + np.exp(-z)))
    assert float(np.max(derivative.get_ydata())) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="activation"):
        plotting.plot_activation_function("softplus")


def test_network_diagram_labels_every_parameter():
    ax = plotting.draw_network_diagram()
    texts = {t.get_text() for t in ax.texts}
    expected = {"$a_1$", "$a_2$", "$a_3$", "$a_4$", "$+b_1$", "$+b_2$", "$+b_3$"}
    assert expected | {"$x$", "$w_1$", "$w_2$", "$y$"} <= texts
    assert len(ax.patches) == 4  # four units


def test_symmetry_history_panels_and_overlap():
    x, t = bump_data()
    histories = {
        "zeros": train_symmetric(np.zeros(7), x, t, steps=20),
        "random": train_symmetric(np.random.default_rng(0).standard_normal(7), x, t, steps=20),
    }
    fig = plotting.plot_symmetry_history(histories)
    assert len(fig.axes) == 2
    lines = fig.axes[0].get_lines()
    assert len(lines) == 6
    # a1 (solid) and a2 (dashed) coincide for the symmetric start, not for the random one
    np.testing.assert_array_equal(lines[0].get_ydata(), lines[1].get_ydata())
    # ... so the second twin carries markers that stay visible on top of the first
    assert lines[0].get_marker() in ("", "None") and lines[1].get_marker() == "o"
    assert [ax.get_title() for ax in fig.axes] == ["zeros", "random"]
    assert not np.array_equal(
        fig.axes[1].get_lines()[0].get_ydata(), fig.axes[1].get_lines()[1].get_ydata()
    )
    with pytest.raises(ValueError, match="histories"):
        plotting.plot_symmetry_history({})


def test_network_outputs():
    ax = plotting.plot_network_outputs([0.0, 1.0, 2.0], [0, 1, 0], {"fit": [0.1, 0.8, 0.2]})
    targets, fit = ax.get_lines()
    np.testing.assert_array_equal(fit.get_ydata(), [0.1, 0.8, 0.2])
    assert targets.get_label() == "target t"
    outputs = {"first": [0.1, 0.8, 0.2], "same": [0.1, 0.8, 0.2]}
    _, first, same = plotting.plot_network_outputs([0.0, 1.0, 2.0], [0, 1, 0], outputs).lines
    assert first.get_linestyle() != same.get_linestyle()  # a coinciding curve still shows
    with pytest.raises(ValueError, match="outputs"):
        plotting.plot_network_outputs([0.0], [0.0], {})


def test_activation_grid_rows_share_a_y_axis_that_fits_every_panel(inputs):
    runs = {
        "std=0.01": forward_stack(inputs, n_layers=3, width=20, init="std=0.01", rng=1),
        "xavier-book": forward_stack(inputs, n_layers=3, width=20, init="xavier-book", rng=1),
    }
    fig = plotting.plot_activation_grid(runs)
    for row in fig.subfigs:
        tallest = max(float(ax.patches[0].get_data()[0].max()) for ax in row.axes)
        for ax in row.axes:
            low, high = ax.get_ylim()
            assert low == 0 and high >= tallest  # no bar is cut off at the top
