"""Tests of weightinit.activations: values, numerical stability, derivatives, dtypes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import weightinit as wi
from weightinit.activations import ACTIVATIONS, Activation, get_activation
from weightinit.network import MLP, SGD

FAST = settings(max_examples=25, deadline=None)
DTYPES = [np.float16, np.float32, np.float64]
FUNCTIONS = [
    wi.sigmoid,
    wi.sigmoid_grad,
    wi.tanh,
    wi.tanh_grad,
    wi.relu,
    wi.relu_grad,
    wi.leaky_relu,
    wi.leaky_relu_grad,
    wi.identity,
    wi.identity_grad,
]


class TestValues:
    def test_sigmoid_known_points(self):
        x = np.array([-2.0, 0.0, 1.0, 3.0])
        np.testing.assert_allclose(wi.sigmoid(x), [1 / (1 + math.exp(-v)) for v in x], rtol=1e-15)
        np.testing.assert_allclose(wi.sigmoid_grad(0.0), 0.25)

    def test_tanh_known_points(self):
        x = np.array([-1.5, 0.0, 0.5])
        np.testing.assert_allclose(wi.tanh(x), [math.tanh(v) for v in x], rtol=1e-15)
        np.testing.assert_allclose(wi.tanh_grad(0.5), 1 - math.tanh(0.5) ** 2, rtol=1e-15)

    def test_relu_family(self):
        x = np.array([-3.0, -0.5, 0.0, 0.5, 2.0])
        np.testing.assert_array_equal(wi.relu(x), [0, 0, 0, 0.5, 2])
        np.testing.assert_array_equal(wi.relu_grad(x), [0, 0, 0, 1, 1])
        np.testing.assert_allclose(wi.leaky_relu(x), [-0.03, -0.005, 0, 0.5, 2], rtol=1e-15)
        np.testing.assert_array_equal(wi.leaky_relu_grad(x), [0.01, 0.01, 0.01, 1, 1])
        np.testing.assert_allclose(wi.leaky_relu(x, 0.2), [-0.6, -0.1, 0, 0.5, 2], rtol=1e-15)
        np.testing.assert_array_equal(wi.leaky_relu_grad(x, 0.2), [0.2, 0.2, 0.2, 1, 1])

    def test_identity(self):
        np.testing.assert_array_equal(wi.identity([1, -2]), [1.0, -2.0])
        np.testing.assert_array_equal(wi.identity_grad(np.zeros((2, 3))), np.ones((2, 3)))

    @given(st.floats(-700, 700))
    @FAST
    def test_sigmoid_is_symmetric_and_matches_the_formula(self, x):
        s = float(wi.sigmoid(x))
        # (1 + tanh(x/2)) / 2 is exact to a few ulps of 1: absolute, not relative, in the left tail
        assert s == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-14, abs=4 * np.finfo(float).eps)
        assert s + float(wi.sigmoid(-x)) == pytest.approx(1.0, abs=1e-15)

    @given(st.floats(-50, 50))
    @FAST
    def test_derivative_bounds(self, x):
        assert 0.0 <= wi.sigmoid_grad(x) <= 0.25
        assert 0.0 <= wi.tanh_grad(x) <= 1.0
        # tanh(x) = 2 sigmoid(2x) - 1
        assert float(wi.tanh(x)) == pytest.approx(2 * float(wi.sigmoid(2 * x)) - 1, abs=1e-15)


class TestStability:
    @pytest.mark.parametrize("dtype", DTYPES)
    def test_sigmoid_has_no_overflow_up_to_1e4(self, dtype):
        x = np.linspace(-1e4, 1e4, 20001).astype(dtype)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            s = wi.sigmoid(x)
            g = wi.sigmoid_grad(x)
        assert s.dtype == dtype and g.dtype == dtype
        assert np.all((s >= 0) & (s <= 1))
        assert np.all(np.diff(s) >= 0)  # monotone
        assert s[0] == 0.0 and s[-1] == 1.0
        assert np.all(np.isfinite(g)) and g[0] == 0.0 and g[-1] == 0.0

    def test_extreme_and_infinite_inputs(self):
        x = np.array([-np.inf, -1e308, 1e308, np.inf])
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            np.testing.assert_array_equal(wi.sigmoid(x), [0, 0, 1, 1])
            np.testing.assert_array_equal(wi.tanh(x), [-1, -1, 1, 1])
            np.testing.assert_array_equal(wi.tanh_grad(x), [0, 0, 0, 0])

    def test_sigmoid_keeps_precision_for_negative_inputs(self):
        # 1 / (1 + e^40) = e^-40 to double precision; the naive 1 - sigmoid(40) would give 0.
        assert float(wi.sigmoid(-40.0)) == pytest.approx(math.exp(-40), rel=1e-15)


# Central differences: (f(x + h) - f(x - h)) / 2h has truncation error h^2 |f'''| / 6 and
# rounding error about eps |f| / h; with h = 1e-6 both are below 1e-9 for these functions
# (|f'''| <= 2 for sigmoid and tanh, f''' = 0 away from the kink of the ReLU family).
H = 1e-6
DERIVATIVES = [
    (wi.sigmoid, wi.sigmoid_grad),
    (wi.tanh, wi.tanh_grad),
    (wi.relu, wi.relu_grad),
    (wi.leaky_relu, wi.leaky_relu_grad),
    (lambda x: wi.leaky_relu(x, 0.3), lambda x: wi.leaky_relu_grad(x, 0.3)),
    (wi.identity, wi.identity_grad),
]


def _away_from_kink(values):
    x = np.array(values)
    return np.where(np.abs(x) < 1e-3, np.copysign(1e-3, x) + x, x)  # the ReLU kink is at 0


@pytest.mark.parametrize(("function", "derivative"), DERIVATIVES)
@given(x=st.lists(st.floats(-30, 30), min_size=1, max_size=20).map(_away_from_kink))
@settings(max_examples=25, deadline=None)
def test_derivative_matches_central_differences(function, derivative, x):
    numeric = (function(x + H) - function(x - H)) / (2 * H)
    np.testing.assert_allclose(derivative(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("function", FUNCTIONS)
class TestDtypesAndShapes:
    @given(
        dtype=st.sampled_from(DTYPES),
        shape=st.lists(st.integers(0, 4), max_size=3).map(tuple),
        seed=st.integers(0, 2**32 - 1),
    )
    @FAST
    def test_floating_dtype_and_shape_are_preserved(self, function, dtype, shape, seed):
        x = (3 * np.random.default_rng(seed).standard_normal(shape)).astype(dtype)
        y = function(x)
        assert y.dtype == dtype
        assert y.shape == shape

    def test_integer_and_list_input_becomes_float64(self, function):
        for x in ([1, -2, 3], np.array([1, -2, 3], dtype=np.int32), 2):
            y = function(x)
            assert y.dtype == np.float64
            assert y.shape == np.shape(x)

    def test_input_is_not_modified(self, function):
        x = np.array([-1.0, 0.5, 2.0])
        function(x)
        np.testing.assert_array_equal(x, [-1.0, 0.5, 2.0])


@pytest.mark.parametrize("function", [wi.leaky_relu, wi.leaky_relu_grad])
class TestNegativeSlope:
    @pytest.mark.parametrize("slope", [math.nan, math.inf, -math.inf])
    def test_non_finite_slope(self, function, slope):
        with pytest.raises(ValueError, match=r"^negative_slope must be finite"):
            function(np.ones(3), slope)

    @pytest.mark.parametrize("slope", [True, "0.1", None, [0.1]])
    def test_non_numeric_slope(self, function, slope):
        with pytest.raises(TypeError, match=r"^negative_slope must be a real number"):
            function(np.ones(3), negative_slope=slope)


class TestRegistry:
    def test_names(self):
        assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu", "linear"}
        for name, activation in ACTIVATIONS.items():
            assert activation.name == name
            assert get_activation(name) is activation
        pairs = {name: (a.function, a.derivative) for name, a in ACTIVATIONS.items()}
        leaky = pairs.pop("leaky_relu")
        assert pairs == {
            "sigmoid": (wi.sigmoid, wi.sigmoid_grad),
            "tanh": (wi.tanh, wi.tanh_grad),
            "relu": (wi.relu, wi.relu_grad),
            "linear": (wi.identity, wi.identity_grad),
        }
        z = np.array([-3.0, -0.5, 0.0, 2.0])  # the registry's leaky ReLU has PyTorch's slope
        np.testing.assert_array_equal(leaky[0](z), wi.leaky_relu(z, 0.01))
        np.testing.assert_array_equal(leaky[1](z), wi.leaky_relu_grad(z, 0.01))

    def test_names_are_accepted_by_calculate_gain(self):
        for name in ACTIVATIONS:
            assert wi.calculate_gain(name) > 0

    @pytest.mark.parametrize("name", list(ACTIVATIONS))
    def test_outputs_lie_in_the_output_range(self, name):
        activation = get_activation(name)
        y = activation.function(np.linspace(-50, 50, 1001))
        low, high = activation.output_range
        assert np.all((y >= low) & (y <= high))

    @pytest.mark.parametrize("name", list(ACTIVATIONS))
    @pytest.mark.parametrize("dtype", [np.float32, np.float64])
    def test_in_place_forward_and_derivative_from_output(self, name, dtype):
        activation = get_activation(name)
        z = np.random.default_rng(0).normal(0, 3, (40, 30)).astype(dtype)
        h = z.copy()
        assert activation.forward_in_place(h) is None and h.dtype == dtype
        tol = 1e-6 if dtype == np.float32 else 1e-15
        np.testing.assert_allclose(h, activation.function(z), rtol=tol, atol=tol)
        g = np.random.default_rng(1).normal(size=z.shape).astype(dtype)
        expected = g * activation.derivative(z)
        activation.backward_from_output(g, h)
        assert g.dtype == dtype
        np.testing.assert_allclose(g, expected, rtol=10 * tol, atol=10 * tol)

    def test_fast_path_functions_come_together_and_are_checked(self):
        with pytest.raises(ValueError, match="together"):
            Activation("x", np.tanh, wi.tanh_grad, (-1.0, 1.0), forward_in_place=np.tanh)
        with pytest.raises(TypeError, match=r"^function must be callable"):
            Activation("x", 3, wi.tanh_grad, (-1.0, 1.0))
        with pytest.raises(TypeError, match=r"^name must be a str"):
            Activation(None, np.tanh, wi.tanh_grad, (-1.0, 1.0))

    def test_an_activation_is_passed_through(self):
        custom = Activation("square", np.square, lambda x: 2 * x, (0.0, np.inf))
        assert get_activation(custom) is custom

    @given(st.text(max_size=12).filter(lambda s: s not in ACTIVATIONS))
    @settings(max_examples=20, deadline=None)
    def test_unknown_name_raises_value_error_listing_the_names(self, name):
        with pytest.raises(ValueError, match=r"^activation must be one of \['sigmoid', 'tanh'"):
            get_activation(name)

    @pytest.mark.parametrize("name", [None, 1, np.tanh])
    def test_non_string_raises_type_error(self, name):
        with pytest.raises(TypeError, match=r"^activation must be a str"):
            get_activation(name)


class TestOneSigmoid:
    """One formula, (1 + tanh(x/2)) / 2: the function and the network's in-place pass agree."""

    @pytest.mark.parametrize("dtype", [np.float32, np.float64])
    @pytest.mark.parametrize("scale", [0.01, 1.0, 30.0])
    def test_the_in_place_pass_gives_the_same_bits(self, dtype, scale):
        z = (scale * np.random.default_rng(0).standard_normal(10_000)).astype(dtype)
        h = z.copy()
        ACTIVATIONS["sigmoid"].forward_in_place(h)
        np.testing.assert_array_equal(h, wi.sigmoid(z))
        assert wi.sigmoid(z).dtype == dtype

    def test_matches_the_logistic_function(self):
        x = np.linspace(-30.0, 30.0, 6001)
        exact = 1.0 / (1.0 + np.exp(-x))
        # the tanh form's error is a few ulps of 1 (absolute), at most
        np.testing.assert_allclose(wi.sigmoid(x), exact, rtol=0, atol=4 * np.finfo(float).eps)
        assert wi.sigmoid(np.float64(-1e308)) == 0.0 and wi.sigmoid(1e308) == 1.0

    def test_does_not_change_its_input(self):
        x = np.array([-1.0, 1.0])
        wi.sigmoid(x)
        np.testing.assert_array_equal(x, [-1.0, 1.0])


