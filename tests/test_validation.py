"""Tests of the shared argument checks in weightinit._validation."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weightinit._validation import (
    check_bool,
    check_callable,
    check_choice,
    check_classes,
    check_count,
    check_data,
    check_fits_dtype,
    check_float_dtype,
    check_instance,
    check_int,
    check_interval,
    check_labels,
    check_mapping,
    check_matrix,
    check_names,
    check_real,
    check_real_array,
    check_rng,
    check_seed,
    check_sequence,
    check_shape,
    check_sizes,
    check_str,
    check_value,
    check_widths,
)

FAST = settings(max_examples=30, deadline=None)


class TestCheckShape:
    @pytest.mark.parametrize(
        ("shape", "expected"),
        [
            (5, (5,)),
            (0, (0,)),
            ((), ()),
            ([3, 4], (3, 4)),
            ((3, 3, 16, 32), (3, 3, 16, 32)),
            ((np.int64(2), np.int32(7)), (2, 7)),
            (np.array([4, 5]), (4, 5)),
            (np.array(6), (6,)),
        ],
    )
    def test_accepts_ints_and_sequences_of_ints(self, shape, expected):
        dims = check_shape(shape)
        assert dims == expected
        assert all(type(dim) is int for dim in dims)

    @given(st.lists(st.integers(0, 10**6), max_size=6))
    @FAST
    def test_round_trips_any_list_of_non_negative_ints(self, dims):
        assert check_shape(dims) == tuple(dims)
        assert check_shape(tuple(dims)) == tuple(dims)

    @pytest.mark.parametrize(
        "shape",
        [True, "3", b"\x03\x04", 3.0, None, {3, 4}, (3, 4.0), (3, "4"), (True, 2), np.ones((2, 2))],
    )
    def test_rejects_non_integer_shapes_with_type_error(self, shape):
        with pytest.raises(TypeError, match=r"shape must"):
            check_shape(shape)

    @given(st.lists(st.integers(0, 100), max_size=4), st.integers(-(10**6), -1), st.data())
    @FAST
    def test_rejects_any_negative_dim_with_value_error(self, dims, negative, data):
        position = data.draw(st.integers(0, len(dims)))
        dims.insert(position, negative)
        with pytest.raises(ValueError, match=r"shape must contain only non-negative ints"):
            check_shape(dims)

    def test_uses_the_given_argument_name(self):
        with pytest.raises(TypeError, match=r"^kernel must"):
            check_shape("x", name="kernel")


class TestCheckInt:
    @pytest.mark.parametrize("value", [0, 3, np.int64(7), np.uint8(2), 10**30])
    def test_returns_a_python_int(self, value):
        result = check_int(value, "n")
        assert type(result) is int and result == int(value)

    @pytest.mark.parametrize("value", [1.0, 1.5, "3", None, True, np.float64(2.0), [1]])
    def test_wrong_types_raise_type_error_naming_the_argument(self, value):
        with pytest.raises(TypeError, match=r"^n_layers must be an int, got "):
            check_int(value, "n_layers", minimum=1)

    @pytest.mark.parametrize(
        ("minimum", "value", "message"),
        [
            (1, 0, "a positive int, got 0"),
            (0, -1, "a non-negative int, got -1"),
            (2, 1, "an int >= 2, got 1"),
        ],
    )
    def test_values_below_the_minimum_raise_value_error(self, minimum, value, message):
        with pytest.raises(ValueError, match=rf"^count must be {message}$"):
            check_int(value, "count", minimum=minimum)
        assert check_int(minimum, "count", minimum=minimum) == minimum

    def test_seed(self):
        assert check_seed(np.int32(4)) == 4
        with pytest.raises(ValueError, match=r"^seed must be a non-negative int"):
            check_seed(-1)
        with pytest.raises(TypeError, match=r"^seed must be an int"):
            check_seed(1.0)


class TestCheckSequences:
    @pytest.mark.parametrize("value", [[1, 2], (1, 2), np.array([1, 2]), range(1, 3)])
    def test_sequences_and_1d_arrays(self, value):
        assert check_sequence(value, "seeds") == [1, 2]
        assert check_sizes(value, "hidden") == (1, 2)

    @pytest.mark.parametrize("value", ["ab", b"ab", 3, {1, 2}, None, np.ones((2, 2))])
    def test_non_sequences_raise_type_error(self, value):
        with pytest.raises(TypeError, match=r"^seeds must be a sequence"):
            check_sequence(value, "seeds")

    def test_lengths(self):
        with pytest.raises(ValueError, match=r"^inits must hold at least 1 item"):
            check_sequence([], "inits")
        with pytest.raises(ValueError, match=r"^sizes must hold at least 2 item"):
            check_sizes([3], "sizes", min_length=2)
        with pytest.raises(ValueError, match=r"^width must have 3 entries, got 2"):
            check_sizes([3, 4], "width", length=3)

    @pytest.mark.parametrize(
        ("item", "error"), [(0, ValueError), (2.0, TypeError), (True, TypeError)]
    )
    def test_items_are_checked(self, item, error):
        with pytest.raises(error, match=r"^each entry of hidden must be"):
            check_sizes([5, item], "hidden")

    def test_widths(self):
        assert check_widths(4, 3) == (4, 4, 4)
        assert check_widths([4, 5], 2) == (4, 5)
        with pytest.raises(ValueError, match=r"^width must have n_layers=3 entries, got 2"):
            check_widths([4, 5], 3)
        with pytest.raises(ValueError, match=r"^width must be a positive int"):
            check_widths(0, 3)
        with pytest.raises(TypeError, match=r"^width must be an int or a sequence"):
            check_widths(4.0, 3)


class TestCheckReal:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (3, 3.0),
            (-2.5, -2.5),
            (np.float32(0.5), 0.5),
            (np.int64(4), 4.0),
            (Fraction(1, 4), 0.25),
        ],
    )
    def test_returns_a_python_float(self, value, expected):
        result = check_real(value, "x")
        assert type(result) is float
        assert result == expected

    @given(st.floats(allow_nan=False, allow_infinity=False))
    @FAST
    def test_any_finite_float_passes_unchanged(self, value):
        assert check_real(value, "x") == value

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, -(10**400)])
    def test_non_finite_values_raise_value_error_naming_the_argument(self, value):
        with pytest.raises(ValueError, match=r"^std must be finite"):
            check_real(value, "std")

    @pytest.mark.parametrize("value", [True, False, "1.0", None, [1.0], 1j, np.array([1.0])])
    def test_non_real_values_raise_type_error_naming_the_argument(self, value):
        with pytest.raises(TypeError, match=r"^gain must be a real number"):
            check_real(value, "gain")

    @given(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False))
    @FAST
    def test_positive_rejects_zero_and_negatives(self, value):
        with pytest.raises(ValueError, match=r"^scale must be positive"):
            check_real(value, "scale", positive=True)

    @given(st.floats(max_value=0.0, exclude_max=True, allow_nan=False, allow_infinity=False))
    @FAST
    def test_non_negative_rejects_negatives_but_not_zero(self, value):
        assert check_real(0.0, "std", non_negative=True) == 0.0
        with pytest.raises(ValueError, match=r"^std must be non-negative"):
            check_real(value, "std", non_negative=True)


class TestCheckChoice:
    def test_returns_an_accepted_value(self):
        assert check_choice("fan_out", "mode", ("fan_in", "fan_out")) == "fan_out"

    @given(st.text(max_size=12).filter(lambda s: s not in ("fan_in", "fan_out")))
    @FAST
    def test_unknown_strings_raise_value_error_listing_the_choices(self, value):
        with pytest.raises(ValueError, match=r"^mode must be one of \['fan_in', 'fan_out'\]"):
            check_choice(value, "mode", ("fan_in", "fan_out"))

    @pytest.mark.parametrize("value", [None, 1, b"fan_in", ["fan_in"]])
    def test_non_strings_raise_type_error_listing_the_choices(self, value):
        with pytest.raises(TypeError, match=r"^mode must be a str, one of \['fan_in'"):
            check_choice(value, "mode", ("fan_in", "fan_out"))


class TestCheckFloatDtype:
    @pytest.mark.parametrize(
        "dtype", [np.float16, np.float32, np.float64, "float32", "f8", float, np.dtype("float32")]
    )
    def test_accepts_floating_dtypes(self, dtype):
        result = check_float_dtype(dtype)
        assert isinstance(result, np.dtype)
        assert result == np.dtype(dtype)

    @pytest.mark.parametrize(
        "dtype",
        [np.int32, int, bool, np.complex128, object, "U5", "bogus", [("a", "f8")], ("f8", -1)],
    )
    def test_rejects_other_dtypes_with_type_error(self, dtype):
        with pytest.raises(TypeError, match=r"^dtype must be a floating"):
            check_float_dtype(dtype)


class TestCheckRng:
    def test_a_generator_is_returned_as_is(self):
        generator = np.random.default_rng(3)
        assert check_rng(generator) is generator

    @given(st.integers(0, 2**64))
    @FAST
    def test_an_int_seed_gives_a_reproducible_generator(self, seed):
        first, second = check_rng(seed), check_rng(np.uint64(seed) if seed < 2**64 else seed)
        assert first.integers(0, 2**62) == second.integers(0, 2**62)

    def test_none_gives_a_fresh_generator(self):
        assert isinstance(check_rng(None), np.random.Generator)

    @pytest.mark.parametrize(
        ("rng", "error"),
        [
            (True, TypeError),
            (1.5, TypeError),
            ("0", TypeError),
            (np.random.RandomState(0), TypeError),
            ([0], TypeError),
            (-1, ValueError),
        ],
    )
    def test_rejects_other_values_naming_rng(self, rng, error):
        with pytest.raises(error, match=r"^rng"):
            check_rng(rng)


class TestCheckFitsDtype:
    def test_passes_up_to_the_largest_finite_value(self):
        check_fits_dtype(65504.0, np.dtype(np.float16), "value")
        check_fits_dtype(1e308, np.dtype(np.float64), "value")

    @pytest.mark.parametrize(
        ("magnitude", "dtype"),
        [(65520.0, np.float16), (1e39, np.float32), (math.inf, np.float64), (math.nan, np.float64)],
    )
    def test_raises_value_error_naming_the_arguments(self, magnitude, dtype):
        with pytest.raises(ValueError, match=r"^low and high too large for"):
            check_fits_dtype(magnitude, np.dtype(dtype), "low and high")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("abc", TypeError, "x must be a real array, got a str"),
        ([["a", "b"]], TypeError, "x must be a real array, got dtype <U1"),
        (np.ones(3) + 1j, TypeError, "x must be a real array, got dtype complex128"),
        (np.array([True, False]), TypeError, "got dtype bool"),
        ([[1.0, 2.0], [3.0]], ValueError, "x must be a rectangular array"),
        ([], ValueError, "x must not be empty"),
        ([1.0, np.nan], ValueError, "x must hold only finite values"),
        ([1.0, -np.inf], ValueError, "x must hold only finite values"),
    ],
)
def test_check_real_array_rejects_and_names_the_argument(value, error, message):
    with pytest.raises(error, match=message):
        check_real_array(value, "x")


def test_check_real_array_gives_float64_and_keeps_the_values():
    out = check_real_array(np.arange(6, dtype=np.int32).reshape(2, 3), "x")
    assert out.dtype == np.float64 and out.shape == (2, 3) and out[1, 2] == 5.0


class TestTypedChecks:
    """Each typed check: TypeError for a wrong type, ValueError for a wrong value, named."""

    @pytest.mark.parametrize(
        ("check", "value", "error", "message"),
        [
            (check_bool, 1, TypeError, r"^flag must be a bool, got 1 of type int$"),
            (check_bool, None, TypeError, "flag must be a bool"),
            (check_str, 3, TypeError, "flag must be a str, got 3"),
            (lambda v, n: check_str(v, n, non_empty=True), "", ValueError, "flag must be a non"),
            (lambda v, n: check_instance(v, n, dict), [], TypeError, "flag must be a dict, got"),
            (check_callable, 3, TypeError, "flag must be callable, got 3"),
            (check_mapping, [1], TypeError, "flag must be a mapping"),
            (check_mapping, {}, ValueError, "flag must be a mapping with at least one entry"),
            (check_count, 8.0, TypeError, "flag must be an int, got 8.0 of type float"),
            (check_count, True, TypeError, "flag must be an int"),
            (check_count, 0, ValueError, "flag must be a positive int, got 0"),
        ],
    )
    def test_rejects_naming_the_argument(self, check, value, error, message):
        with pytest.raises(error, match=message):
            check(value, "flag")

    def test_accepts(self):
        assert check_bool(np.bool_(True), "flag") is True
        assert check_str("a", "flag") == "a"
        assert check_callable(None, "flag", optional=True) is None
        assert check_count(np.int64(3), "flag") == 3
        assert check_mapping({"a": 1}, "flag") == {"a": 1}

    def test_check_value_states_the_rule_and_what_it_got(self):
        check_value(True, "low", "be less than high", 5)
        with pytest.raises(ValueError, match=r"^low must be less than high, got 5$"):
            check_value(False, "low", "be less than high", 5)
        with pytest.raises(ValueError, match=r"^a and b must be given together$"):
            check_value(False, "a and b", "be given together")

    @pytest.mark.parametrize(
        ("value", "kwargs", "error", "message"),
        [
            (1.0, {"high_open": True}, ValueError, r"momentum must lie in \[0.0, 1.0\), got 1.0"),
            (0.0, {"low_open": True}, ValueError, r"momentum must lie in \(0.0, 1.0\]"),
            (-0.1, {}, ValueError, r"momentum must lie in \[0.0, 1.0\]"),
            ("0.5", {}, TypeError, "momentum must be a real number"),
        ],
    )
    def test_check_interval(self, value, kwargs, error, message):
        assert check_interval(0.5, "momentum", 0.0, 1.0, **kwargs) == 0.5
        with pytest.raises(error, match=message):
            check_interval(value, "momentum", 0.0, 1.0, **kwargs)

    def test_check_names(self):
        assert check_names(["a", "b"], "starts", ("a", "b")) == ("a", "b")
        assert check_names(["a", "a"], "starts", distinct=False) == ("a", "a")
        with pytest.raises(TypeError, match="starts must be a sequence"):
            check_names("a", "starts")
        with pytest.raises(TypeError, match="each entry of starts must be a str"):
            check_names([1], "starts")
        with pytest.raises(ValueError, match=r"each entry of starts must be one of \['a'\]"):
            check_names(["b"], "starts", ("a",))
        with pytest.raises(ValueError, match="starts must not repeat a name"):
            check_names(["a", "a"], "starts")


class TestData:
    def test_check_matrix_converts_and_checks_the_shape(self):
        out = check_matrix([[1, 2, 3]], "x", n_columns=3, dtype=np.float32, contiguous=True)
        assert out.dtype == np.float32 and out.flags.c_contiguous and out.shape == (1, 3)
        with pytest.raises(ValueError, match=r"x must have shape \(n_samples >= 2, 3\), got"):
            check_matrix([[1, 2, 3]], "x", n_columns=3, min_rows=2)
        with pytest.raises(ValueError, match=r"x must have shape .*, got \(3,\)"):
            check_matrix([1, 2, 3], "x")
        with pytest.raises(TypeError, match="x must be a real array"):
            check_matrix([["a"]], "x")
        with pytest.raises(ValueError, match="x must hold only finite values"):
            check_matrix([[np.nan]], "x")

    def test_check_labels(self):
        assert check_labels(np.array([0, 2], dtype=np.int8), "t", 2).dtype == np.intp
        with pytest.raises(
            TypeError, match="t must be an array of integer labels, got dtype float64"
        ):
            check_labels([0.0, 1.0], "t", 2)
        with pytest.raises(
            ValueError, match=r"t must have shape \(3,\), one label per row of x, got \(2,\)"
        ):
            check_labels([0, 1], "t", 3)
        with pytest.raises(ValueError, match="t must hold non-negative class numbers"):
            check_labels([0, -1], "t", 2)
        with pytest.raises(ValueError, match="t must be below n_classes=2, got 2"):
            check_labels([0, 2], "t", 2, n_classes=2)

    def test_check_data_and_classes(self):
        x, t = check_data(np.ones((3, 2)), [0, 1, 1])
        assert x.dtype == np.float32 and t.dtype == np.intp
        assert check_classes(t, None) == 2 and check_classes(t, 5) == 5
        with pytest.raises(ValueError, match="t_test must be below n_classes=1, got 1"):
            check_classes(t, 1, "t_test")
        with pytest.raises(TypeError, match="n_classes must be an int"):
            check_classes(t, 2.0)
        with pytest.raises(ValueError, match=r"x_test must have shape \(n_samples >= 2"):
            check_data(np.ones((1, 2)), [0], "x_test", "t_test", min_samples=2)
        with pytest.raises(ValueError, match=r"t must have shape \(3,\)"):
            check_data(np.ones((3, 2)), [0, 1])
