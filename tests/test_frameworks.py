"""Tests of weightinit.frameworks: the table of defaults, the weight rules, layers and layouts.

Statistical checks allow five standard errors (see tests/test_initializers.py): the mean square
of n independent draws of variance s2 has standard error s2 * sqrt((kurtosis - 1) / n), with
kurtosis 9/5 for a uniform and 3 for a normal (a bound for the truncated normal, whose kurtosis
is smaller). Seeds are fixed, so the suite is deterministic.
"""

import math

import numpy as np
import pytest

from weightinit import calculate_gain, compute_fans
from weightinit.frameworks import (
    DEFAULTS,
    FRAMEWORKS,
    BiasDefault,
    defaults_markdown,
    flax_weight,
    from_framework_layout,
    get_default,
    init_conv2d,
    init_dense,
    keras_weight,
    pytorch_weight,
    stax_weight,
    to_framework_layout,
)
from weightinit.initializers import TRUNCATED_STD_CORRECTION
from weightinit.style import style_for

Z_TOL = 5.0
KURTOSIS = {"uniform": 9 / 5, "truncated_normal": 3.0}
DENSE = (300, 700)  # fans 300 and 700: a rule using the wrong fan is detected
CONV = (3, 3, 40, 100)  # fans 360 and 900


def assert_mean_square(w, variance, kurtosis):
    standard_error = variance * math.sqrt((kurtosis - 1) / w.size)
    assert abs(float(np.mean(np.square(w))) - variance) <= Z_TOL * standard_error


class TestTable:
    def test_keys_and_style_names(self):
        # each default is drawn under its key's colour and name wherever a page shows it
        for key in FRAMEWORKS:
            assert DEFAULTS[key].key == key and style_for(key) is not None, key

    @pytest.mark.parametrize(
        ("key", "variance", "latex"),
        [
            ("pytorch", 1 / (3 * 300), r"1/(3\,n_\text{in})"),
            ("keras", 2 / 1000, r"2/(n_\text{in} + n_\text{out})"),
            ("flax", 1 / 300, r"1/n_\text{in}"),
            ("stax", 2 / 1000, r"2/(n_\text{in} + n_\text{out})"),
        ],
    )
    def test_variance_as_a_function_of_the_fans(self, key, variance, latex):
        assert DEFAULTS[key].weight_variance(300, 700) == pytest.approx(variance, rel=1e-15)
        assert DEFAULTS[key].variance_latex() == latex

    def test_pytorch_scale_is_kaiming_uniform_with_a_sqrt5(self):
        # kaiming_uniform_: bound = gain * sqrt(3 / n_in); Var = bound**2 / 3.
        bound = calculate_gain("leaky_relu", math.sqrt(5)) * math.sqrt(3 / 300)
        assert bound == pytest.approx(1 / math.sqrt(300), rel=1e-15)
        assert DEFAULTS["pytorch"].weight_variance(300, 7) == pytest.approx(bound**2 / 3)

    def test_biases(self):
        assert BiasDefault("fan_in_uniform").variance(300) == pytest.approx(1 / 900)
        assert BiasDefault("normal", 0.01).variance(300) == pytest.approx(1e-4)
        assert BiasDefault("zeros").variance(300) == 0.0
        assert BiasDefault("normal", 0.02).describe() == "normal, std 0.02"
        assert BiasDefault("zeros").describe() == "zero"
        assert DEFAULTS["stax"].bias_for("dense").std == 1e-2
        assert DEFAULTS["stax"].bias_for("conv2d").std == 1e-6
        with pytest.raises(ValueError, match=r"^layer must be one of \['dense', 'conv2d'\]"):
            DEFAULTS["stax"].bias_for("conv3d")

    def test_markdown_table_has_one_row_per_framework(self):
        lines = defaults_markdown().splitlines()
        assert len(lines) == 2 + len(DEFAULTS)
        for line, entry in zip(lines[2:], DEFAULTS.values(), strict=True):
            assert line.startswith(f"| {entry.framework} {entry.version} |")
            assert f"${entry.variance_latex()}$" in line
            assert line.count("|") == lines[0].count("|")
        assert "normal, std $10^{-2}$ (`Conv`: std $10^{-6}$)" in lines[-1]

    def test_unknown_framework(self):
        with pytest.raises(ValueError, match=r"^framework must be one of \['pytorch', 'keras'"):
            get_default("tensorflow")
        with pytest.raises(TypeError, match=r"^framework must be a str"):
            init_dense(None, 3, 4)


