import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments import (
    jacobian_spectra,
    norm_drift,
    predicted_residual_moments,
    residual_forward,
)
from weightinit.plotting import (
    plot_jacobian_spectra,
    plot_norm_drift,
    plot_residual_moments,
)
from weightinit.style import style_for


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def same_color(a, b):
    return mcolors.to_hex(a) == mcolors.to_hex(b)


def test_jacobian_spectra_colour_by_init_and_line_style_by_depth():
    spectra = {
        k: jacobian_spectra((1, 4, 16), 10, k, rng=0) for k in ("lecun-untruncated", "orthogonal")
    }
    fig = plot_jacobian_spectra({"linear": spectra, "tanh": spectra})
    ax = fig.axes[0]
    assert len(fig.axes) == 2 and len(ax.lines) == 6
    assert same_color(ax.lines[0].get_color(), style_for("lecun-untruncated").color)
    assert same_color(ax.lines[3].get_color(), style_for("orthogonal").color)
    assert [line.get_linestyle() for line in ax.lines[:3]] == ["-", "--", ":"]
    assert all(line.get_linewidth() == 2.0 for line in ax.lines)
    # each curve is the empirical distribution: sorted singular values, shares up to 1
    np.testing.assert_allclose(
        ax.lines[1].get_xdata(), np.sort(spectra["lecun-untruncated"].singular_values[1])
    )
    assert ax.lines[1].get_ydata()[-1] == 1.0
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["LeCun", "orthogonal", "depth 1", "depth 4", "depth 16"]
    assert [a.get_title() for a in fig.axes] == ["linear", "tanh"]  # short panel labels


def test_jacobian_spectra_check_axes():
    spectra = {"lecun-untruncated": jacobian_spectra((1,), 5, rng=0)}
    _, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="one Axes per panel"):
        plot_jacobian_spectra({"linear": spectra}, axes=axes)
    with pytest.raises(ValueError, match="panels"):
        plot_jacobian_spectra({})


def test_norm_drift_draws_median_band_and_prediction():
    drift = norm_drift((1, 4, 16), 10, n_networks=30, rng=0)
    ax = plot_norm_drift(
        {
            "lecun-untruncated": drift,
            "orthogonal": norm_drift((1, 4), 10, "orthogonal", n_networks=2, rng=0),
        }
    )
    median = ax.lines[0]
    np.testing.assert_allclose(median.get_ydata(), np.median(drift.log_ratios, axis=1))
    assert same_color(median.get_color(), style_for("lecun-untruncated").color)
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(dotted) == 3  # mean and two percentiles, for the Gaussian key only
    np.testing.assert_allclose(dotted[0].get_ydata(), drift.predicted()[0])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["LeCun", "orthogonal"]


def test_residual_moments_markers_and_prediction_lines():
    x = np.random.default_rng(0).standard_normal((50, 20))
    runs = {k: residual_forward(x, 6, k, rng=0) for k in ("residual", "residual-zero")}
    predicted = {k: predicted_residual_moments(6, k) for k in runs}
    ax = plot_residual_moments(runs, predicted)
    markers, line = ax.lines[0], ax.lines[1]
    np.testing.assert_allclose(
        markers.get_ydata(), runs["residual"].moments / runs["residual"].moments[0]
    )
    np.testing.assert_allclose(line.get_ydata(), predicted["residual"])
    assert markers.get_linestyle() == "None" and line.get_linewidth() == 2.0
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [style_for("residual").label, style_for("residual-zero").label, "prediction"]


def test_residual_moments_mark_the_last_block_of_a_long_stack():
    x = np.random.default_rng(1).standard_normal((40, 16))
    run = residual_forward(x, 50, "residual-scaled", rng=0)
    ax = plot_residual_moments({"residual-scaled": run})
    (markers,) = ax.lines
    blocks = markers.get_xdata()
    assert blocks[0] == 0 and blocks[-1] == len(run.moments) - 1
    np.testing.assert_allclose(markers.get_ydata(), run.moments[blocks] / run.moments[0])
