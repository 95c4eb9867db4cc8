"""Every plotting helper draws a scheme or an activation in its colour of the style map, and
in no other colour, with text no smaller than the pages' matplotlibrc allows."""

import itertools
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from weightinit import plotting
from weightinit.experiments import (
    activation_moments,
    bump_data,
    forward_stack,
    measure_moments,
    predict_moments,
    train_symmetric,
)
from weightinit.style import ACTIVATION_STYLES, SCHEME_STYLES, style_for

MATPLOTLIBRC = Path(__file__).resolve().parents[1] / "weightinit" / "matplotlibrc"
SCHEMES = ["std=0.01", "std=1", "xavier-book", "glorot", "he", "he-slide", "zeros"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def inputs():
    return np.random.default_rng(0).standard_normal((100, 10))


def _grey(rgb) -> bool:
    r, g, b = rgb
    return max(r, g, b) - min(r, g, b) < 0.02  # black, white and the greys of keys


def data_colours(figure, expected: str) -> set[tuple[float, float, float]]:
    """The colours of everything drawn in the figure's axes.

    Greys (the keys of legends, reference lines, targets) are left out, unless ``expected``,
    the colour the test looks for, is itself grey.
    """
    colours = set()
    for ax in figure.axes:
        for line in ax.get_lines():
            colours.add(to_rgb(line.get_color()))
        for patch in ax.patches:
            if patch.get_fill():
                colours.add(to_rgb(patch.get_facecolor()))
            else:
                colours.add(to_rgb(patch.get_edgecolor()))
        for collection in ax.collections:
            colours.update(to_rgb(c) for c in collection.get_facecolor())
    return {c for c in colours if not _grey(c) or c == to_rgb(expected)}


def legend_labels(figure) -> set[str]:
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes)]
    return {t.get_text() for legend in legends if legend for t in legend.get_texts()}


def scheme_figures(key, inputs):
    """One figure per helper that draws series keyed by scheme, each with the one ``key``."""
    weights = np.random.default_rng(1).standard_normal((50, 20)) * 0.1
    forward = forward_stack(inputs, n_layers=2, width=10, init=key, rng=1)
    moments = measure_moments(3, 10, init=key, activation="relu", n_seeds=3, rng=0)
    predicted = predict_moments(3, 10, init=key, activation="relu")
    losses = np.linspace(2.3, 0.5, 60)
    yield "plot_weight_histograms", plotting.plot_weight_histograms({key: weights}).figure
    yield "plot_activation_histograms", plotting.plot_activation_histograms(forward)
    yield "plot_activation_grid", plotting.plot_activation_grid({key: forward})
    yield "plot_layer_statistics", plotting.plot_layer_statistics({key: [1.0, 0.5]}).figure
    yield (
        "plot_layer_moments",
        plotting.plot_layer_moments({key: moments}, predicted={key: predicted}).figure,
    )
    yield "plot_forward_backward", plotting.plot_forward_backward({key: moments}, {key: predicted})
    yield "plot_loss_curves", plotting.plot_loss_curves({key: losses}).figure
    yield "plot_loss_bands", plotting.plot_loss_bands({key: np.stack([losses, losses])}).figure
    x, t = bump_data()
    yield "plot_network_outputs", plotting.plot_network_outputs(x, t, {key: t}).figure


@pytest.mark.parametrize("key", SCHEMES)
def test_a_scheme_has_its_colour_and_label_in_every_helper(key, inputs):
    style = style_for(key)
    for name, figure in scheme_figures(key, inputs):
        assert data_colours(figure, style.color) == {to_rgb(style.color)}, name
        if name not in ("plot_activation_histograms", "plot_activation_grid"):
            assert style.label in legend_labels(figure), name
    # a histogram grid names its rows by the same label
    grid = plotting.plot_activation_grid({key: forward_stack(inputs, 2, 10, init=key, rng=1)})
    assert [row.get_suptitle() for row in grid.subfigs] == [style.label]


