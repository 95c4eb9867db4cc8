import math

import numpy as np
import pytest

from weightinit.experiments import DepthProfiles, depth_profiles, forward_stack, layer_std


@pytest.fixture(scope="module")
def profiles():
    return depth_profiles(n_layers=6, width=100, n_samples=300, n_seeds=2, rng=0)


def test_shapes_and_order(profiles):
    assert isinstance(profiles, DepthProfiles)
    assert profiles.inits == ("std=0.01", "std=1", "xavier-book", "he")
    assert profiles.activations == ("sigmoid", "tanh", "relu")
    assert profiles.forward.shape == profiles.backward.shape == (4, 3, 6)
    assert profiles.n_layers == 6
    assert np.all(np.isfinite(profiles.forward)) and np.all(profiles.forward > 0)
    assert np.array_equal(profiles.get("he", "tanh", "backward"), profiles.backward[3, 1])


def test_he_keeps_relu_and_xavier_loses_half_the_variance_per_layer(profiles):
    he = profiles.get("he", "relu")
    xavier = profiles.get("xavier-book", "relu")
    # the std of ReLU outputs scales with the pre-activation's std: He keeps it level ...
    assert 0.7 < he[-1] / he[0] < 1.4
    # ... the book's Xavier loses a factor sqrt(2) per layer (5 steps from layer 1 to 6)
    per_layer = (xavier[-1] / xavier[0]) ** (1 / 5)
    assert abs(per_layer - 1 / math.sqrt(2)) < 0.05
    # backward: He keeps the gradient, Xavier's shrinks on the way down (index 0 = layer 1)
    he_back, xavier_back = (
        profiles.get("he", "relu", "backward"),
        profiles.get("xavier-book", "relu", "backward"),
    )
    assert 0.7 < he_back[0] / he_back[-1] < 1.4
    assert xavier_back[0] < 0.3 * xavier_back[-1]


def test_sigmoid_collapses_with_small_weights_and_gradients_vanish(profiles):
    # std 0.01: activations a narrow spike at 0.5 (std ~ 1/4 * 0.01 * sqrt(100) / 2 from layer
    # 2 on, far below Xavier's), and the gradient shrinks ~40x per layer
    small = profiles.get("std=0.01", "sigmoid")
    assert np.all(small[1:] < 0.02) and np.all(small < 0.2 * profiles.get("xavier-book", "sigmoid"))
    back = profiles.get("std=0.01", "sigmoid", "backward")
    assert np.all(back[:-1] / back[1:] < 0.05)
    # std 1: saturated, the activations' std is near its maximum of 1/2
    assert np.all(profiles.get("std=1", "sigmoid") > 0.4)


def test_matches_a_single_forward_stack():
    p = depth_profiles(
        ["xavier-book"], ["tanh"], n_layers=3, width=20, n_samples=50, n_seeds=1, rng=7
    )
    stream = np.random.default_rng(7).spawn(1)[0]
    x = stream.standard_normal((50, 20))
    run = forward_stack(x, 3, 20, "xavier-book", "tanh", rng=stream)
    np.testing.assert_allclose(p.get("xavier-book", "tanh"), layer_std(run.activations))


def test_adding_a_pair_leaves_the_others_unchanged():
    one = depth_profiles(["he"], ["relu"], n_layers=3, n_samples=50, rng=1)
    two = depth_profiles(["he", "xavier-book"], ["relu"], n_layers=3, n_samples=50, rng=1)
    np.testing.assert_array_equal(one.get("he", "relu"), two.get("he", "relu"))


def test_is_reproducible():
    a = depth_profiles(["std=1"], ["tanh"], n_layers=3, n_samples=50, rng=3)
    b = depth_profiles(["std=1"], ["tanh"], n_layers=3, n_samples=50, rng=3)
    np.testing.assert_array_equal(a.backward, b.backward)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"inits": "he"}, TypeError, "inits must be a sequence"),
        ({"inits": []}, ValueError, "inits must hold at least 1"),
        ({"inits": ["he", "he"]}, ValueError, "must not repeat"),
        ({"activations": ["relu", 3]}, TypeError, "each entry of activations must be a str"),
        ({"n_layers": 0}, ValueError, "n_layers must be a positive int"),
        ({"width": 2.5}, TypeError, "width must be an int"),
        ({"n_samples": True}, TypeError, "n_samples must be an int"),
        ({"n_seeds": -1}, ValueError, "n_seeds must be a positive int"),
    ],
)
def test_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        depth_profiles(**kwargs)


def test_rejects_unknown_names():
    with pytest.raises(ValueError):
        depth_profiles(["no such scheme"], ["relu"])
    with pytest.raises(ValueError):
        depth_profiles(["he"], ["no such activation"])


def test_get_rejects_unknown_pairs_and_directions():
    p = depth_profiles(["he"], ["relu"], n_layers=2, n_samples=20, rng=0)
    with pytest.raises(ValueError, match="direction must be one of"):
        p.get("he", "relu", "sideways")
    with pytest.raises(ValueError, match="init must be one of"):
        p.get("xavier-book", "relu")
    with pytest.raises(ValueError, match="activation must be one of"):
        p.get("he", "tanh")
