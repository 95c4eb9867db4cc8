import math

import numpy as np
import pytest

import weightinit as wi
from weightinit.experiments import (
    ActivationMoments,
    LayerMoments,
    ScaledNormal,
    activation_moments,
    measure_moments,
    per_layer_gain,
    predict_moments,
    weight_variance,
)

# --- ScaledNormal and weight_variance ------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"), [("fan_in", 2 / 400), ("fan_out", 2 / 100), ("fan_avg", 2 / 250)]
)
def test_scaled_normal_variance_and_draws(mode, expected):
    init = ScaledNormal(2.0, mode)
    assert init.variance((400, 100)) == pytest.approx(expected)
    w = init((400, 100), rng=0)
    # relative standard error of a sample variance of N normal draws: sqrt(2 / N)
    assert abs(w.var() / expected - 1) < 5 * math.sqrt(2 / w.size)


def test_scaled_normal_matches_the_public_initializers():
    np.testing.assert_array_equal(
        ScaledNormal(2, "fan_out")((64, 32), rng=3),
        wi.kaiming_normal((64, 32), mode="fan_out", nonlinearity="relu", rng=3),
    )
    np.testing.assert_array_equal(
        ScaledNormal(1, "fan_avg")((64, 32), rng=3), wi.xavier_normal((64, 32), rng=3)
    )
    assert isinstance(ScaledNormal(), wi.Scheme)


def test_scaled_normal_zero_scale_and_validation():
    assert not ScaledNormal(0.0)((3, 4), rng=0).any()
    with pytest.raises(ValueError, match="scale"):
        ScaledNormal(-1.0)
    with pytest.raises(ValueError, match="mode"):
        ScaledNormal(1.0, "fan_sum")


@pytest.mark.parametrize(
    ("init", "expected"),
    [
        ("xavier-book", 1 / 300),
        ("he", 2 / 300),
        ("he-slide", 4 / 300),
        ("glorot", 2 / 500),
        ("std=0.01", 1e-4),
        ("zeros", 0.0),
        (wi.get_scheme("he"), 2 / 300),
        (ScaledNormal(3.0, "fan_out"), 3 / 200),
    ],
)
def test_weight_variance(init, expected):
    assert weight_variance(init, 300, 200) == pytest.approx(expected)


@pytest.mark.parametrize("init", ["xavier-book", "he", "he-slide", "glorot", "std=0.3"])
def test_weight_variance_agrees_with_the_scheme_draws(init):
    w = wi.get_scheme(init)((300, 200), rng=1)
    assert abs(w.var() / weight_variance(init, 300, 200) - 1) < 5 * math.sqrt(2 / w.size)


def test_weight_variance_rejects_what_it_cannot_answer():
    with pytest.raises(ValueError, match="zero-mean"):
        weight_variance("constant=0.5", 10, 10)
    with pytest.raises(TypeError, match=r"^scheme must be"):
        weight_variance(0.5, 10, 10)
    with pytest.raises(ValueError, match="knows its variance"):
        weight_variance(lambda shape, *, rng, dtype: np.zeros(shape), 10, 10)
    with pytest.raises(ValueError):
        weight_variance("he", 0, 10)


def test_a_scheme_reports_its_own_variance_not_that_of_its_name():
    he = wi.get_scheme("he")
    ten_times = wi.Scheme(
        "he",
        "He, ten times larger",
        lambda s, r, d: 10 * he(s, r, d),
        lambda shape: 100 * he.variance(shape),
    )
    assert weight_variance(ten_times, 300, 200) == pytest.approx(100 * 2 / 300)
    predicted = predict_moments(3, 100, ten_times, "linear")
    np.testing.assert_allclose(predicted.average("pre_activation"), [200.0, 200.0**2, 200.0**3])
    no_formula = wi.Scheme("he", "He of unknown variance", lambda s, r, d: he(s, r, d))
    assert no_formula.variance((300, 200)) is None
    with pytest.raises(ValueError, match="knows its variance"):
        predict_moments(3, 100, no_formula, "relu")


# --- activations ---------------------------------------------------------------------------


