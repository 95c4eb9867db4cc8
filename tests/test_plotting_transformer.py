"""The transformer page's figures: what they draw, in the style map's colours."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from weightinit.experiments.propagation.transformer import stream_variance
from weightinit.experiments.training.mup import train_widths
from weightinit.plotting import plot_coord_check, plot_lr_by_width, plot_stream_variance
from weightinit.style import style_for

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sweeps():
    rng = np.random.default_rng(0)
    x, t = rng.random((300, 12)).astype(np.float32), rng.integers(0, 10, 300)
    return {p: train_widths(x, t, widths=(16, 32), parametrization=p, lrs=(0.01, 0.1), steps=40,
                            base_width=16) for p in ("sp", "mup")}  # fmt: skip


def test_stream_variance_draws_one_styled_line_per_rule():
    small = {"n_blocks": 4, "width": 16, "n_heads": 2, "seq_len": 4, "n_sequences": 2, "rng": 0}
    runs = {f"residual-{r}": stream_variance(r, **small) for r in ("none", "gpt2")}
    ax = plot_stream_variance(runs)
    assert [to_hex(line.get_color()).upper() for line in ax.lines] == [
        style_for(key).color.upper() for key in runs
    ]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), runs["residual-none"].measured)
    assert ax.get_yscale() == "log"


def test_coord_check_has_a_panel_per_layer_and_parametrization(sweeps):
    fig = plot_coord_check(sweeps, steps=(0, 1))
    assert len(fig.axes) == 6
    first = fig.axes[0]
    assert len(first.lines) == 2
    np.testing.assert_allclose(first.lines[1].get_ydata(), sweeps["sp"].coord_by_width(1)[:, 0])


def test_lr_by_width_marks_each_width_best_rate(sweeps):
    fig = plot_lr_by_width(sweeps, last=10)
    ax = fig.axes[0]
    stars = [line for line in ax.lines if line.get_marker() == "*"]
    assert len(stars) == 2
    assert stars[0].get_xdata()[0] == sweeps["sp"].best_lr(16, 10)


def test_bad_input_raises():
    with pytest.raises(TypeError, match="runs"):
        plot_stream_variance([1, 2])
    with pytest.raises(ValueError, match="sweeps"):
        plot_coord_check({})
