"""Tests of weightinit.schemes: the book's schemes by name.

Tolerances: for n draws from N(0, s2), mean(w**2) has standard error s2 * sqrt(2 / n) (the
variance of w**2 is 2 s2**2); every check allows five standard errors.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import weightinit as wi
from weightinit import Scheme, available_schemes, get_scheme
from weightinit.schemes import ALIASES, SCHEMES

FAST = settings(max_examples=20, deadline=None)

SHAPE = (400, 250)  # fan_in 400, fan_out 250: a scheme using the wrong fan is detected
CONV_SHAPE = (3, 3, 30, 60)  # fan_in 270, fan_out 540

# name -> expected standard deviation for SHAPE and CONV_SHAPE
STDS = {
    "std=0.01": (0.01, 0.01),
    "std=1": (1.0, 1.0),
    "xavier-book": (math.sqrt(1 / 400), math.sqrt(1 / 270)),  # the book's "Xavier"
    "he": (math.sqrt(2 / 400), math.sqrt(2 / 270)),
    "he-slide": (2 / math.sqrt(400), 2 / math.sqrt(270)),  # slide 9's error
    "glorot": (math.sqrt(2 / 650), math.sqrt(2 / 810)),
}


def assert_normal_with_std(w, std):
    n = w.size
    assert abs(np.mean(w**2) - std**2) <= 5 * std**2 * math.sqrt(2 / n)
    assert abs(np.mean(w)) <= 5 * std / math.sqrt(n)
    # untruncated: 4.55 % of the draws lie beyond 2 std (binomial standard error)
    p = math.erfc(2 / math.sqrt(2))
    assert abs(np.mean(np.abs(w) > 2 * std) - p) <= 5 * math.sqrt(p * (1 - p) / n)


class TestNamedSchemes:
    @pytest.mark.parametrize("name", STDS)
    @pytest.mark.parametrize("which", [0, 1], ids=["dense", "conv"])
    def test_standard_deviation(self, name, which):
        shape = (SHAPE, CONV_SHAPE)[which]
        w = get_scheme(name)(shape, rng=11)
        assert w.shape == shape and w.dtype == np.float64
        assert_normal_with_std(w, STDS[name][which])

    def test_he_slide_is_sqrt2_times_he(self):
        # Same draws, scaled: 2 / sqrt(n) = sqrt(2) * sqrt(2 / n).
        np.testing.assert_allclose(
            get_scheme("he-slide")(SHAPE, rng=3), math.sqrt(2) * get_scheme("he")(SHAPE, rng=3)
        )

    def test_glorot_is_xavier_normal_and_xavier_is_not(self):
        np.testing.assert_array_equal(
            get_scheme("glorot")(SHAPE, rng=5), wi.xavier_normal(SHAPE, rng=5)
        )
        book = get_scheme("xavier-book")((100, 100), rng=5)
        np.testing.assert_allclose(book, wi.xavier_normal((100, 100), rng=5))  # fans equal
        assert not np.allclose(
            get_scheme("xavier-book")(SHAPE, rng=5), wi.xavier_normal(SHAPE, rng=5)
        )

    @pytest.mark.parametrize("shape", [(3, 4), (2, 3, 5), 7, ()])
    def test_zeros_and_constants(self, shape):
        dims = (shape,) if isinstance(shape, int) else shape
        np.testing.assert_array_equal(get_scheme("zeros")(shape, rng=0), np.zeros(dims))
        for name, value in [("constant=0.5", 0.5), ("constant=-2", -2.0), ("constant=1e-3", 1e-3)]:
            w = get_scheme(name)(shape, rng=0)
            assert w.shape == dims
            np.testing.assert_array_equal(w, value)

    @pytest.mark.parametrize(
        ("name", "description"),
        [("std=0.01", "std 0.01"), ("constant=-0.5", "constant -0.5"), ("he", "He: std √(2/n)")],
    )
    def test_descriptions(self, name, description):
        assert get_scheme(name).description == description

    def test_names_are_normalized(self):
        np.testing.assert_array_equal(
            get_scheme(" He ")((5, 4), rng=1), wi.normal((5, 4), std=math.sqrt(2 / 5), rng=1)
        )
        assert get_scheme("STD = 0.5").description == "std 0.5"

    def test_available_schemes_all_resolve(self):
        names = available_schemes()
        assert {"xavier-book", "he", "he-slide", "glorot", "zeros"} <= set(names)
        for name in names:
            concrete = name.replace("<s>", "0.1").replace("<c>", "0.1")
            assert isinstance(get_scheme(concrete), Scheme)

    @given(std=st.floats(0.0, 1e6))
    @FAST
    def test_any_std_pattern(self, std):
        w = get_scheme(f"std={std!r}")((20, 10), rng=0)
        np.testing.assert_array_equal(w, wi.normal((20, 10), std=std, rng=0))


@pytest.mark.parametrize("name", [*STDS, "zeros", "constant=0.5"])
class TestCallingConventions:
    @given(
        shape=st.lists(st.integers(1, 6), min_size=2, max_size=4).map(tuple),
        seed=st.integers(0, 2**32 - 1),
        dtype=st.sampled_from([np.float16, np.float32, np.float64]),
    )
    @settings(max_examples=10, deadline=None)
    def test_shape_dtype_and_seed(self, name, shape, seed, dtype):
        scheme = get_scheme(name)
        w = scheme(shape, rng=seed, dtype=dtype)
        assert w.shape == shape and w.dtype == dtype
        np.testing.assert_array_equal(scheme(shape, seed, dtype), w)
        np.testing.assert_array_equal(
            scheme(shape, rng=np.random.default_rng(seed), dtype=dtype), w
        )

    def test_different_seeds_differ_for_random_schemes(self, name):
        scheme = get_scheme(name)
        differ = not np.array_equal(scheme((10, 10), rng=1), scheme((10, 10), rng=2))
        assert differ == (name in STDS)

    def test_a_scheme_is_returned_as_is(self, name):
        scheme = get_scheme(name)
        assert get_scheme(scheme) is scheme

    @pytest.mark.parametrize(
        ("rng", "error"),
        [("seed", TypeError), (1.5, TypeError), (True, TypeError), (-3, ValueError)],
    )
    def test_bad_rng(self, name, rng, error):
        with pytest.raises(error, match=r"^rng"):
            get_scheme(name)((3, 3), rng=rng)

    @pytest.mark.parametrize("dtype", [np.int32, bool, np.complex128, "nope"])
    def test_bad_dtype(self, name, dtype):
        with pytest.raises(TypeError, match=r"^dtype must be a floating"):
            get_scheme(name)((3, 3), rng=0, dtype=dtype)

    @pytest.mark.parametrize(("shape", "error"), [((3, -1), ValueError), ((2.0, 3), TypeError)])
    def test_bad_shape(self, name, shape, error):
        with pytest.raises(error, match=r"^shape must"):
            get_scheme(name)(shape, rng=0)


@pytest.mark.parametrize("name", ["xavier-book", "he", "he-slide", "glorot"])
@pytest.mark.parametrize("shape", [5, (5,), (0, 4)])
def test_fan_schemes_need_two_non_zero_dims(name, shape):
    with pytest.raises(ValueError, match=r"^shape must"):
        get_scheme(name)(shape, rng=0)


@pytest.mark.parametrize("name", STDS)
def test_a_named_scheme_knows_its_variance(name):
    for which, shape in enumerate((SHAPE, CONV_SHAPE)):
        assert get_scheme(name).variance(shape) == pytest.approx(STDS[name][which] ** 2)


def test_zero_and_constant_variances():
    assert get_scheme("zeros").variance((3, 4)) == 0.0
    assert get_scheme("constant=0").variance((3, 4)) == 0.0
    assert get_scheme("constant=0.5").variance((3, 4)) is None  # not zero-mean


@pytest.mark.parametrize(
    ("name", "scale", "mode"),
    [
        ("xavier-book", 1.0, "fan_in"),
        ("he", 2.0, "fan_in"),
        ("he-slide", 4.0, "fan_in"),
        ("glorot", 1.0, "fan_avg"),
    ],
)
def test_fan_schemes_are_variance_scaling(name, scale, mode):
    for shape in (SHAPE, CONV_SHAPE, (784, 100)):
        np.testing.assert_array_equal(
            get_scheme(name)(shape, rng=2, dtype=np.float32),
            wi.variance_scaling(shape, scale, mode, "untruncated_normal", rng=2, dtype=np.float32),
        )


def test_scaled_scheme():
    scheme = wi.schemes.scaled_scheme(3.0, "fan_out", "uniform")
    assert scheme.variance((40, 60)) == pytest.approx(3.0 / 60)
    np.testing.assert_array_equal(
        scheme((40, 60), rng=1), wi.variance_scaling((40, 60), 3.0, "fan_out", "uniform", rng=1)
    )
    with pytest.raises(ValueError, match=r"^scale must be non-negative"):
        wi.schemes.scaled_scheme(-1.0)
    with pytest.raises(ValueError, match=r"^mode must be one of"):
        wi.schemes.scaled_scheme(1.0, "fan_sum")
    with pytest.raises(ValueError, match=r"^distribution must be one of"):
        wi.schemes.scaled_scheme(1.0, "fan_in", "cauchy")


# Every public initializer of the package, with the keyword-only rng and dtype
INITIALIZERS = [
    wi.xavier_uniform,
    wi.xavier_normal,
    wi.kaiming_uniform,
    wi.kaiming_normal,
    wi.glorot_uniform,
    wi.glorot_normal,
    wi.he_uniform,
    wi.he_normal,
    wi.lecun_uniform,
    wi.lecun_normal,
    wi.variance_scaling,
    wi.orthogonal,
    wi.normal,
    wi.uniform,
    wi.trunc_normal,
    wi.zeros,
    wi.ones,
]


@pytest.mark.parametrize("initializer", INITIALIZERS, ids=lambda f: f.__name__)
def test_every_public_initializer_is_a_scheme(initializer):
    scheme = get_scheme(initializer)
    assert scheme.name == initializer.__name__
    assert scheme.variance((5, 4)) is None
    for dtype in (np.float32, np.float64):
        w = scheme((5, 4), rng=7, dtype=dtype)
        assert w.dtype == dtype
        expected = initializer((5, 4), rng=7, dtype=dtype)
        np.testing.assert_array_equal(w, expected)


def test_a_keyword_only_callable_is_called_with_keywords():
    seen = {}

    def init(shape, *, rng, dtype=np.float64):
        seen.update(rng=rng, dtype=dtype)
        return np.zeros(shape, dtype=dtype)

    w = get_scheme(init)((2, 3), rng=4, dtype=np.float16)
    assert w.dtype == np.float16 and isinstance(seen["rng"], np.random.Generator)
    assert seen["dtype"] == np.float16


class TestCallables:
    def test_a_callable_is_wrapped_and_cast(self):
        def ones_like_shape(shape, *, rng, dtype):
            return np.ones(shape, dtype=int)

        scheme = get_scheme(ones_like_shape)
        assert scheme.name == "ones_like_shape"
        w = scheme((2, 3), rng=0, dtype=np.float32)
        assert w.dtype == np.float32
        np.testing.assert_array_equal(w, 1.0)

    def test_the_callable_receives_a_generator_seeded_by_rng(self):
        scheme = get_scheme(lambda shape, *, rng, dtype: rng.standard_normal(shape))
        np.testing.assert_array_equal(
            scheme((4, 2), rng=8), np.random.default_rng(8).standard_normal((4, 2))
        )

    @pytest.mark.parametrize(
        "init",
        [
            lambda shape, rng: rng.standard_normal(shape),  # the old positional form
            lambda shape, *, rng: rng.standard_normal(shape),  # no dtype
            lambda shape: np.zeros(shape),  # neither
        ],
        ids=["positional-rng", "no-dtype", "shape-only"],
    )
    def test_a_callable_of_another_convention_raises_type_error_naming_it(self, init):
        scheme = get_scheme(init)  # wrapping cannot tell; drawing can
        message = r"^scheme must be a callable init\(shape, \*, rng, dtype\) \(calling <lambda>"
        with pytest.raises(TypeError, match=message + r".*unexpected keyword argument"):
            scheme((2, 3), rng=0)


@given(
    name=st.text(max_size=15).filter(
        lambda s: (
            s.strip().lower().replace(" ", "") not in {*SCHEMES, *ALIASES}
            and not s.strip().lower().replace(" ", "").startswith(("std=", "constant="))
        )
    )
)
@FAST
def test_unknown_names_raise_value_error_listing_the_schemes(name):
    with pytest.raises(ValueError, match=r"^scheme must be one of \['std=<s>', 'constant=<c>'"):
        get_scheme(name)


@pytest.mark.parametrize("name", ["std=-1", "std=", "std=abc", "constant=", "std=nan", "std=1=2"])
def test_malformed_patterns_raise_value_error(name):
    with pytest.raises(ValueError, match=r"^scheme must be one of"):
        get_scheme(name)


@pytest.mark.parametrize("name", ["std=1e999", "constant=-1e400"])
def test_overflowing_numbers_raise_value_error(name):
    with pytest.raises(ValueError, match=r"the number in scheme '.*' must be finite"):
        get_scheme(name)


@pytest.mark.parametrize("name", [None, 3, 0.01, ["he"]])
def test_non_string_non_callable_raises_type_error(name):
    with pytest.raises(TypeError, match=r"^scheme must be a name"):
        get_scheme(name)
