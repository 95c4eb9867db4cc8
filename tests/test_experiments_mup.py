"""MLPs of several widths in SP and μP: batching, the coordinate check, the rules it tests."""

import math

import numpy as np
import pytest

from weightinit.experiments.training.mup import COORD_LAYERS, train_widths


@pytest.fixture(scope="module")
def data():
    """A learnable problem: the label is the largest of ten random projections."""
    rng = np.random.default_rng(0)
    x = np.abs(rng.standard_normal((2000, 40))).astype(np.float32)
    labels = np.argmax(x @ rng.standard_normal((40, 10)), axis=1)
    return x, labels


def test_shapes_and_the_first_loss(data):
    x, t = data
    run = train_widths(x, t, widths=(16, 32), lrs=(0.01, 0.1), seeds=(0, 1, 2), steps=4,
                       base_width=16)  # fmt: skip
    assert run.losses[32].shape == (2, 3, 4) and run.coords[32].shape == (2, 3, 4, 3)
    assert len(COORD_LAYERS) == 3
    assert np.all(np.isfinite(run.losses[16])) and np.all(run.coords[16] > 0)
    # every rate of one seed starts from the same weights: same first loss and coordinates
    np.testing.assert_array_equal(run.losses[32][0, :, 0], run.losses[32][1, :, 0])


def test_batched_networks_train_as_if_alone(data):
    x, t = data
    together = train_widths(x, t, widths=(32,), lrs=(0.003, 0.03), seeds=(0, 1), steps=20)
    for i, lr in enumerate((0.003, 0.03)):
        alone = train_widths(x, t, widths=(32,), lrs=(lr,), seeds=(1,), steps=20)
        np.testing.assert_allclose(together.losses[32][i, 1], alone.losses[32][0, 0], rtol=1e-4)


def test_sp_and_mup_coincide_at_the_base_width(data):
    x, t = data
    runs = [train_widths(x, t, widths=(32,), parametrization=p, optimizer="sgd", lrs=(0.1,),
                         steps=10, base_width=32) for p in ("sp", "mup")]  # fmt: skip
    np.testing.assert_array_equal(runs[0].losses[32], runs[1].losses[32])


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_training_lowers_the_loss(data, optimizer):
    x, t = data
    lr = 0.003 if optimizer == "adam" else 0.1
    run = train_widths(x, t, widths=(64,), optimizer=optimizer, lrs=(lr,), steps=300)
    assert run.final_loss(64, 30)[0, 0] < 0.6 * run.losses[64][0, 0, :30].mean()


def test_the_coordinate_check_is_flat_in_mup_and_grows_in_sp(data):
    """The rules tested by the check they were made for: Adam, widths 32 to 512."""
    x, t = data
    widths = (32, 64, 128, 256, 512)
    runs = {p: train_widths(x, t, widths=widths, parametrization=p, lrs=(0.01,), seeds=(0, 1),
                            steps=4, base_width=32) for p in ("sp", "mup")}  # fmt: skip
    span = math.log(512 / 32)
    for step in (2, 3):
        # SP: the output after an update grows at least like sqrt(width) (theory: like width)
        assert runs["sp"].width_slope(step)[2] > 0.5
        # muP: every layer within a factor 1.5 across the 16-fold range of widths
        assert np.all(np.abs(runs["mup"].width_slope(step)) * span < math.log(1.5))
    # at initialization muP's output shrinks like m^(-1/2); SP's does not move
    assert abs(runs["mup"].width_slope(0)[2] + 0.5) < 0.15
    assert abs(runs["sp"].width_slope(0)[2]) < 0.15


def test_the_sgd_coordinate_check_is_flat_in_mup_and_grows_in_sp(data):
    """The SGD half of the rules: input rate times m, output rate and variance over m."""
    x, t = data
    widths = (32, 64, 128, 256, 512)
    kwargs = {"widths": widths, "optimizer": "sgd", "lrs": (0.1,), "seeds": (0, 1), "steps": 6}
    runs = {
        p: train_widths(x, t, parametrization=p, base_width=32, **kwargs) for p in ("sp", "mup")
    }
    span = math.log(512 / 32)
    for step in (1, 2):
        # SP: the output after an update grows at least like sqrt(width)
        assert runs["sp"].width_slope(step)[2] > 0.5
    for step in (2, 5):
        # muP: every layer within a factor 1.5 across the 16-fold range, once the first update
        # outweighs the output's shrinking initial size
        assert np.all(np.abs(runs["mup"].width_slope(step)) * span < math.log(1.5))


def test_a_diverged_network_has_an_infinite_final_loss(data):
    x, t = data
    run = train_widths(x * 1e18, t, widths=(16,), optimizer="sgd", lrs=(1e4,), steps=20)
    assert np.isinf(run.final_loss(16, 5)[0, 0])
    assert np.isnan(run.losses[16][0, 0, -1])


def test_bad_arguments_raise_naming_them(data):
    x, t = data
    with pytest.raises(ValueError, match="parametrization"):
        train_widths(x, t, parametrization="ntk")
    with pytest.raises(ValueError, match="optimizer"):
        train_widths(x, t, optimizer="lion")
    with pytest.raises(ValueError, match="labels"):
        train_widths(x, t[:-1])
    with pytest.raises(TypeError, match="steps"):
        train_widths(x, t, steps=2.5)
