"""Tests of weightinit/explorers/playground.py: the 2-D data sets, the training, the embed."""

import json
import math
import re

import numpy as np
import pytest

from weightinit.explorers.playground import (
    DATA_SETS,
    SIZES,
    STARTS,
    distinct_units,
    make_2d_data,
    playground_config,
    playground_html,
    train_playground,
)
from weightinit.language import set_language
from weightinit.network import MLP


@pytest.fixture(scope="module")
def data():
    return make_2d_data("moons", rng=0)


@pytest.fixture(scope="module")
def config():
    return playground_config(steps=20, seeds=3)


class TestMake2dData:
    @pytest.mark.parametrize("name", list(DATA_SETS))
    def test_shapes_dtypes_and_classes(self, name):
        x, labels = make_2d_data(name, 101, rng=0)
        assert x.shape == (101, 2) and x.dtype == np.float64
        assert labels.shape == (101,) and set(np.unique(labels)) == {0, 1}

    @pytest.mark.parametrize("name", list(DATA_SETS))
    def test_seeded_determinism(self, name):
        a, la = make_2d_data(name, rng=3)
        b, lb = make_2d_data(name, rng=3)
        c, _ = make_2d_data(name, rng=4)
        assert np.array_equal(a, b) and np.array_equal(la, lb) and not np.array_equal(a, c)

    def test_noiseless_shapes(self):
        x, labels = make_2d_data("circles", 200, noise=0.0)
        radius = np.hypot(*x.T)
        assert np.allclose(radius[labels == 0], 1.0) and np.allclose(radius[labels == 1], 0.5)
        x, labels = make_2d_data("moons", 200, noise=0.0)
        upper = x[labels == 0] + [0.5, 0.25]  # the first moon: a half circle of radius 1
        assert np.allclose(np.hypot(*upper.T), 1.0) and np.all(upper[:, 1] >= -1e-12)
        x, labels = make_2d_data("spiral", 200, noise=0.0)
        assert np.isclose(np.hypot(*x.T).max(), 1.0)
        # the arms are each other turned by pi
        assert np.allclose(x[labels == 0], -x[labels == 1])

    def test_xor_labels_are_the_sign_of_the_product_without_noise(self):
        x, labels = make_2d_data("xor", 500, noise=0.0, rng=0)
        assert np.array_equal(labels, (x[:, 0] * x[:, 1] > 0).astype(int))
        assert np.all(np.abs(x) <= 1.0)

    def test_noise_has_the_stated_standard_deviation(self):
        # 2 * 20000 draws: the sample std is within 5 standard errors (1/sqrt(2n) relative)
        clean, _ = make_2d_data("moons", 20000, noise=0.0)
        noisy, _ = make_2d_data("moons", 20000, noise=0.3, rng=0)
        std = float((noisy - clean).std())
        assert abs(std / 0.3 - 1) < 5 / math.sqrt(2 * 40000)

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="name must be one of"):
            make_2d_data("rings")
        with pytest.raises(TypeError, match="n_samples must be an int"):
            make_2d_data("moons", 10.0)
        with pytest.raises(ValueError, match="n_samples must be an int >= 2"):
            make_2d_data("moons", 1)
        with pytest.raises(ValueError, match="noise must be non-negative"):
            make_2d_data("moons", noise=-0.1)
        with pytest.raises(TypeError, match="rng must be"):
            make_2d_data("moons", rng="zero")


class TestTrainPlayground:
    def test_zero_start_keeps_twins_and_the_loss_at_ln2(self, data):
        run = train_playground(*data, "zeros", steps=30)
        assert run.losses.shape == (31,) and run.distinct_units == (1, 1)
        assert np.ptp(run.losses) == 0.0
        assert abs(run.losses[0] - math.log(2)) < 1e-15

    def test_equal_start_moves_but_keeps_twins(self, data):
        run = train_playground(*data, "equal", steps=30)
        assert run.distinct_units == (1, 1)
        assert run.losses[-1] < run.losses[0]  # it does learn, as one unit per layer
        # every unit's incoming weight from each input is one value
        assert np.all(np.ptp(run.network.weights[0], axis=1) == 0.0)

    def test_he_start_has_distinct_units_and_learns(self, data):
        run = train_playground(*data, "he", steps=100, rng=0)
        assert run.distinct_units == (16, 8) and run.losses[-1] < 0.5 * run.losses[0]

    def test_seeded_determinism_and_float64(self, data):
        a = train_playground(*data, "he", steps=5, rng=1, activation="tanh")
        b = train_playground(*data, "he", steps=5, rng=1, activation="tanh")
        assert np.array_equal(a.losses, b.losses) and a.network.weights[0].dtype == np.float64

    def test_losses_are_those_of_the_network_after_each_step(self, data):
        run = train_playground(*data, "xavier", steps=3, rng=2)
        again = MLP(SIZES, init="xavier", rng=2, dtype=np.float64)
        assert np.isclose(again.loss(*data), run.losses[0], rtol=1e-12)

    def test_bad_arguments(self, data):
        with pytest.raises(ValueError, match="start must be one of"):
            train_playground(*data, "glorot")
        with pytest.raises(ValueError, match="activation must be one of"):
            train_playground(*data, "he", activation="gelu")
        with pytest.raises(ValueError, match="steps must be a non-negative int"):
            train_playground(*data, "he", steps=-1)


def test_distinct_units_counts_per_hidden_layer():
    net = MLP(SIZES, init="zeros", dtype=np.float64)
    net.weights[1][3, 0] = 1.0  # unit 3 of layer 1 differs in an outgoing weight
    assert distinct_units(net) == (2, 2)  # ... and so does unit 0 of layer 2, incoming


class TestConfigAndHtml:
    def test_layer_std_is_the_schemes(self, config):
        he, xavier = config["layerStd"]["he"], config["layerStd"]["xavier"]
        assert np.allclose(he, [math.sqrt(2 / n) for n in SIZES[:-1]])
        assert np.allclose(xavier, [math.sqrt(1 / n) for n in SIZES[:-1]])
        assert config["layerStd"]["large"] == [100.0] * 3 and config["layerStd"]["zeros"] == [0] * 3

    def test_results_and_replay(self, config):
        assert set(config["results"]) == set(STARTS)
        assert config["results"]["zeros"]["distinct"] == [1, 1]
        replay = config["replay"]
        assert len(replay["x"]) == 2 * config["samples"] and len(replay["labels"]) == 200
        assert [len(w) for w in replay["weights"]] == [32, 128, 16]
        assert all(len(v) == 21 for v in replay["losses"].values())

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="seeds must be an int >= 2"):
            playground_config(seeds=1)
        with pytest.raises(TypeError, match="config must be a dict"):
            playground_html([])

    def test_html_is_hidden_labelled_and_carries_the_config(self, config):
        snippet = playground_html(config)
        assert snippet.startswith('<div class="weightinit-playground" hidden')
        for control in ("data", "start", "activation"):
            assert re.search(f'<label for="playground-{control}">', snippet)
            assert f'<select id="playground-{control}" data-control="{control}">' in snippet
        assert (
            'aria-live="polite"' in snippet
            and '<button type="button" data-action="play">' in snippet
        )
        payload = re.search(r'<script type="application/json">(.*)</script>', snippet).group(1)
        assert json.loads(payload)["results"] == config["results"]

    def test_japanese_strings(self, config):
        set_language("ja")
        try:
            snippet = playground_html(config)
            strings = playground_config(steps=1, seeds=2)["strings"]
        finally:
            set_language("en")
        assert "再生" in snippet and "データ" in snippet and strings["pause"] == "一時停止"
