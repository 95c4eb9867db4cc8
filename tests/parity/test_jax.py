"""weightinit against JAX: jax.nn.initializers, and the defaults of stax and Flax layers.

JAX and Flax store weights in the x @ W layout, so the same shape goes to both libraries.
Each comparison checks the exact variance (and bound) and a two-sample test (parity.stats).
"""

import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import linen
from jax.example_libraries import stax

import weightinit as wi
from parity.reference import layer_inputs, numpy_conv2d
from parity.stats import (
    assert_bound,
    assert_mean_square,
    assert_same_distribution,
    assert_semi_orthogonal,
    assert_truncated,
    uniform_gap,
)
from weightinit.frameworks import DEFAULTS, init_conv2d, init_dense, to_framework_layout
from weightinit.initializers import TRUNCATED_STD_CORRECTION

SHAPES = [(300, 700), (3, 3, 40, 100)]
init = jax.nn.initializers


def jax_draw(initializer, shape, seed):
    return np.asarray(initializer(jax.random.key(seed), shape, jnp.float32))


def expected_variance(scale, mode, shape):
    fan_in, fan_out = wi.compute_fans(shape)
    return scale / {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def assert_same_rule(ours, theirs, scale, mode, distribution):
    assert ours.shape == theirs.shape
    variance = expected_variance(scale, mode, ours.shape)
    for w in (ours, theirs):
        assert_mean_square(w, variance, distribution)
        if distribution == "uniform":
            assert_bound(w, math.sqrt(3 * variance), uniform_gap(w.size))
        elif distribution == "truncated_normal":
            assert_truncated(w, math.sqrt(variance) / TRUNCATED_STD_CORRECTION)
    assert_same_distribution(ours, theirs)


NAMED = [
    ("glorot_uniform", 1.0, "fan_avg", "uniform"),
    ("glorot_normal", 1.0, "fan_avg", "truncated_normal"),
    ("he_uniform", 2.0, "fan_in", "uniform"),
    ("he_normal", 2.0, "fan_in", "truncated_normal"),
    ("lecun_uniform", 1.0, "fan_in", "uniform"),
    ("lecun_normal", 1.0, "fan_in", "truncated_normal"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("name", "scale", "mode", "distribution"), NAMED)
def test_named_initializers(shape, name, scale, mode, distribution):
    ours = getattr(wi, name)(shape, rng=0, dtype=np.float32)
    assert_same_rule(ours, jax_draw(getattr(init, name)(), shape, 0), scale, mode, distribution)


@pytest.mark.parametrize(
    ("mode", "distribution"),
    list(
        itertools.product(
            ["fan_in", "fan_out", "fan_avg"], ["truncated_normal", "normal", "uniform"]
        )
    ),
)
def test_variance_scaling(mode, distribution):
    shape, scale = (3, 3, 40, 100), 0.7
    ours_distribution = "untruncated_normal" if distribution == "normal" else distribution
    ours = wi.variance_scaling(shape, scale, mode, ours_distribution, rng=1)
    theirs = jax_draw(init.variance_scaling(scale, mode, distribution), shape, 1)
    assert_same_rule(
        ours, theirs, scale, mode, "normal" if distribution == "normal" else distribution
    )


def test_truncated_normal_is_relative_and_uncorrected():
    # jax.nn.initializers.truncated_normal(stddev) cuts at +-2 stddev and does not rescale:
    # weightinit's trunc_normal with bounds given in values, a = -2 stddev, b = 2 stddev.
    s = 0.05
    theirs = jax_draw(init.truncated_normal(s), (500, 400), 2)
    ours = wi.trunc_normal((500, 400), std=s, a=-2 * s, b=2 * s, rng=2)
    for w in (ours, theirs):
        assert_truncated(w, s)
        assert_mean_square(w, (TRUNCATED_STD_CORRECTION * s) ** 2, "truncated_normal")
    assert_same_distribution(ours, theirs)


@pytest.mark.parametrize("shape", [(20, 50), (50, 20), (3, 3, 16, 32)])
def test_orthogonal(shape):
    theirs = jax_draw(init.orthogonal(1.3), shape, 3)
    ours = wi.orthogonal(shape, 1.3, rng=3)
    for w in (ours, theirs):
        assert_semi_orthogonal(w.reshape(-1, shape[-1]), 1.3)


def stax_layer(layer, input_shape, seed):
    _, (weight, bias) = layer[0](jax.random.key(seed), input_shape)
    return np.asarray(weight), np.asarray(bias).ravel()


def flax_layer(module, input_shape, seed):
    params = module.init(jax.random.key(seed), jnp.ones(input_shape))["params"]
    return np.asarray(params["kernel"]), np.asarray(params["bias"])


@pytest.mark.parametrize(
    ("key", "theirs", "ours"),
    [
        ("stax", lambda: stax_layer(stax.Dense(700), (-1, 300), 4),
         lambda: init_dense("stax", 300, 700, rng=4)),
        ("stax", lambda: stax_layer(stax.Conv(100, (3, 3)), (1, 8, 8, 40), 4),
         lambda: init_conv2d("stax", 3, 40, 100, rng=4)),
        ("flax", lambda: flax_layer(linen.Dense(700), (1, 300), 4),
         lambda: init_dense("flax", 300, 700, rng=4)),
        ("flax", lambda: flax_layer(linen.Conv(100, (3, 5)), (1, 8, 8, 40), 4),
         lambda: init_conv2d("flax", (3, 5), 40, 100, rng=4)),
    ],
)  # fmt: skip
def test_layer_defaults(key, theirs, ours):
    weight, bias = theirs()
    our_weight, our_bias = ours()
    entry = DEFAULTS[key]
    assert bias.shape == our_bias.shape
    assert_same_rule(our_weight, weight, entry.scale, entry.mode, entry.distribution)
    layer = "dense" if weight.ndim == 2 else "conv2d"
    std = entry.bias_for(layer).std
    if std == 0:
        assert not bias.any() and not our_bias.any()
    else:
        assert_same_distribution(our_bias / std, bias / std)


@pytest.mark.parametrize(
    ("theirs", "layer", "input_shape"),
    [(stax.Dense(50_000), "dense", (-1, 30)), (stax.Conv(50_000, (1, 1)), "conv2d", (1, 2, 2, 3))],
)
def test_stax_bias(theirs, layer, input_shape):
    _, bias = stax_layer(theirs, input_shape, 5)
    rule = DEFAULTS["stax"].bias_for(layer)
    ours = rule.draw(bias.size, 30, np.random.default_rng(5), np.float64)
    assert_mean_square(bias, rule.variance(30), "normal")
    assert_same_distribution(ours, bias)


def test_flax_nnx_layers_share_the_default():
    from flax import nnx

    linear = nnx.Linear(300, 700, rngs=nnx.Rngs(6))
    ours, _ = init_dense("flax", 300, 700, rng=6)
    assert not np.asarray(linear.bias[...]).any()
    assert_same_rule(ours, np.asarray(linear.kernel[...]), 1.0, "fan_in", "truncated_normal")
    conv = nnx.Conv(40, 100, (3, 5), rngs=nnx.Rngs(6))
    ours, _ = init_conv2d("flax", (3, 5), 40, 100, rng=6)
    assert not np.asarray(conv.bias[...]).any()
    assert_same_rule(ours, np.asarray(conv.kernel[...]), 1.0, "fan_in", "truncated_normal")


def test_plain_distributions():
    # jax.nn.initializers.normal(stddev) is N(0, stddev^2); uniform(scale) is U[0, scale).
    assert_same_distribution(
        wi.normal((300, 700), std=0.05, rng=7), jax_draw(init.normal(0.05), (300, 700), 7)
    )
    assert_same_distribution(
        wi.uniform((300, 700), 0.0, 0.3, rng=7), jax_draw(init.uniform(0.3), (300, 700), 7)
    )
    for ours, theirs in [
        (wi.constant((3, 4), 0.25), init.constant(0.25)),
        (wi.zeros((3, 4)), init.zeros),
        (wi.ones((3, 4)), init.ones),
    ]:
        np.testing.assert_array_equal(ours, jax_draw(theirs, (3, 4), 0))


def layout_of(shape, sizes):
    """The layout string of a framework weight's shape, e.g. (3, 5) -> "(in, out)"."""
    names = {size: name for name, size in sizes.items()}
    return "(" + ", ".join(names[n] for n in shape) + ")"


SIZES = {"in": 3, "out": 5, "kh": 2, "kw": 4}


def test_the_flax_table_entry_matches_flax():
    import flax

    entry = DEFAULTS["flax"]
    assert flax.__version__ == entry.version and entry.package == "flax"
    dense, conv = (getattr(linen, name.removeprefix("nn.")) for name in entry.layers)
    named = getattr(init, entry.weight_name)()
    key = jax.random.key(10)
    for module, x, layout in [
        (dense(5), jnp.ones((1, 3)), entry.layouts[0]),
        (conv(5, (2, 4)), jnp.ones((1, 8, 8, 3)), entry.layouts[1]),
    ]:
        kernel = np.asarray(module.init(key, x)["params"]["kernel"])
        assert layout_of(kernel.shape, SIZES) == layout
        # the layer's default kernel_init is the initializer the table names, draw for draw
        np.testing.assert_array_equal(
            np.asarray(module.kernel_init(key, kernel.shape)), np.asarray(named(key, kernel.shape))
        )


def test_the_stax_table_entry_matches_stax():
    entry = DEFAULTS["stax"]
    assert jax.__version__ == entry.version and entry.package == "jax"
    dense, conv = (getattr(stax, name) for name in entry.layers)
    named = getattr(init, entry.weight_name)()
    for default, explicit, input_shape, layout in [
        (dense(5), dense(5, W_init=named), (-1, 3), entry.layouts[0]),
        (conv(5, (2, 4)), conv(5, (2, 4), W_init=named), (1, 8, 8, 3), entry.layouts[1]),
    ]:
        weight, _ = stax_layer(default, input_shape, 11)
        assert layout_of(weight.shape, SIZES) == layout
        np.testing.assert_array_equal(weight, stax_layer(explicit, input_shape, 11)[0])


@pytest.mark.parametrize("key", ["flax", "stax"])
def test_the_layout_conversion_runs_through_the_frameworks_own_forward_pass(key):
    rng = np.random.default_rng(9)
    x, images = layer_inputs(rng)
    weight, bias = init_dense(key, 7, 5, rng=rng)
    kernel, conv_bias = init_conv2d(key, (2, 3), 4, 6, rng=rng)  # every axis its own length
    conv_bias = conv_bias + rng.standard_normal(6)  # stax's is near 0: make it show
    w, k = to_framework_layout(weight, key), to_framework_layout(kernel, key)
    if key == "flax":
        dense = linen.Dense(5).apply({"params": {"kernel": w, "bias": bias}}, x)
        conv = linen.Conv(6, (2, 3), padding="VALID").apply(
            {"params": {"kernel": k, "bias": conv_bias}}, images
        )
    else:
        dense = stax.Dense(5)[1]((w, bias), x)
        conv = stax.Conv(6, (2, 3))[1]((k, conv_bias.reshape(1, 1, 1, 6)), images)
    np.testing.assert_allclose(np.asarray(dense), x @ weight + bias, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        np.asarray(conv), numpy_conv2d(images, kernel, conv_bias), rtol=1e-5, atol=1e-5
    )
