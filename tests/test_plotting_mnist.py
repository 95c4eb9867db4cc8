import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments.training.mnist import moving_average
from weightinit.plotting import plot_loss_bands, plot_loss_curves
from weightinit.style import style_for


def noisy_curve(seed, n=200):
    rng = np.random.default_rng(seed)
    return np.linspace(2.3, 0.3, n) + 0.1 * rng.standard_normal(n)


def test_loss_curves_draw_raw_and_smoothed_lines():
    losses = {"std=0.01": np.full(200, 2.3), "he": noisy_curve(0)}
    ax = plot_loss_curves(losses, window=9)
    assert len(ax.lines) == 4  # raw + smoothed per curve
    raw, smooth = ax.lines[2], ax.lines[3]
    np.testing.assert_allclose(raw.get_ydata(), losses["he"])
    np.testing.assert_allclose(smooth.get_ydata(), moving_average(losses["he"], 9))
    assert raw.get_color() == smooth.get_color()
    assert smooth.get_linewidth() == 2.0 and raw.get_linewidth() < 1.0
    # the style map's colours and display labels
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["std 0.01", "He"]
    assert smooth.get_color() == style_for("he").color
    assert ax.get_xlabel() == "iteration" and ax.get_ylabel() == "training loss"
    assert ax.get_ylim()[0] == 0


def test_loss_curves_default_window_is_a_fiftieth():
    values = noisy_curve(1, n=500)
    ax = plot_loss_curves({"he": values})
    np.testing.assert_allclose(ax.lines[1].get_ydata(), moving_average(values, 10))


def test_loss_bands_span_the_seeds_around_the_median():
    runs = np.stack([noisy_curve(seed) for seed in range(4)])
    _fig, ax = plt.subplots()
    assert plot_loss_bands({"he": runs}, ax=ax, window=5) is ax
    smooth = moving_average(runs, 5)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.median(smooth, axis=0))
    (band,) = ax.collections
    vertices = band.get_paths()[0].vertices
    # fill_between's outline holds the upper and the lower edge
    assert vertices[:, 1].max() == pytest.approx(smooth.max())
    assert vertices[:, 1].min() == pytest.approx(smooth.min())
    assert ax.get_legend().get_texts()[0].get_text() == "He"
    assert ax.lines[0].get_color() == style_for("he").color


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="losses"):
        plot_loss_curves({})
    with pytest.raises(ValueError, match="losses"):
        plot_loss_bands({})
    with pytest.raises(ValueError, match="n_seeds"):
        plot_loss_bands({"he": np.ones(10)})
    with pytest.raises(ValueError, match="window"):
        plot_loss_curves({"he": np.ones(10)}, window=0)
    with pytest.raises(TypeError, match=r"^window must be an int"):
        plot_loss_curves({"he": np.ones(10)}, window=2.0)


def test_loss_bands_zoom_on_the_last_iterations():
    early = np.stack([noisy_curve(seed) for seed in range(3)])
    late = early - 0.5
    ax = plot_loss_bands({"xavier-book": early, "he": late}, window=5, last=0.25)
    assert ax.get_xlim() == (150, 199)  # the last quarter of 200 iterations
    smooth = np.concatenate([moving_average(early, 5), moving_average(late, 5)])[:, 150:]
    low, high = ax.get_ylim()
    assert low < smooth.min() and high > smooth.max()  # the bands there fit ...
    assert high - low < 1.2 * (smooth.max() - smooth.min())  # ... and fill the axis
    with pytest.raises(ValueError, match="last"):
        plot_loss_bands({"he": early}, last=0)