@pytest.mark.parametrize("key", list(ACTIVATION_STYLES))
def test_an_activation_has_its_colour_and_label_in_every_helper(key):
    style = ACTIVATION_STYLES[key]
    moments = activation_moments(key, [0.1, 1.0, 10.0])
    figure = plotting.plot_activation_moments({key: moments})
    assert data_colours(figure, style.color) == {to_rgb(style.color)}
    assert style.label in legend_labels(figure)
    measured = measure_moments(3, 10, init="xavier-book", activation=key, n_seeds=2, rng=0)
    figure = plotting.plot_forward_backward({key: measured})
    assert data_colours(figure, style.color) == {to_rgb(style.color)}
    ax = plotting.plot_activation_function(key)
    assert data_colours(ax.figure, style.color) == {to_rgb(style.color)}


def test_schemes_drawn_together_keep_their_own_colours(inputs):
    keys = ["std=0.01", "xavier-book", "glorot", "he", "he-slide"]
    ax = plotting.plot_layer_statistics({key: [1.0, 0.5, 0.25] for key in keys})
    for key, line in zip(keys, ax.get_lines(), strict=True):
        assert to_rgb(line.get_color()) == to_rgb(SCHEME_STYLES[key].color)
        assert line.get_label() == SCHEME_STYLES[key].label


def _all_figures(inputs):
    for key in ("xavier-book", "he"):
        for _, figure in scheme_figures(key, inputs):
            yield figure
    yield plotting.plot_activation_moments({"relu": activation_moments("relu", [0.1, 1.0])})
    yield plotting.plot_activation_function("sigmoid").figure
    yield plotting.draw_network_diagram().figure
    x, t = bump_data()
    yield plotting.plot_symmetry_history({"start": train_symmetric(np.zeros(7), x, t, steps=5)})


def test_no_text_smaller_than_the_pages_smallest_font(inputs):
    with matplotlib.rc_context(fname=str(MATPLOTLIBRC)):
        smallest = min(
            matplotlib.font_manager.FontProperties(size=plt.rcParams[name]).get_size_in_points()
            for name in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize", "font.size")
        )
        assert smallest >= 10  # 13.3 CSS pixels at the size the pages show a figure
        assert plt.rcParams["figure.dpi"] == 192 and plt.rcParams["axes.unicode_minus"]
        for figure in _all_figures(inputs):
            figure.canvas.draw()
            texts = figure.findobj(matplotlib.text.Text)
            sizes = [t.get_fontsize() for t in texts if t.get_text() and t.get_visible()]
            assert sizes and min(sizes) >= smallest
            plt.close(figure)


@pytest.mark.parametrize("n_series", [1, 3, 5])
def test_legends_stay_off_the_data_and_off_each_other(n_series):
    keys = ["std=1", "std=0.01", "xavier-book", "he", "he-slide"][:n_series]
    with matplotlib.rc_context(fname=str(MATPLOTLIBRC)):
        single = plotting.plot_layer_statistics({k: [1.0, 0.5, 0.2] for k in keys}).figure
        pair, (left, right) = plt.subplots(1, 2, figsize=(6.8, 3.6), layout="constrained")
        for ax in (left, right):
            plotting.plot_layer_statistics({k: [1.0, 0.5, 0.2] for k in keys}, ax=ax)
        for figure in (single, pair):
            figure.canvas.draw()
            renderer = figure.canvas.get_renderer()
            boxes = [ax.get_legend().get_window_extent(renderer) for ax in figure.axes]
            for box in boxes:
                assert not any(box.overlaps(ax.bbox) for ax in figure.axes)
                assert box.x0 >= 0 and box.x1 <= figure.bbox.x1 and box.y1 <= figure.bbox.y1
            for first, second in itertools.pairwise(boxes):
                assert not first.overlaps(second)
