import math

import numpy as np
import pytest

import weightinit as wi
from weightinit.experiments import (
    BackwardPass,
    ForwardPass,
    activation_derivatives,
    backward_stack,
    forward_stack,
    fraction_near,
    layer_std,
)


@pytest.fixture(scope="module")
def book_inputs():
    return np.random.default_rng(0).standard_normal((1000, 100))


def test_forward_shapes_and_recorded_layers(book_inputs):
    fwd = forward_stack(book_inputs, n_layers=5, width=100, init="std=1", rng=1)
    assert isinstance(fwd, ForwardPass)
    assert fwd.n_layers == 5
    assert [w.shape for w in fwd.weights] == [(100, 100)] * 5
    assert [a.shape for a in fwd.activations] == [(1000, 100)] * 5
    np.testing.assert_allclose(fwd.pre_activations[0], book_inputs @ fwd.weights[0])
    np.testing.assert_allclose(fwd.activations[2], fwd.activation.function(fwd.pre_activations[2]))
    np.testing.assert_allclose(fwd.pre_activations[3], fwd.activations[2] @ fwd.weights[3])


def test_forward_per_layer_widths():
    fwd = forward_stack(np.ones((3, 4)), n_layers=3, width=[5, 6, 2], rng=0)
    assert [a.shape[1] for a in fwd.activations] == [5, 6, 2]
    assert fwd.weights[1].shape == (5, 6)


def test_forward_is_reproducible_with_a_seed(book_inputs):
    a = forward_stack(book_inputs, init="xavier-book", rng=7)
    b = forward_stack(book_inputs, init="xavier-book", rng=7)
    np.testing.assert_array_equal(a.activations[-1], b.activations[-1])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"x": np.ones(5)}, ValueError, r"^x must have shape \(n_samples >= 1, n_features\)"),
        ({"x": np.ones((0, 3))}, ValueError, "^x must not be empty"),
        ({"x": np.array([[1.0, np.nan]])}, ValueError, "^x must hold only finite values"),
        ({"x": np.array([["a"]])}, TypeError, "^x must be a real array"),
        ({"n_layers": 0}, ValueError, "n_layers"),
        ({"n_layers": True}, TypeError, "^n_layers must be an int"),
        ({"n_layers": 2.0}, TypeError, "^n_layers must be an int"),
        ({"width": "100"}, TypeError, "^width must be an int or a sequence"),
        ({"width": [3, 3.5, 3]}, TypeError, "^each entry of width must be an int"),
        ({"width": 0}, ValueError, "width"),
        ({"width": [3, 3]}, ValueError, "n_layers=3"),
        ({"init": "nonsense"}, ValueError, "scheme"),
        ({"activation": "softplus"}, ValueError, "activation"),
        ({"rng": "seed"}, TypeError, "rng"),
    ],
)
def test_forward_validates_arguments(kwargs, error, match):
    arguments = {"x": np.ones((4, 3)), "n_layers": 3, "width": 3, "rng": 0} | kwargs
    with pytest.raises(error, match=match):
        forward_stack(**arguments)


def _stack_loss(weights, x, activation, upstream):
    signal = x
    for w in weights:
        signal = activation.function(signal @ w)
    return float(np.sum(signal * upstream)) / x.shape[0]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
def test_backward_matches_finite_differences(activation):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 4))
    fwd = forward_stack(
        x, n_layers=3, width=[5, 4, 3], init="std=0.7", activation=activation, rng=4
    )
    upstream = rng.standard_normal((6, 3))
    # L = sum(x_L * upstream) / N, so dL/dx_L = upstream / N
    bwd = backward_stack(fwd, upstream / 6)
    assert isinstance(bwd, BackwardPass)
    step = 1e-6
    for layer, weight in enumerate(fwd.weights):
        numeric = np.zeros_like(weight)
        for index in np.ndindex(weight.shape):
            shifted = [w.copy() for w in fwd.weights]
            shifted[layer][index] += step
            up = _stack_loss(shifted, x, fwd.activation, upstream)
            shifted[layer][index] -= 2 * step
            down = _stack_loss(shifted, x, fwd.activation, upstream)
            numeric[index] = (up - down) / (2 * step)
        # backward_stack divides by N once more: dW = x^T delta / N
        np.testing.assert_allclose(bwd.weight_gradients[layer] * 6, numeric, rtol=1e-5, atol=1e-9)


