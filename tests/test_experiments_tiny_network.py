import numpy as np
import pytest

from weightinit.experiments import (
    PARAMETER_NAMES,
    SymmetryHistory,
    bump_data,
    initial_parameters,
    numerical_gradients,
    slide_gradients,
    tiny_forward,
    tiny_loss,
    train_symmetric,
)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture(scope="module")
def data():
    return bump_data()


def test_forward_follows_the_slide_equations():
    p = np.array([0.3, -0.2, 0.5, 0.1, 0.0, 0.2, -0.1])
    x = np.array([0.5, -1.0, 2.0])
    out = tiny_forward(p, x)
    w1, w2 = _sigmoid(0.3 * x), _sigmoid(-0.2 * x + 0.2)
    np.testing.assert_allclose(out.w1, w1)
    np.testing.assert_allclose(out.w2, w2)
    np.testing.assert_allclose(out.y, _sigmoid(0.5 * w1 + 0.1 * w2 - 0.1))


def test_cross_entropy_value():
    p, x, t = np.full(7, 0.5), np.array([0.5, -1.0]), np.array([1.0, 0.0])
    y = tiny_forward(p, x).y
    expected = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
    assert tiny_loss(p, x, t) == pytest.approx(expected, rel=1e-12)
    assert tiny_loss(p, x, t, "squared_error") == pytest.approx(np.mean(0.5 * (y - t) ** 2))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_slide_gradients_match_finite_differences(data, seed):
    x, t = data
    p = initial_parameters("std=1", rng=seed)
    np.testing.assert_allclose(
        slide_gradients(p, x, t), numerical_gradients(p, x, t), rtol=1e-6, atol=1e-9
    )


def test_squared_error_needs_the_extra_factor(data):
    x, t = data
    p = initial_parameters("std=1", rng=4)
    y = tiny_forward(p, x).y
    numeric_b3 = numerical_gradients(p, x, t, loss="squared_error")[-1]
    assert numeric_b3 == pytest.approx(np.mean((y - t) * y * (1 - y)), rel=1e-6)
    assert abs(numeric_b3 - slide_gradients(p, x, t)[-1]) > 0.01


def test_zero_start_gives_the_first_layer_no_gradient(data):
    grads = slide_gradients(np.zeros(7), *data)
    names = dict(zip(PARAMETER_NAMES, grads, strict=True))
    assert names["a1"] == names["a2"] == names["b1"] == names["b2"] == 0.0
    assert names["a3"] == names["a4"] != 0.0
    assert names["b3"] != 0.0


@pytest.mark.parametrize("init", ["zeros", "constant=0.5", "constant=1.3"])
def test_equal_start_stays_exactly_symmetric(data, init):
    history = train_symmetric(initial_parameters(init), *data, steps=300)
    assert isinstance(history, SymmetryHistory)
    assert history.parameters.shape == (301, 7)
    assert history.losses.shape == (301,)
    assert np.all(history.gaps() == 0.0)
    # ... while the parameters do move
    assert np.ptp(history.parameter("a1")) > 0.1


def test_random_start_breaks_the_tie_and_fits_better(data):
    symmetric = train_symmetric(np.zeros(7), *data, steps=1000)
    broken = train_symmetric(initial_parameters("std=1", rng=0), *data, steps=1000)
    assert np.all(broken.gaps()[-1] > 1e-3)
    assert broken.losses[-1] < 0.5 * symmetric.losses[-1]
    # gradient descent with a small enough step decreases the loss
    assert symmetric.losses[-1] < symmetric.losses[0]


def test_bump_data():
    x, t = bump_data(61, low=-0.5, high=1.5)
    assert x.shape == t.shape == (61,)
    assert x[0] == -3.0 and x[-1] == 3.0
    np.testing.assert_array_equal(t, ((x > -0.5) & (x < 1.5)).astype(float))


def test_initial_parameters():
    np.testing.assert_array_equal(initial_parameters("zeros"), np.zeros(7))
    a, b = initial_parameters("std=1", rng=3), initial_parameters("std=1", rng=3)
    np.testing.assert_array_equal(a, b)
    assert len(set(a.tolist())) == 7


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: tiny_forward(np.zeros(6), [1.0]), ValueError, "parameters must be 7 numbers"),
        (lambda: tiny_loss(np.zeros(7), [1.0], [2.0]), ValueError, "t must"),
        (lambda: tiny_loss(np.zeros(7), [[1.0]], [[1.0]]), ValueError, "1-D"),
        (lambda: tiny_loss(np.zeros(7), [1.0], [1.0], loss="hinge"), ValueError, "loss"),
        (lambda: numerical_gradients(np.zeros(7), [1.0], [1.0], step=0.0), ValueError, "step"),
        (lambda: bump_data(1), ValueError, "n_samples"),
        (lambda: bump_data(10.0), TypeError, "^n_samples must be an int"),  # type: ignore[arg-type]
        (lambda: train_symmetric(np.zeros(7), [1.0], [1.0], steps=2.5), TypeError, "^steps"),  # type: ignore[arg-type]
        (lambda: bump_data(10, low=1.0, high=0.0), ValueError, "low"),
        (lambda: train_symmetric(np.zeros(7), [1.0], [1.0], steps=-1), ValueError, "steps"),
        (
            lambda: train_symmetric(np.zeros(7), [1.0], [1.0], learning_rate=0),
            ValueError,
            "learning_rate",
        ),
        (lambda: initial_parameters("bogus"), ValueError, "scheme"),
        (lambda: train_symmetric(np.zeros(7), [1.0], [1.0], 1).parameter("c1"), ValueError, "name"),
    ],
)
def test_validation(call, error, match):
    with pytest.raises(error, match=match):
        call()
