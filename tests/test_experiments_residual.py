import math

import numpy as np
import pytest

from weightinit.experiments.propagation.residual import (
    BRANCH_INITS,
    ResidualForward,
    predicted_residual_moments,
    residual_forward,
)


@pytest.fixture(scope="module")
def inputs():
    return np.random.default_rng(0).standard_normal((256, 64))


def test_predictions():
    np.testing.assert_allclose(predicted_residual_moments(4, "residual"), [1, 2, 4, 8, 16])
    np.testing.assert_allclose(predicted_residual_moments(4, "residual-zero"), np.ones(5))
    scaled = predicted_residual_moments(50, "residual-scaled")
    np.testing.assert_allclose(scaled[-1], (1 + 1 / 50) ** 50)
    assert scaled[-1] < math.e


def test_zero_branches_leave_the_input_unchanged(inputs):
    run = residual_forward(inputs, 8, "residual-zero", rng=0)
    assert isinstance(run, ResidualForward) and run.n_blocks == 8
    np.testing.assert_allclose(run.moments, np.mean(inputs**2))


def test_he_branches_double_the_second_moment_per_block(inputs):
    # log2 of the growth, averaged over networks, is B up to a finite-width drift of order
    # sqrt(B / width) per network.
    n_blocks = 16
    logs = [
        np.log2(residual_forward(inputs, n_blocks, "residual", rng=seed).moments[-1])
        - np.log2(np.mean(inputs**2))
        for seed in range(6)
    ]
    assert abs(np.mean(logs) - n_blocks) < 1.5


def test_scaled_branches_stay_bounded(inputs):
    for n_blocks in (8, 32):
        run = residual_forward(inputs, n_blocks, "residual-scaled", rng=1)
        ratio = run.moments / run.moments[0]
        assert np.all(np.diff(ratio) > 0)  # each block adds a little
        assert ratio[-1] < 2 * math.e


def test_only_the_branch_init_differs(inputs):
    # Same seed, same inner weights: the first block of "residual" and "residual-scaled" adds
    # branch outputs that differ by exactly the factor 1/sqrt(B) on the branch.
    a = residual_forward(inputs, 4, "residual", rng=3).moments
    b = residual_forward(inputs, 4, "residual-scaled", rng=3).moments
    q0 = np.mean(inputs**2)
    np.testing.assert_allclose((b[1] - q0), (a[1] - q0) / 4, rtol=0.2)  # cross term ~ 0


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((np.ones(3), 2, "residual"), ValueError, "x must have shape"),
        ((np.full((2, 2), np.nan), 2, "residual"), ValueError, "x must hold only finite"),
        ((np.array([["a"]]), 2, "residual"), TypeError, "x must be a real array"),
        ((np.ones((2, 2)), 0, "residual"), ValueError, "n_blocks"),
        ((np.ones((2, 2)), 2.0, "residual"), TypeError, "n_blocks must be an int"),
        ((np.ones((2, 2)), 2, "fixup"), ValueError, "branch_init"),
    ],
)
def test_validation(args, error, match):
    with pytest.raises(error, match=match):
        residual_forward(*args)


def test_branch_inits_are_style_keys():
    from weightinit.style import style_for

    assert all(style_for(name) is not None for name in BRANCH_INITS)
