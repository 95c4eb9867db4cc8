"""weightinit against Keras 3 (JAX backend): its initializers and its layers' defaults.

Keras stores weights in the x @ W layout, so the same shape goes to both libraries. Each
comparison checks the exact variance (and bound) and a two-sample test (parity.stats).
"""

import itertools
import math

import keras
import numpy as np
import pytest

import weightinit as wi
from parity.reference import layer_inputs, numpy_conv2d
from parity.stats import (
    assert_mean_square,
    assert_same_distribution,
    assert_semi_orthogonal,
    assert_truncated,
)
from parity.test_jax import NAMED, SHAPES, assert_same_rule
from weightinit.frameworks import DEFAULTS, init_conv2d, init_dense, to_framework_layout
from weightinit.initializers import TRUNCATED_STD_CORRECTION

initializers = keras.initializers


def keras_draw(initializer, shape):
    return np.asarray(initializer(shape))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("name", "scale", "mode", "distribution"), NAMED)
def test_named_initializers(shape, name, scale, mode, distribution):
    theirs = keras_draw(initializers.get({"class_name": name, "config": {"seed": 0}}), shape)
    ours = getattr(wi, name)(shape, rng=0)
    assert_same_rule(ours, theirs, scale, mode, distribution)


@pytest.mark.parametrize(
    ("mode", "distribution"),
    list(
        itertools.product(
            ["fan_in", "fan_out", "fan_avg"], ["truncated_normal", "untruncated_normal", "uniform"]
        )
    ),
)
def test_variance_scaling(mode, distribution):
    shape, scale = (3, 3, 40, 100), 0.7
    theirs = keras_draw(initializers.VarianceScaling(scale, mode, distribution, seed=1), shape)
    ours = wi.variance_scaling(shape, scale, mode, distribution, rng=1)
    kind = "normal" if distribution == "untruncated_normal" else distribution
    assert_same_rule(ours, theirs, scale, mode, kind)


def test_truncated_normal_is_relative_and_uncorrected():
    s = 0.05
    theirs = keras_draw(initializers.TruncatedNormal(stddev=s, seed=2), (500, 400))
    ours = wi.trunc_normal((500, 400), std=s, a=-2 * s, b=2 * s, rng=2)
    for w in (ours, theirs):
        assert_truncated(w, s)
        assert_mean_square(w, (TRUNCATED_STD_CORRECTION * s) ** 2, "truncated_normal")
    assert_same_distribution(ours, theirs)


@pytest.mark.parametrize("shape", [(20, 50), (50, 20)])
def test_orthogonal(shape):
    theirs = keras_draw(initializers.Orthogonal(gain=1.3, seed=3), shape)
    for w in (wi.orthogonal(shape, 1.3, rng=3), theirs):
        assert_semi_orthogonal(w, 1.3)


def keras_layer(layer, input_shape, seed):
    keras.utils.set_random_seed(seed)
    layer.build(input_shape)
    return np.asarray(layer.kernel), np.asarray(layer.bias)


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        (lambda: keras_layer(keras.layers.Dense(700), (None, 300), 4),
         lambda: init_dense("keras", 300, 700, rng=4)),
        (lambda: keras_layer(keras.layers.Conv2D(100, (3, 5)), (None, 8, 8, 40), 4),
         lambda: init_conv2d("keras", (3, 5), 40, 100, rng=4)),
    ],
)  # fmt: skip
def test_layer_defaults(theirs, ours):
    weight, bias = theirs()
    our_weight, our_bias = ours()
    entry = DEFAULTS["keras"]
    assert bias.shape == our_bias.shape and not bias.any() and not our_bias.any()
    assert entry.bias_for("dense" if weight.ndim == 2 else "conv2d").kind == "zeros"
    assert_same_rule(our_weight, weight, entry.scale, entry.mode, entry.distribution)
    assert np.abs(weight).max() <= math.sqrt(6 / sum(wi.compute_fans(weight.shape))) * 1.000001


def test_plain_distributions():
    theirs = keras_draw(initializers.RandomNormal(mean=0.3, stddev=0.05, seed=7), (300, 700))
    assert_same_distribution(wi.normal((300, 700), 0.3, 0.05, rng=7), theirs)
    theirs = keras_draw(initializers.RandomUniform(-0.2, 0.5, seed=7), (300, 700))
    assert_same_distribution(wi.uniform((300, 700), -0.2, 0.5, rng=7), theirs)
    for ours, theirs in [
        (wi.constant((3, 4), 0.25), initializers.Constant(0.25)),
        (wi.zeros((3, 4)), initializers.Zeros()),
        (wi.ones((3, 4)), initializers.Ones()),
    ]:
        np.testing.assert_array_equal(ours, keras_draw(theirs, (3, 4)))


def test_the_table_entry_matches_keras():
    from parity.test_jax import SIZES, layout_of

    entry = DEFAULTS["keras"]
    assert keras.__version__ == entry.version and entry.package == "keras"
    named = type(initializers.get(entry.weight_name))
    dense, conv = (getattr(keras.layers, name) for name in entry.layers)
    for layer, input_shape, layout in [
        (dense(5), (None, 3), entry.layouts[0]),
        (conv(5, (2, 4)), (None, 8, 8, 3), entry.layouts[1]),
    ]:
        assert type(layer.kernel_initializer) is named
        kernel, _ = keras_layer(layer, input_shape, 12)
        assert layout_of(kernel.shape, SIZES) == layout


def test_the_layout_conversion_runs_through_keras_own_forward_pass():
    rng = np.random.default_rng(9)
    x, images = layer_inputs(rng)
    weight, bias = init_dense("keras", 7, 5, rng=rng)
    bias = bias + rng.standard_normal(5)  # Keras starts it at zero: make it show
    dense = keras.layers.Dense(5)
    dense.build((None, 7))
    dense.set_weights([to_framework_layout(weight, "keras"), bias])
    kernel, conv_bias = init_conv2d("keras", (2, 3), 4, 6, rng=rng)  # every axis its own length
    conv_bias = conv_bias + rng.standard_normal(6)
    conv = keras.layers.Conv2D(6, (2, 3))
    conv.build((None, 5, 7, 4))
    conv.set_weights([to_framework_layout(kernel, "keras"), conv_bias])
    np.testing.assert_allclose(
        np.asarray(dense(x.astype(np.float32))), x @ weight + bias, rtol=1e-5, atol=1e-5
    )
    np.testing.assert_allclose(
        np.asarray(conv(images.astype(np.float32))),
        numpy_conv2d(images, kernel, conv_bias),
        rtol=1e-5,
        atol=1e-5,
    )
