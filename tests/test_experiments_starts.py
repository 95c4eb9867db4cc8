import numpy as np
import pytest

from weightinit.experiments import train_symmetric
from weightinit.experiments.symmetry.starts import train_over_seeds
from weightinit.experiments.symmetry.tiny_network import bump_data, initial_parameters, tiny_forward


def test_outcomes_are_those_of_single_runs():
    outcomes = train_over_seeds("std=1", seeds=[3, 4], steps=40)
    x, t = bump_data()
    for row, seed in enumerate((3, 4)):
        history = train_symmetric(initial_parameters("std=1", rng=seed), x, t, 40, 2.0)
        assert np.array_equal(outcomes.final_parameters[row], history.parameters[-1])
        assert outcomes.final_loss[row] == history.losses[-1]
        assert outcomes.initial_loss[row] == history.losses[0]
    assert outcomes.seeds == (3, 4) and outcomes.init == "std=1"
    # the unit gaps: mean |w1 - w2| over the inputs, of the first and the last parameters
    for when in ("initial", "final"):
        for row, p in enumerate(getattr(outcomes, f"{when}_parameters")):
            hidden = tiny_forward(p, x)
            gap = getattr(outcomes, f"{when}_unit_gap")[row]
            assert gap == np.mean(np.abs(hidden.w1 - hidden.w2))
    assert np.array_equal(outcomes.largest("initial"), np.abs(outcomes.initial_parameters).max(1))


def test_small_starts_are_near_ties_and_stall_more_often():
    seeds = tuple(range(8))
    small = train_over_seeds("std=0.01", seeds)
    large = train_over_seeds("std=1", seeds)
    assert small.initial_unit_gap.max() < large.initial_unit_gap.min()
    assert small.share_below(0.1) < large.share_below(0.1)
    assert np.all(small.final_loss < small.initial_loss)
    # the small starts that stall end with their units still nearly alike, unlike every fit
    stalled = small.final_loss >= 0.1
    fits = np.concatenate([r.final_unit_gap[r.final_loss < 0.1] for r in (small, large)])
    assert stalled.any() and small.final_unit_gap[stalled].max() < fits.min()


def test_defaults_and_validation():
    with pytest.raises(ValueError, match="seeds"):
        train_over_seeds("std=1", seeds=[])
    with pytest.raises(ValueError, match="seeds"):
        train_over_seeds("std=1", seeds=[-1])
    with pytest.raises(TypeError, match=r"^seeds must be a sequence"):
        train_over_seeds("std=1", seeds=3)
    with pytest.raises(ValueError, match="when"):
        train_over_seeds("std=1", seeds=[0], steps=1).largest("middle")
