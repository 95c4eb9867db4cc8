import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.diagnostics import diagnose_network, track_training
from weightinit.network import MLP, SGD
from weightinit.plotting import (
    plot_colourful_dimension,
    plot_layer_checks,
    plot_output_histograms,
    plot_update_ratios,
)
from weightinit.plotting.diagnostics import RULE_OF_THUMB
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


X = np.random.default_rng(0).random((60, 8))
T = np.arange(60) % 3


def checks(init, activation="sigmoid"):
    return diagnose_network(MLP((8, 6, 6, 3), activation, init, rng=0), X, T, lr=0.1)


def test_layer_checks_draw_each_quantity_per_layer_in_the_scheme_colour():
    d = checks("std=1")
    fig = plot_layer_checks({"std=1": d, "xavier-book": checks("xavier-book")})
    std, share, grad, update = fig.axes
    np.testing.assert_allclose(std.lines[0].get_ydata(), d.std)
    np.testing.assert_allclose(share.lines[0].get_ydata(), 100 * d.saturated[:-1])
    np.testing.assert_allclose(grad.lines[0].get_ydata(), d.gradient_std)
    np.testing.assert_allclose(update.lines[0].get_ydata(), d.update_ratio)
    assert std.lines[1].get_color() == style_for("xavier-book").color
    assert update.lines[-1].get_ydata()[0] == RULE_OF_THUMB  # the reference line
    assert share.get_ylabel() == "saturated units (%)"
    relu = plot_layer_checks({"he": checks("he", "relu")})
    assert relu.axes[1].get_ylabel() == "dead units (%)"


def test_output_histograms_show_fractions_over_the_activation_range():
    fig = plot_output_histograms(
        {"std=1": checks("std=1"), "xavier-book": checks("xavier-book")}, bins=10
    )
    assert len(fig.axes) == 2 and len(fig.axes[0].patches) == 2
    heights = fig.axes[0].patches[0].get_path().vertices[:, 1]
    assert heights.max() <= 1.0 and fig.axes[0].get_xlim() == (0.0, 1.0)
    with pytest.raises(ValueError, match="same number of layers"):
        deeper = diagnose_network(MLP((8, 6, 6, 6, 3), "sigmoid", "he", rng=0), X, T)
        plot_output_histograms({"he": deeper, "xavier-book": checks("xavier-book")})
    with pytest.raises(TypeError, match=r"results\['he'\] must be a Diagnostics"):
        plot_output_histograms({"he": 1.0})


def test_colourful_dimension_one_image_per_network_and_layer_spanning_the_steps():
    net = MLP((8, 6, 6, 3), "tanh", "xavier-book", rng=0)
    trace = track_training(net, X, T, SGD(0.1), steps=7, batch_size=12, bins=9, rng=0)
    fig = plot_colourful_dimension({"xavier-book": trace, "he": trace})
    assert len(fig.axes) == 4
    image = fig.axes[0].images[0]
    assert image.get_array().shape == (9, 7)  # bins x steps
    assert image.get_extent() == [0, 7, -1.0, 1.0]
    ax = plot_update_ratios({"xavier-book": trace})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), trace.update_ratio.mean(axis=1))
    with pytest.raises(ValueError, match="axes must hold 4 Axes"):
        plot_colourful_dimension({"xavier-book": trace, "he": trace}, axes=[ax])


def test_layer_checks_on_a_phone_one_panel_a_row_with_the_rule_of_thumb_label_inside():
    from weightinit.plotting.phone import phone_layout

    fig = plot_layer_checks({"std=1": checks("std=1"), "xavier-book": checks("xavier-book")})
    phone = phone_layout(fig)
    # side by side, the right-hand panels' y labels ran into the left-hand panels' ticks
    assert {ax.get_subplotspec().get_geometry()[:2] for ax in phone.axes} == {(4, 1)}
    update = phone.axes[3]
    renderer = phone.canvas.get_renderer()
    phone.draw(renderer)
    label, box = update.texts[0].get_window_extent(renderer), update.get_window_extent(renderer)
    assert box.y0 <= label.y0 and label.y1 <= box.y1 + 1, "the label sticks out of its panel"
    assert update.texts[0].get_zorder() > max(line.get_zorder() for line in update.lines)
