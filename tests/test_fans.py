"""Tests of weightinit.fans: compute_fans and calculate_gain."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weightinit import NONLINEARITIES, calculate_gain, compute_fans

FAST = settings(max_examples=30, deadline=None)


class TestComputeFans:
    @pytest.mark.parametrize(
        ("shape", "fans"),
        [
            ((784, 100), (784, 100)),  # dense, x @ W: (fan_in, fan_out)
            ([1, 1], (1, 1)),
            ((5, 8, 16), (40, 80)),  # conv1d: kernel 5, 8 -> 16 channels
            ((3, 3, 16, 32), (144, 288)),  # conv2d 3x3
            ((2, 3, 4, 6, 10), (144, 240)),  # conv3d 2x3x4
            (np.array([3, 3, 1, 8]), (9, 72)),
        ],
    )
    def test_dense_and_convolution_shapes(self, shape, fans):
        assert compute_fans(shape) == fans

    @given(st.lists(st.integers(1, 9), min_size=2, max_size=5))
    @FAST
    def test_fans_count_the_rows_and_columns_of_the_unrolled_kernel(self, dims):
        # A kernel (*k, c_in, c_out) acts as a matrix of shape (prod(k) * c_in, c_out) on
        # unrolled patches: fan_in is its number of rows; each input channel of a patch
        # position reaches prod(k) * c_out weights.
        weight = np.zeros(dims)
        fan_in, fan_out = compute_fans(tuple(dims))
        assert fan_in == weight.reshape(-1, dims[-1]).shape[0]
        assert fan_out == weight.size // dims[-2]
        assert type(fan_in) is int and type(fan_out) is int

    @pytest.mark.parametrize("shape", [5, (), (7,), [0]])
    def test_fewer_than_two_dims_raise_value_error(self, shape):
        with pytest.raises(ValueError, match=r"^shape must have at least 2 dimensions"):
            compute_fans(shape)

    @given(st.lists(st.integers(0, 5), min_size=2, max_size=5).filter(lambda d: 0 in d))
    @FAST
    def test_any_zero_dim_raises_value_error(self, dims):
        with pytest.raises(ValueError, match=r"^shape must give non-zero fan_in and fan_out"):
            compute_fans(dims)

    @pytest.mark.parametrize(
        ("shape", "error"),
        [((3, -1), ValueError), ((3.0, 4), TypeError), ("34", TypeError), ((2, None), TypeError)],
    )
    def test_bad_dims_raise_naming_shape(self, shape, error):
        with pytest.raises(error, match=r"^shape must"):
            compute_fans(shape)


class TestCalculateGain:
    # PyTorch's table (torch.nn.init.calculate_gain), written out by hand.
    @pytest.mark.parametrize(
        ("nonlinearity", "gain"),
        [
            ("linear", 1.0),
            ("conv1d", 1.0),
            ("conv2d", 1.0),
            ("conv3d", 1.0),
            ("conv_transpose1d", 1.0),
            ("conv_transpose2d", 1.0),
            ("conv_transpose3d", 1.0),
            ("sigmoid", 1.0),
            ("tanh", 5 / 3),
            ("relu", 2**0.5),
            ("selu", 0.75),
            ("leaky_relu", (2 / (1 + 0.01**2)) ** 0.5),  # default slope 0.01
        ],
    )
    def test_table(self, nonlinearity, gain):
        assert calculate_gain(nonlinearity) == pytest.approx(gain, rel=1e-15)

    def test_every_documented_nonlinearity_has_a_gain(self):
        assert set(NONLINEARITIES) == {
            "linear",
            "sigmoid",
            "tanh",
            "relu",
            "leaky_relu",
            "selu",
            *(f"conv{d}d" for d in (1, 2, 3)),
            *(f"conv_transpose{d}d" for d in (1, 2, 3)),
        }

    @pytest.mark.parametrize(("slope", "gain"), [(0, 2**0.5), (1, 1.0), (0.2, 1.3867504905630728)])
    def test_leaky_relu_slope(self, slope, gain):
        assert calculate_gain("leaky_relu", slope) == pytest.approx(gain, rel=1e-15)

    @given(st.floats(-1e6, 1e6, allow_nan=False))
    @FAST
    def test_leaky_relu_gain_keeps_the_second_moment(self, slope):
        # For z ~ N(0, 1), E[leaky_relu(z)^2] = (1 + a^2) / 2, so gain^2 times it equals 1.
        gain = calculate_gain("leaky_relu", slope)
        assert gain**2 * (1 + slope**2) / 2 == pytest.approx(1.0, rel=1e-12)

    def test_leaky_relu_huge_slope_does_not_overflow(self):
        assert calculate_gain("leaky_relu", -1e200) == pytest.approx(2**0.5 / 1e200, rel=1e-15)
        assert calculate_gain("leaky_relu", 10**300) == pytest.approx(2**0.5 / 1e300, rel=1e-15)

    @pytest.mark.parametrize("nonlinearity", ["relu", "tanh", "linear", "selu"])
    def test_param_is_ignored_except_for_leaky_relu(self, nonlinearity):
        assert calculate_gain(nonlinearity, 0.3) == calculate_gain(nonlinearity)

    @given(st.text(max_size=12).filter(lambda s: s not in NONLINEARITIES))
    @FAST
    def test_unknown_nonlinearity_raises_value_error_listing_the_names(self, name):
        with pytest.raises(ValueError, match=r"^nonlinearity must be one of \['linear'"):
            calculate_gain(name)

    @pytest.mark.parametrize("name", [None, 1, calculate_gain])
    def test_non_string_nonlinearity_raises_type_error(self, name):
        with pytest.raises(TypeError, match=r"^nonlinearity must be a str"):
            calculate_gain(name)

    @pytest.mark.parametrize(
        ("param", "error"),
        [(math.nan, ValueError), (math.inf, ValueError), (True, TypeError), ("0.1", TypeError)],
    )
    def test_bad_leaky_relu_slope_raises_naming_param(self, param, error):
        with pytest.raises(error, match=r"^param \(negative slope\) must be"):
            calculate_gain("leaky_relu", param)
