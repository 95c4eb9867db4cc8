import numpy as np
import pytest

from weightinit.experiments.symmetry.permutation import TieHistory, train_hidden_layer, unit_spread

pytestmark = pytest.mark.usefixtures("one_blas_thread")


@pytest.fixture(scope="module")
def digits(digits):
    """The first 300 digits of the shared fixture: enough to show the units tie or split."""
    x, t = digits
    return x[:300], t[:300]


def test_unit_spread_is_zero_only_for_equal_units():
    w_in, b, w_out = np.ones((3, 5)), np.zeros(5), np.ones((5, 2))
    assert unit_spread(w_in, b, w_out) == 0.0
    b[3] = 0.25
    assert unit_spread(w_in, b, w_out) == 0.25
    with pytest.raises(ValueError, match="shapes"):
        unit_spread(w_in, np.zeros(4), w_out)


def test_equal_units_stay_exactly_equal_however_many(digits):
    for n in (2, 64):
        history = train_hidden_layer(*digits, n_hidden=n, steps=60)
        assert isinstance(history, TieHistory)
        assert history.spread.max() == 0.0 and history.distinct_units() == 1


def test_training_treats_every_unit_alike(digits):
    # Start two trainings from the same weights with the hidden units in another order: the
    # trained weights must be the first training's in that order, so nothing in the training
    # depends on a unit's index (the symmetry the page's argument rests on).
    x, t = digits
    rng = np.random.default_rng(0)
    w_in, w_out = rng.normal(0, 0.3, (x.shape[1], 8)), rng.normal(0, 0.3, (8, 10))
    order = rng.permutation(8)

    def start(first, second):
        weights = iter([first, second])
        return lambda shape, *, rng=None, dtype=np.float64: next(weights).astype(dtype)

    history = train_hidden_layer(x, t, n_hidden=8, init=start(w_in, w_out), steps=5)
    permuted = train_hidden_layer(
        x, t, n_hidden=8, init=start(w_in[:, order], w_out[order]), steps=5
    )
    assert not np.allclose(history.w_in, w_in)  # the weights did move
    np.testing.assert_allclose(permuted.w_in, history.w_in[:, order], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(permuted.w_out, history.w_out[order], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(permuted.b, history.b[order], rtol=1e-10, atol=1e-12)


def test_zero_biases_split_after_one_step_when_the_weights_differ(digits):
    history = train_hidden_layer(*digits, n_hidden=16, init="xavier-book", steps=1)
    assert history.bias_spread[0] == 0.0 and history.bias_spread[1] > 0
    assert len(np.unique(history.b)) == 16


def test_dropout_breaks_the_tie(digits):
    tied = train_hidden_layer(*digits, n_hidden=16, steps=100)
    dropped = train_hidden_layer(*digits, n_hidden=16, steps=100, dropout=0.5, rng=1)
    assert tied.spread[-1] == 0.0 and dropped.spread[-1] > 0.01
    assert dropped.distinct_units() == 16


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"dropout": 1.0}, "dropout"), ({"steps": -1}, "steps"), ({"n_hidden": 0}, "n_hidden"),
     ({"lr": 0}, "lr")],
)  # fmt: skip
def test_arguments_are_validated(kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_hidden_layer(np.ones((4, 3)), np.array([0, 1, 0, 1]), **kwargs)