class TestWeights:
    @pytest.mark.parametrize(
        ("function", "key"),
        [
            (pytorch_weight, "pytorch"),
            (keras_weight, "keras"),
            (flax_weight, "flax"),
            (stax_weight, "stax"),
        ],
    )
    @pytest.mark.parametrize("shape", [DENSE, CONV])
    def test_variance(self, function, key, shape):
        # the frameworks' documented rules, written out here rather than read from the table
        variance = {
            "pytorch": lambda n_in, n_out: 1 / (3 * n_in),  # U(±1/√n_in)
            "keras": lambda n_in, n_out: 2 / (n_in + n_out),  # glorot_uniform
            "flax": lambda n_in, n_out: 1 / n_in,  # lecun_normal
            "stax": lambda n_in, n_out: 2 / (n_in + n_out),  # glorot_normal
        }[key]
        w = function(shape, rng=0)
        assert w.shape == shape
        kurtosis = {"pytorch": 9 / 5, "keras": 9 / 5, "flax": 3.0, "stax": 3.0}[key]
        assert_mean_square(w, variance(*compute_fans(shape)), kurtosis)

    def test_pytorch_bound_is_one_over_sqrt_fan_in(self):
        w = pytorch_weight(CONV, rng=1)
        bound = 1 / math.sqrt(360)
        assert np.abs(w).max() <= bound
        assert np.abs(w).max() >= bound * (1 - 20 / w.size)

    def test_truncated_rules_are_cut_at_two_std_before_correction(self):
        for function, variance in [(flax_weight, 1 / 300), (stax_weight, 2 / 1000)]:
            w = function(DENSE, rng=2)
            assert np.abs(w).max() <= 2 * math.sqrt(variance) / TRUNCATED_STD_CORRECTION


class TestLayers:
    @pytest.mark.parametrize("key", FRAMEWORKS)
    def test_dense_shapes_dtype_and_seed(self, key):
        w, b = init_dense(key, 300, 700, rng=5, dtype=np.float32)
        assert w.shape == (300, 700) and b.shape == (700,)
        assert w.dtype == b.dtype == np.float32
        w2, b2 = init_dense(key, 300, 700, rng=5, dtype=np.float32)
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)

    @pytest.mark.parametrize("key", FRAMEWORKS)
    def test_conv_kernel_and_fans(self, key):
        k, b = init_conv2d(key, (3, 5), 8, 16, rng=0)
        assert k.shape == (3, 5, 8, 16) and b.shape == (16,)
        assert init_conv2d(key, 3, 8, 16, rng=0)[0].shape == (3, 3, 8, 16)

    def test_pytorch_bias_uses_the_weights_fan_in(self):
        _, b = init_conv2d("pytorch", 3, 40, 20_000, rng=0)  # fan_in 360
        bound = 1 / math.sqrt(360)
        assert np.abs(b).max() <= bound and np.abs(b).max() >= bound * (1 - 20 / b.size)
        assert_mean_square(b, bound**2 / 3, 9 / 5)

    def test_biases_of_the_other_frameworks(self):
        assert not init_dense("keras", 30, 40, rng=0)[1].any()
        assert not init_conv2d("flax", 3, 3, 4, rng=0)[1].any()
        _, b = init_dense("stax", 3, 50_000, rng=0)
        assert_mean_square(b, 1e-4, 3.0)
        _, b = init_conv2d("stax", 1, 3, 50_000, rng=0)
        assert_mean_square(b, 1e-12, 3.0)

    @pytest.mark.parametrize("kernel_size", [(3,), (3, 3, 3), (0, 3), 0])
    def test_bad_kernel_size(self, kernel_size):
        with pytest.raises(ValueError, match=r"^kernel_size must be a positive int or a pair"):
            init_conv2d("keras", kernel_size, 3, 4)

    def test_bad_channels(self):
        with pytest.raises(TypeError, match=r"^in_channels and out_channels must contain only"):
            init_conv2d("keras", 3, 2.5, 4)


class TestLayouts:
    def test_pytorch_dense_is_the_transpose(self):
        w = np.arange(6.0).reshape(2, 3)
        np.testing.assert_array_equal(to_framework_layout(w, "pytorch"), w.T)

    def test_pytorch_conv_index_mapping(self):
        k = np.arange(2 * 3 * 4 * 5.0).reshape(2, 3, 4, 5)  # (kh, kw, in, out)
        theirs = to_framework_layout(k, "pytorch")
        assert theirs.shape == (5, 4, 2, 3)  # (out, in, kh, kw)
        assert theirs[4, 1, 0, 2] == k[0, 2, 1, 4]
        np.testing.assert_array_equal(from_framework_layout(theirs, "pytorch"), k)

    @pytest.mark.parametrize("key", ["keras", "flax", "stax"])
    def test_others_store_x_at_w(self, key):
        k = np.ones((3, 3, 4, 5))
        assert to_framework_layout(k, key).shape == from_framework_layout(k, key).shape == k.shape

    def test_fans_agree_across_the_conversion(self):
        # PyTorch's rule for (out, in, *kernel): fan_in = in * prod(kernel).
        k = np.zeros((3, 3, 16, 32))
        out, inp, *kernel = to_framework_layout(k, "pytorch").shape
        assert compute_fans(k.shape) == (inp * math.prod(kernel), out * math.prod(kernel))

    def test_one_dimensional_weight_raises(self):
        with pytest.raises(ValueError, match=r"^weight must have at least 2 dimensions"):
            to_framework_layout(np.zeros(3), "pytorch")
