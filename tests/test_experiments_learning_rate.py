import math

import numpy as np
import pytest

from weightinit.experiments.training.learning_rate import (
    LearningRateSweep,
    output_ratio,
    sweep_learning_rates,
)

pytestmark = pytest.mark.usefixtures("one_blas_thread")


@pytest.mark.parametrize("hidden", [(), (32,), (32, 32, 32, 32), (16,) * 10])
def test_xaviers_logits_are_hes_times_two_to_the_minus_half_the_weight_layers(hidden):
    x = np.random.default_rng(0).random((50, 12))
    sizes = (12, *hidden, 5)
    ratio, residual = output_ratio(x, sizes, seed=3)
    assert ratio == pytest.approx(2 ** (-(len(sizes) - 1) / 2), rel=1e-5)
    assert residual < 1e-5


def test_the_ratio_is_not_two_to_the_minus_half_for_the_slides_scheme():
    x = np.random.default_rng(0).random((50, 12))
    ratio, residual = output_ratio(x, (12, 32, 32, 5), scaled="he-slide")
    assert ratio == pytest.approx(2 ** (3 / 2), rel=1e-5) and residual < 1e-5  # sqrt 2 per layer
    ratio, residual = output_ratio(x, (12, 32, 32, 5), scaled="std=0.01")
    assert residual < 1e-5  # any per-layer rescaling of the same draws is a multiple
    ratio, residual = output_ratio(x, (12, 32, 32, 5), scaled="pytorch")
    assert residual > 0.1  # other draws (uniform ones) are not


def test_a_larger_rate_lets_xavier_match_he_in_the_books_network(digits):
    sweep = sweep_learning_rates(
        *digits, lrs=(0.01, 0.04), hidden=(50,) * 4, batch_size=64, iterations=200, seeds=(0,)
    )
    assert isinstance(sweep, LearningRateSweep)
    assert sweep.final_loss["xavier-book"].shape == (2, 1)
    assert sweep.matching_rate("xavier-book") == 0.04
    assert sweep.final_loss["xavier-book"][0, 0] > sweep.reference_loss[0]
    assert sweep.best_loss("xavier-book") == pytest.approx(sweep.final_loss["xavier-book"][1, 0])


def test_no_rate_rescues_xavier_at_30_layers(digits):
    sweep = sweep_learning_rates(
        *digits, lrs=(0.01, 0.1, 1.0), inits=("xavier-book",), hidden=(32,) * 30,
        batch_size=64, iterations=100, seeds=(0,),
    )  # fmt: skip
    assert sweep.matching_rate("xavier-book") is None
    assert sweep.best_loss("xavier-book") > 0.95 * math.log(10)


def test_overflow_gives_an_infinite_final_loss_and_no_warning(digits):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sweep = sweep_learning_rates(
            *digits, lrs=(0.01,), inits=("he-slide",), hidden=(16,) * 30, batch_size=16,
            iterations=5, seeds=(0,),
        )  # fmt: skip
    assert sweep.final_loss["he-slide"][0, 0] == math.inf


def test_matching_rate_definition():
    sweep = LearningRateSweep(
        (0.01, 0.02, 0.04),
        {"xavier-book": np.array([[1.0, 1.2], [0.6, 0.5], [0.2, 0.3]])},
        "he",
        0.01,
        np.array([0.55, 0.65]),
        10,
    )
    assert sweep.matching_rate("xavier-book") == 0.02  # median 0.55 <= 0.6
    assert sweep.best_loss("xavier-book") == pytest.approx(0.25)
    with pytest.raises(ValueError, match="name"):
        sweep.matching_rate("he")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"lrs": ()}, "lrs"), ({"lrs": (0.1, 0.01)}, "sorted"), ({"lrs": (-1.0,)}, "lrs"),
     ({"reference_lr": 0}, "reference_lr"), ({"hidden": (0,)}, "hidden")],
)  # fmt: skip
def test_arguments_are_validated(kwargs, match):
    x = np.random.default_rng(0).random((20, 4))
    with pytest.raises(ValueError, match=match):
        sweep_learning_rates(x, np.arange(20) % 3, iterations=2, seeds=(0,), **kwargs)
