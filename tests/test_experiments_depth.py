import math
import warnings

import numpy as np
import pytest

from weightinit.distributions import normal
from weightinit.experiments.training.depth import DepthSweep, train_depths
from weightinit.fans import compute_fans
from weightinit.frameworks import pytorch_weight
from weightinit.schemes import Scheme, get_scheme

pytestmark = pytest.mark.usefixtures("one_blas_thread")

# The page's setting, one seed: 30 hidden ReLU layers of 64 units on the shipped MNIST digits.
DEEP = {"depths": (30,), "width": 64, "steps": 300, "seeds": (0,)}


def he(shape, *, rng, dtype):
    """The correct He scheme under its own name."""
    return get_scheme("he")(shape, rng=rng, dtype=dtype)


def he_with_the_slides_std(shape, *, rng, dtype):
    """The slide's 2/sqrt(n) passed off as He."""
    return get_scheme("he-slide")(shape, rng=rng, dtype=dtype)


def he_with_summed_fans(shape, *, rng, dtype):
    """A plausible fan bug: n = n_in + n_out instead of n_in (half the variance here)."""
    fan_in, fan_out = compute_fans(shape)
    return normal(shape, std=math.sqrt(2.0 / (fan_in + fan_out)), rng=rng, dtype=dtype)


def test_pytorch_default_is_uniform_with_a_third_of_the_fan_in_variance():
    w = get_scheme("pytorch")((500, 400), rng=0)
    assert np.abs(w).max() <= 1 / math.sqrt(500)
    # the variance of 200,000 uniform draws is within 1 % of 1 / (3 * 500)
    assert w.var() * 3 * 500 == pytest.approx(1.0, rel=0.01)


def test_he_trains_at_30_layers_while_the_books_xavier_and_pytorch_stall(digits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow must be caught, not warned about
        sweep = train_depths(*digits, inits=("xavier-book", "he", "he-slide", "pytorch"), **DEEP)
    assert isinstance(sweep, DepthSweep)
    assert sweep.trained(30, "he").all()
    assert sweep.stalled(30, "xavier-book").all() and sweep.stalled(30, "pytorch").all()
    assert sweep.overflowed(30, "he-slide").all()
    step = sweep.overflow_step[30]["he-slide"][0]
    assert np.isnan(sweep.losses[30]["he-slide"][0, step:]).all()
    assert np.isfinite(sweep.losses[30]["he-slide"][0, :step]).all()
    assert sweep.final_loss(30, "he-slide")[0] == math.inf
    assert not sweep.overflowed(30, "he").any()


@pytest.mark.parametrize("impostor", [he_with_the_slides_std, he_with_summed_fans])
def test_the_findings_fail_when_he_is_replaced(digits, impostor):
    # what the page would call He: a scheme of that name drawing otherwise
    posing = Scheme("he", "impostor", lambda dims, rng, dtype: impostor(dims, rng=rng, dtype=dtype))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sweep = train_depths(*digits, inits=(posing,), **DEEP)
    assert not sweep.trained(30, "he").any()


def test_the_same_minibatches_and_draws_give_the_same_losses(digits):
    settings = {"depths": (3,), "width": 16, "steps": 30, "seeds": (4,)}
    a = train_depths(*digits, inits=(he, "xavier-book"), **settings)
    b = train_depths(*digits, inits=("xavier-book", he), **settings)
    np.testing.assert_array_equal(a.losses[3]["he"], b.losses[3]["he"])
    c = train_depths(*digits, inits=("he",), **settings)
    np.testing.assert_allclose(c.losses[3]["he"], a.losses[3]["he"], rtol=1e-6)


def test_outcome_methods_follow_their_definitions():
    runs = np.array([[2.3026, 2.30, 0.4, 0.3], [2.31, np.nan, np.nan, np.nan]])
    sweep = DepthSweep((5,), (0, 1), {5: {"he": runs}}, {5: {"he": np.array([-1, 1])}}, 10)
    assert sweep.chance_loss == pytest.approx(math.log(10))
    np.testing.assert_allclose(sweep.final_loss(5, "he"), [0.3, math.inf])
    np.testing.assert_allclose(sweep.final_loss(5, "he", window=2), [0.35, math.inf])
    np.testing.assert_array_equal(sweep.trained(5, "he"), [True, False])
    np.testing.assert_array_equal(sweep.overflowed(5, "he"), [False, True])
    np.testing.assert_array_equal(sweep.stalled(5, "he"), [False, False])
    assert sweep.stalled(5, "he", tol=3.0)[0]
    with pytest.raises(ValueError, match="depth"):
        sweep.final_loss(6, "he")
    with pytest.raises(ValueError, match="name"):
        sweep.trained(5, "xavier-book")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"depths": ()}, ValueError, "depths"),
        ({"depths": (0,)}, ValueError, "depths"),
        ({"inits": ("he", "he")}, ValueError, "distinct"),
        ({"width": 0}, ValueError, "width"),
        ({"steps": 1.5}, TypeError, "^steps must be an int"),
        ({"depths": "5"}, TypeError, "^depths must be a sequence"),
        ({"seeds": (-1,)}, ValueError, "seeds"),
        ({"lr": 0.0}, ValueError, "lr"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"n_classes": 2}, ValueError, "n_classes"),
    ],
)
def test_arguments_are_validated(kwargs, error, match):
    x = np.random.default_rng(0).random((20, 4))
    t = np.arange(20) % 3
    with pytest.raises(error, match=match):
        train_depths(x, t, **{"steps": 2, "seeds": (0,), **kwargs})


def test_data_are_validated():
    with pytest.raises(ValueError, match="x must"):
        train_depths(np.ones(5), np.zeros(5, dtype=int))
    with pytest.raises(TypeError, match="integer"):
        train_depths(np.ones((5, 2)), np.zeros(5))
    with pytest.raises(ValueError, match=r"^t must have shape \(5,\), one label per row of x"):
        train_depths(np.ones((5, 2)), np.zeros(4, dtype=int))


def test_pytorch_default_is_the_frameworks_pytorch_weight():
    scheme = get_scheme("pytorch")
    np.testing.assert_array_equal(scheme((30, 20), rng=4), pytorch_weight((30, 20), rng=4))