def test_backward_shapes_and_chain(book_inputs):
    fwd = forward_stack(book_inputs[:50], n_layers=4, width=100, init="xavier-book", rng=1)
    bwd = backward_stack(fwd, rng=2)
    assert bwd.output_gradient.shape == (50, 100)
    assert [d.shape for d in bwd.pre_activation_gradients] == [(50, 100)] * 4
    assert [g.shape for g in bwd.weight_gradients] == [(100, 100)] * 4
    # the gradient reaching layer 3's output is what layer 4 sent down
    derivative = fwd.activation.derivative(fwd.pre_activations[2])
    np.testing.assert_allclose(
        bwd.pre_activation_gradients[2], bwd.activation_gradients[3] * derivative
    )


def test_backward_validates_arguments():
    fwd = forward_stack(np.ones((4, 3)), n_layers=2, width=3, rng=0)
    with pytest.raises(TypeError, match="ForwardPass"):
        backward_stack("not a pass")
    with pytest.raises(ValueError, match="shape"):
        backward_stack(fwd, np.ones((4, 2)))
    with pytest.raises(ValueError, match="finite"):
        backward_stack(fwd, np.full((4, 3), np.inf))


def test_activation_derivatives_are_the_activation_slope():
    fwd = forward_stack(np.ones((2, 3)), n_layers=2, width=3, init="std=1", rng=0)
    slopes = activation_derivatives(fwd)
    for z, slope in zip(fwd.pre_activations, slopes, strict=True):
        s = 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(slope, s * (1 - s))
    with pytest.raises(TypeError, match="ForwardPass"):
        activation_derivatives([1, 2])


def test_sigmoid_std_one_saturates_and_std_small_collapses(book_inputs):
    # The book's experiment: most std=1 activations sit at 0 or 1, std=0.01 ones at 0.5.
    wide = forward_stack(book_inputs, init="std=1", rng=1)
    narrow = forward_stack(book_inputs, init="std=0.01", rng=1)
    assert np.all(fraction_near(wide.activations, (0.0, 1.0)) > 0.5)
    assert np.all(fraction_near(narrow.activations, 0.5)[1:] > 0.5)
    # |sigma(z) - 1/2| <= |z| / 4, and z has std about 0.01 * sqrt(100) * std(x_prev)
    assert np.all(layer_std(narrow.activations) < 0.03)


def test_layer_std_and_fraction_near_values():
    np.testing.assert_allclose(layer_std([np.array([1.0, 3.0]), np.arange(4.0)]), [1.0, 1.118034])
    arrays = [np.array([0.0, 0.015, 0.03, 0.5, 0.99, 1.0])]
    np.testing.assert_allclose(fraction_near(arrays, (0.0, 1.0), tol=0.02), [4 / 6])
    np.testing.assert_allclose(fraction_near(arrays, 0.5, tol=0.0), [1 / 6])
    assert math.isnan(fraction_near([np.array([])], 0.0)[0])


def test_fraction_near_of_a_normal_sample_matches_the_normal_cdf():
    n = 200_000
    sample = np.random.default_rng(5).standard_normal(n)
    share = float(fraction_near([sample], 0.0, tol=1.0)[0])
    expected = math.erf(1 / math.sqrt(2))  # P(|Z| <= 1)
    assert abs(share - expected) < 5 * math.sqrt(expected * (1 - expected) / n)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: layer_std([]), ValueError),
        (lambda: fraction_near([], 0.0), ValueError),
        (lambda: fraction_near([np.ones(2)], [], 0.1), ValueError),
        (lambda: fraction_near([np.ones(2)], np.nan), ValueError),
        (lambda: fraction_near([np.ones(2)], 0.0, tol=-1.0), ValueError),
        (lambda: fraction_near([np.ones(2)], 0.0, tol="x"), TypeError),  # type: ignore[arg-type]
    ],
)
def test_statistics_validate_arguments(call, error):
    with pytest.raises(error):
        call()


def test_public_initializers_are_accepted_as_init():
    x = np.random.default_rng(0).standard_normal((20, 30))
    by_function = forward_stack(x, 3, 30, init=wi.he_normal, activation="relu", rng=5)
    generator = np.random.default_rng(5)
    for weight in by_function.weights:
        np.testing.assert_array_equal(weight, wi.he_normal((30, 30), rng=generator))
    forward_stack(x, 2, 30, init=wi.kaiming_normal, activation="relu", rng=5)