@pytest.mark.parametrize("variance", [1e-6, 0.3, 1.0, 50.0, 1e10])
def test_activation_moments_exact_for_piecewise_linear(variance):
    relu = activation_moments("relu", variance)
    assert isinstance(relu, ActivationMoments)
    assert relu.second_moment[0] == pytest.approx(variance / 2, rel=1e-9)
    assert relu.slope_second_moment[0] == pytest.approx(0.5, rel=1e-9)
    assert relu.mean[0] == pytest.approx(math.sqrt(variance / (2 * math.pi)), rel=1e-5)
    leaky = activation_moments(wi.leaky_relu_activation(0.2), variance)
    assert leaky.forward_factor[0] == pytest.approx((1 + 0.04) / 2, rel=1e-9)
    linear = activation_moments("linear", variance)
    assert linear.forward_factor[0] == pytest.approx(1.0, rel=1e-9)
    assert linear.slope_second_moment[0] == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
@pytest.mark.parametrize("variance", [0.5, 4.0])
def test_activation_moments_match_monte_carlo(name, variance):
    act = wi.get_activation(name)
    z = np.random.default_rng(0).normal(0, math.sqrt(variance), 400_000)
    m = activation_moments(name, variance)
    for computed, samples in [
        (m.mean[0], act.function(z)),
        (m.second_moment[0], act.function(z) ** 2),
        (m.slope_second_moment[0], act.derivative(z) ** 2),
    ]:
        standard_error = samples.std() / math.sqrt(z.size)
        assert abs(computed - samples.mean()) < 5 * standard_error + 1e-12


def test_activation_moments_near_zero_variance_show_offset_and_slope():
    sig = activation_moments("sigmoid", [0.0, 1e-8])
    np.testing.assert_allclose(sig.mean, 0.5)
    np.testing.assert_allclose(sig.second_moment, 0.25, rtol=1e-6)
    np.testing.assert_allclose(sig.slope_second_moment, 1 / 16, rtol=1e-6)
    assert sig.forward_factor[0] == np.inf  # offset over zero variance
    tanh = activation_moments("tanh", 1e-6)
    assert tanh.forward_factor[0] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("bad", [-1.0, np.nan, [[1.0]]])
def test_activation_moments_rejects_bad_variance(bad):
    with pytest.raises(ValueError, match="variance"):
        activation_moments("tanh", bad)


# --- predictions ---------------------------------------------------------------------------


def test_predict_relu_schemes_give_their_factor_per_layer():
    for init, factor in [("he", 1.0), ("xavier-book", 0.5), ("he-slide", 2.0), ("std=0.01", 0.005)]:
        p = predict_moments(6, 100, init, "relu")
        assert isinstance(p, LayerMoments)
        np.testing.assert_allclose(p.average("activation"), factor ** np.arange(1, 7))
        np.testing.assert_allclose(p.average("gradient"), factor ** np.arange(6, 0, -1))
        assert per_layer_gain(p) == pytest.approx(factor)
        assert per_layer_gain(p, "gradient") == pytest.approx(factor)


def test_predict_follows_the_recursion_layer_by_layer():
    widths = [80, 120, 60]
    p = predict_moments(3, widths, "glorot", "tanh", input_width=100, input_second_moment=2.0)
    sizes = [100, *widths]
    previous = 2.0
    for layer in range(3):
        var_w = weight_variance("glorot", sizes[layer], sizes[layer + 1])
        assert p.pre_activation[0, layer] == pytest.approx(sizes[layer] * var_w * previous)
        previous = p.activation[0, layer]
    slopes = activation_moments("tanh", p.pre_activation[0]).slope_second_moment
    expected = 1.0
    for layer in reversed(range(3)):
        var_w = weight_variance("glorot", sizes[layer], sizes[layer + 1])
        expected *= sizes[layer + 1] * var_w * slopes[layer]
        assert p.gradient[0, layer] == pytest.approx(expected)