class TestLeakyReluActivation:
    def test_function_derivative_and_name(self):
        z = np.array([-2.0, 0.5])
        act = wi.leaky_relu_activation(0.25)
        np.testing.assert_allclose(act.function(z), [-0.5, 0.5])
        np.testing.assert_allclose(act.derivative(z), [0.25, 1.0])
        assert act.name == "leaky_relu(a=0.25)"
        np.testing.assert_array_equal(wi.leaky_relu_activation(0.0).function(z), wi.relu(z))
        assert wi.leaky_relu_activation().name == "leaky_relu"
        with pytest.raises(TypeError, match=r"^negative_slope must be a real number"):
            wi.leaky_relu_activation("0.1")

    @pytest.mark.parametrize("slope", [0.0, 0.01, 0.2, 1.0, 3.0])
    @pytest.mark.parametrize("dtype", [np.float32, np.float64])
    def test_the_fast_path_follows_the_slope(self, slope, dtype):
        act = wi.leaky_relu_activation(slope)
        z = np.random.default_rng(2).normal(0, 3, (50, 20)).astype(dtype)
        h = z.copy()
        act.forward_in_place(h)
        np.testing.assert_array_equal(h, act.function(z))
        g = np.random.default_rng(3).normal(size=z.shape).astype(dtype)
        expected = g * act.derivative(z)
        act.backward_from_output(g, h)
        np.testing.assert_array_equal(g, expected)

    def test_the_registry_entry_keeps_pytorch_s_slope_bit_for_bit(self):
        z = np.random.default_rng(4).normal(size=(30, 30)).astype(np.float32)
        h = z.copy()
        ACTIVATIONS["leaky_relu"].forward_in_place(h)
        np.testing.assert_array_equal(h, np.maximum(z, np.float32(0.01) * z))

    def test_a_negative_slope_has_no_fast_path(self):
        act = wi.leaky_relu_activation(-0.5)  # h > 0 for z < 0 too: h no longer gives f'(z)
        assert not act.in_place
        np.testing.assert_allclose(act.function(np.array([-2.0, 2.0])), [1.0, 2.0])

    def test_a_network_trains_with_any_slope(self):
        x = np.random.default_rng(5).standard_normal((32, 4))
        t = (x[:, 0] > 0).astype(int)
        nets = [MLP((4, 8, 2), act, rng=0, dtype=np.float64) for act in ("relu", "leaky_relu")]
        nets.append(MLP((4, 8, 2), wi.leaky_relu_activation(0.0), rng=0, dtype=np.float64))
        losses = [[net.train_step(x, t, SGD(0.1)) for _ in range(3)] for net in nets]
        assert losses[2] == losses[0]  # slope 0 is the ReLU, step for step
        assert losses[1] != losses[0]
