import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit import plotting
from weightinit.experiments import activation_moments, measure_moments, predict_moments
from weightinit.style import style_for


@pytest.fixture(scope="module")
def moments():
    kwargs = dict(n_layers=4, width=20, activation="relu")
    measured = {
        init: measure_moments(**kwargs, init=init, n_samples=10, n_seeds=5, rng=0)
        for init in ("he", "xavier-book")
    }
    predicted = {init: predict_moments(**kwargs, init=init) for init in ("he", "xavier-book")}
    return measured, predicted


@pytest.mark.parametrize(
    ("quantity", "label"),
    [
        ("pre_activation", "mean square of z"),
        ("activation", "mean square of x"),
        ("gradient", "mean square of ∂L/∂x"),
    ],
)
def test_layer_moments_draws_means_bands_and_predictions(moments, quantity, label):
    measured, predicted = moments
    ax = plotting.plot_layer_moments(measured, quantity, predicted, yscale="log")
    assert ax.get_ylabel() == label and ax.get_xlabel() == "layer"
    assert ax.get_yscale() == "log"
    dots = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
    lines = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    assert len(dots) == len(lines) == 2
    for dot, line, init in zip(dots, lines, ("he", "xavier-book"), strict=True):
        np.testing.assert_allclose(dot.get_xdata(), [1, 2, 3, 4])
        np.testing.assert_allclose(dot.get_ydata(), measured[init].average(quantity))
        np.testing.assert_allclose(line.get_ydata(), predicted[init].average(quantity))
        assert dot.get_color() == line.get_color() == style_for(init).color
        assert dot.get_marker() == style_for(init).marker
    assert len(ax.collections) == 2  # one band per measured label
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["He", "Xavier (book)", "mean of 5 runs", "10–90 % of runs", "prediction"]


def test_layer_moments_single_run_and_colours(moments):
    _, predicted = moments
    ax = plotting.plot_layer_moments({"my rule": predicted["he"]}, yscale="log")
    assert not ax.collections  # no band for one run
    (dot,) = ax.get_lines()
    assert dot.get_color() == "C0" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["my rule", "measured"]


def test_layer_moments_uses_the_given_axes(moments):
    measured, _ = moments
    _, ax = plt.subplots()
    assert plotting.plot_layer_moments(measured, ax=ax) is ax


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (({},), {}, "measured"),
        ((None, "weights"), {}, "quantity"),
        ((None,), {"yscale": "symlog"}, "yscale"),
    ],
)
def test_layer_moments_validates(moments, args, kwargs, match):
    measured, _ = moments
    args = tuple(measured if a is None else a for a in args)
    with pytest.raises(ValueError, match=match):
        plotting.plot_layer_moments(*args, **kwargs)


def test_forward_backward_two_panels_and_one_legend(moments):
    measured, predicted = moments
    fig = plotting.plot_forward_backward(measured, predicted)
    left, right = fig.axes
    assert left.get_ylabel() == "forward: mean square of z"
    assert right.get_ylabel() == "backward: mean square of ∂L/∂x"
    assert left.get_legend() is None and right.get_legend() is None
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][:2] == ["He", "Xavier (book)"]
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), measured["he"].average("gradient"))
    with pytest.raises(ValueError, match="two Axes"):
        plotting.plot_forward_backward(measured, axes=[left])


def test_activation_moments_plot():
    variances = np.logspace(-2, 2, 9)
    data = {name: activation_moments(name, variances) for name in ("relu", "tanh")}
    fig = plotting.plot_activation_moments(data)
    forward, backward = fig.axes
    assert forward.get_xscale() == backward.get_xscale() == "log"
    relu_forward, tanh_forward = forward.get_lines()[:2]
    np.testing.assert_allclose(relu_forward.get_xdata(), variances)
    np.testing.assert_allclose(relu_forward.get_ydata(), 0.5)
    np.testing.assert_allclose(tanh_forward.get_ydata(), data["tanh"].forward_factor)
    np.testing.assert_allclose(
        backward.get_lines()[1].get_ydata(), data["tanh"].slope_second_moment
    )
    assert forward.get_xlabel() == "variance of the pre-activation, Var(z)"
    (legend,) = fig.legends  # one legend for both panels, under them
    assert [t.get_text() for t in legend.get_texts()] == ["ReLU", "tanh"]
    assert relu_forward.get_color() == style_for("relu").color
    with pytest.raises(ValueError, match="moments"):
        plotting.plot_activation_moments({})
    with pytest.raises(ValueError, match="two Axes"):
        plotting.plot_activation_moments(data, axes=[forward])


def test_activation_moments_draw_the_level_of_one_in_front_of_the_linear_lines():
    moments = {name: activation_moments(name, [0.1, 1, 10]) for name in ("linear", "relu")}
    for ax in plotting.plot_activation_moments(moments).axes:
        (one,) = [line for line in ax.lines if line.get_linestyle() == ":"]
        linear = next(line for line in ax.lines if line.get_label() == style_for("linear").label)
        np.testing.assert_allclose(linear.get_ydata(), 1.0)  # the linear line runs along it
        assert one.get_zorder() > linear.get_zorder() and one.get_color() != linear.get_color()
    plt.close("all")