def test_predict_linear_funnel_telescopes():
    p = predict_moments(4, [200, 100, 50, 25], "xavier-book", "linear", input_width=400)
    np.testing.assert_allclose(p.average("pre_activation"), 1.0)
    np.testing.assert_allclose(p.average("gradient"), 25 / np.array([400, 200, 100, 50]))


def test_predict_sigmoid_has_an_offset_floor():
    p = predict_moments(8, 100, "xavier-book", "sigmoid")
    assert np.all(p.average("pre_activation")[1:] > 0.25)
    assert per_layer_gain(p, "gradient") < 1 / 16


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_layers": 0}, ValueError, "n_layers"),
        ({"n_layers": 2, "width": [3]}, ValueError, "n_layers=2"),
        ({"width": 0}, ValueError, "width"),
        ({"input_width": -3}, ValueError, "input_width"),
        ({"init": "constant=1"}, ValueError, "init"),
        ({"activation": "softplus"}, ValueError, "activation"),
        ({"input_second_moment": -1.0}, ValueError, "input_second_moment"),
    ],
)
def test_predict_validates(kwargs, error, match):
    with pytest.raises(error, match=match):
        predict_moments(**{"n_layers": 3, "width": 10, **kwargs})


# --- measurements --------------------------------------------------------------------------


def test_measure_shapes_and_reproducibility():
    a = measure_moments(4, [30, 20, 10, 5], "he", "relu", input_width=40, n_seeds=3, rng=7)
    b = measure_moments(4, [30, 20, 10, 5], "he", "relu", input_width=40, n_seeds=3, rng=7)
    for field in ("pre_activation", "activation", "gradient"):
        assert getattr(a, field).shape == (3, 4)
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.inputs.shape == a.output_gradient.shape == (3,)


def test_measure_agrees_with_prediction_for_a_linear_stack():
    kwargs = dict(n_layers=4, width=[256, 128, 64, 32], input_width=512, activation="linear")
    for init in (ScaledNormal(1, "fan_in"), ScaledNormal(1, "fan_out"), "glorot"):
        m = measure_moments(**kwargs, init=init, n_samples=50, n_seeds=16, rng=2)
        p = predict_moments(**kwargs, init=init)
        for quantity in ("pre_activation", "gradient"):
            ratio = m.average(quantity) / p.average(quantity)
            # the narrowest layer has 32 units: 16 networks average its scatter to a few %
            np.testing.assert_allclose(ratio, 1.0, atol=0.15)


def test_measure_relu_schemes_keep_their_factor():
    for init, factor in [("he", 1.0), ("xavier-book", 0.5), ("he-slide", 2.0)]:
        m = measure_moments(15, 100, init, "relu", n_samples=20, n_seeds=8, rng=1)
        assert per_layer_gain(m) == pytest.approx(factor, rel=0.05)
        assert per_layer_gain(m, "gradient") == pytest.approx(factor, rel=0.05)


def test_measure_accepts_a_callable_and_validates():
    m = measure_moments(
        2, 10, lambda shape, *, rng, dtype: np.zeros(shape), "tanh", n_seeds=2, rng=0
    )
    np.testing.assert_array_equal(m.pre_activation, 0.0)
    with pytest.raises(ValueError, match="n_seeds"):
        measure_moments(2, 10, n_seeds=0)
    with pytest.raises(TypeError, match=r"^n_samples must be an int"):
        measure_moments(2, 10, n_samples=True)
    with pytest.raises(TypeError, match=r"^input_width must be an int"):
        measure_moments(2, 10, input_width=10.0)
    with pytest.raises(TypeError, match="rng"):
        measure_moments(2, 10, rng="seed")


def test_per_layer_gain_validates():
    p = predict_moments(1, 10, "he", "relu")
    assert per_layer_gain(p) == pytest.approx(1.0)  # one layer and the input
    with pytest.raises(ValueError, match="two layers"):
        per_layer_gain(p, "pre_activation")
    with pytest.raises(ValueError, match="quantity"):
        per_layer_gain(p, "weights")
    with pytest.raises(TypeError, match="LayerMoments"):
        per_layer_gain({"activation": [1.0]})
    with pytest.raises(ValueError, match="quantity"):
        p.average("weights")
