"""Tests of weightinit.initializers: shapes, seeds, statistics, bounds, errors.

Statistical tolerances come from the sample size. For n independent draws w_i with mean 0 and
variance s2, the estimator mean(w**2) is unbiased for s2 with standard error
sqrt((E[w**4] - s2**2) / n) = s2 * sqrt((kurtosis - 1) / n), kurtosis = E[w**4] / s2**2:
3 for a normal (giving the familiar s2 * sqrt(2 / n), i.e. s2 * sqrt(2 / (n - 1)) for the
usual sample variance), 9/5 for a uniform, and the value of ``truncated_moments`` below for a
normal truncated at two standard deviations. A share of draws is a mean of Bernoulli(p)
variables, with standard error sqrt(p (1 - p) / n). Every test allows five standard errors,
so a correct implementation fails with probability below 1e-6 per check (and the seeds are
fixed, so the suite is deterministic).
"""

import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import weightinit as wi
from weightinit.initializers import TRUNCATED_STD_CORRECTION

FAST = settings(max_examples=10, deadline=None)
# Error checks: many initializers times many argument kinds; a few examples each suffice.
FEW = settings(max_examples=6, deadline=None)
Z_TOL = 5.0  # standard errors allowed by every statistical check


def normal_pdf(x):
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def normal_cdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def truncated_moments(c):
    """E[z^2] and E[z^4] of a standard normal conditioned on |z| <= c.

    Integration by parts gives E[z^k] = (k - 1) E[z^(k-2)] - 2 c^(k-1) pdf(c) / Z with
    Z = P(|z| <= c).
    """
    mass = 2 * normal_cdf(c) - 1
    m2 = 1 - 2 * c * normal_pdf(c) / mass
    m4 = 3 * m2 - 2 * c**3 * normal_pdf(c) / mass
    return m2, m4


def truncated_normal_moments(mean, std, a, b):
    """Mean, variance and fourth central moment of N(mean, std^2) given a <= X <= b.

    Computed by the trapezoidal rule on 200001 points (relative error far below 1e-6).
    """
    x = np.linspace(max(a, mean - 12 * std), min(b, mean + 12 * std), 200_001)

    def integral(y):
        return float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)))

    density = np.exp(-0.5 * ((x - mean) / std) ** 2)
    density /= integral(density)
    m = integral(x * density)
    return m, integral((x - m) ** 2 * density), integral((x - m) ** 4 * density)


TRUNC_M2, TRUNC_M4 = truncated_moments(2.0)
KURTOSIS = {"normal": 3.0, "uniform": 9 / 5, "truncated": TRUNC_M4 / TRUNC_M2**2}
# P(|w| <= sigma) for a draw of standard deviation sigma from each distribution.
WITHIN_ONE_SIGMA = {
    "normal": math.erf(1 / math.sqrt(2)),
    "uniform": 1 / math.sqrt(3),  # U(-sqrt(3) sigma, sqrt(3) sigma)
    # sigma = 0.8796 * s for the underlying normal of std s truncated at 2 s
    "truncated": (2 * normal_cdf(math.sqrt(TRUNC_M2)) - 1) / (2 * normal_cdf(2.0) - 1),
}


def assert_mean_square(w, variance, kind):
    """mean(w**2) equals ``variance`` within Z_TOL standard errors (see module docstring)."""
    n = w.size
    standard_error = variance * math.sqrt((KURTOSIS[kind] - 1) / n)
    assert abs(np.mean(np.square(w, dtype=np.float64)) - variance) <= Z_TOL * standard_error


def assert_zero_mean(w, variance):
    assert abs(np.mean(w, dtype=np.float64)) <= Z_TOL * math.sqrt(variance / w.size)


def assert_share(flags, p):
    """The share of True in ``flags`` equals p within Z_TOL binomial standard errors."""
    assert abs(np.mean(flags) - p) <= Z_TOL * math.sqrt(p * (1 - p) / flags.size)


def assert_bound_is_tight(w, limit, kind):
    """max|w| <= limit, and max|w| comes within a relative eps of it.

    Uniform: P(all n draws have |w| < limit (1 - eps)) = (1 - eps)^n <= exp(-eps n), so
    eps = 20 / n fails with probability e^-20. Truncated at 2 s: the standardized density is at
    least pdf(2) / Z on each side near the edge, so P(no draw within delta of +-2) <=
    exp(-2 n delta pdf(2) / Z); delta = 20 Z / (2 n pdf(2)) gives the same e^-20.
    """
    largest = float(np.max(np.abs(w)))
    n = w.size
    if kind == "uniform":
        eps = 20 / n
    else:
        eps = 20 * (2 * normal_cdf(2.0) - 1) / (2 * n * normal_pdf(2.0)) / 2
    rounding = 4 * np.finfo(w.dtype).eps
    assert largest <= limit * (1 + rounding)
    assert largest >= limit * (1 - eps - rounding)


# -- the statistical cases -------------------------------------------------------------------

DENSE = (300, 700)  # fan_in 300, fan_out 700, average 500: a wrong fan is detected
CONV = (3, 3, 40, 100)  # receptive field 9: fan_in 360, fan_out 900, average 630
TANH = 5 / 3


@dataclass(frozen=True)
class Case:
    label: str
    draw: object  # draw(rng) -> array
    variance: float
    kind: str  # "normal", "uniform" or "truncated"

    @property
    def limit(self):
        """Exact bound of |w|: sqrt(3) sigma (uniform), 2 s = 2 sigma / 0.8796 (truncated)."""
        sigma = math.sqrt(self.variance)
        return {"uniform": math.sqrt(3) * sigma, "truncated": 2 * sigma / math.sqrt(TRUNC_M2)}.get(
            self.kind
        )


def _vs(shape, scale, mode, distribution):
    return lambda rng: wi.variance_scaling(shape, scale, mode, distribution, rng=rng)


KIND = {"truncated_normal": "truncated", "untruncated_normal": "normal", "uniform": "uniform"}
FAN = {"fan_in": 300, "fan_out": 700, "fan_avg": 500}

CASES = [
    *(
        Case(f"variance_scaling-{mode}-{dist}", _vs(DENSE, 2.0, mode, dist), 2.0 / fan, KIND[dist])
        for mode, fan in FAN.items()
        for dist in KIND
    ),
    Case(
        "variance_scaling-conv", _vs(CONV, 1.0, "fan_avg", "truncated_normal"), 1 / 630, "truncated"
    ),
    Case("variance_scaling-conv-out", _vs(CONV, 3.0, "fan_out", "uniform"), 3 / 900, "uniform"),
    Case(
        "xavier_uniform-tanh",
        lambda rng: wi.xavier_uniform(DENSE, gain=TANH, rng=rng),
        TANH**2 * 2 / 1000,
        "uniform",
    ),
    Case(
        "xavier_normal",
        lambda rng: wi.xavier_normal(DENSE, gain=1.5, rng=rng),
        1.5**2 * 2 / 1000,
        "normal",
    ),
    Case("xavier_normal-conv", lambda rng: wi.xavier_normal(CONV, rng=rng), 1 / 630, "normal"),
    Case("kaiming_uniform", lambda rng: wi.kaiming_uniform(DENSE, rng=rng), 2 / 300, "uniform"),
    Case(
        # torch.nn.Linear's default: bound 1 / sqrt(fan_in), i.e. variance 1 / (3 fan_in)
        "kaiming_uniform-a=sqrt5",
        lambda rng: wi.kaiming_uniform(DENSE, a=math.sqrt(5), rng=rng),
        1 / (3 * 300),
        "uniform",
    ),
    Case(
        "kaiming_uniform-fan_out-tanh",
        lambda rng: wi.kaiming_uniform(DENSE, mode="fan_out", nonlinearity="tanh", rng=rng),
        TANH**2 / 700,
        "uniform",
    ),
    Case("kaiming_normal", lambda rng: wi.kaiming_normal(DENSE, rng=rng), 2 / 300, "normal"),
    Case(
        "kaiming_normal-conv-fan_out",
        lambda rng: wi.kaiming_normal(CONV, mode="fan_out", nonlinearity="relu", rng=rng),
        2 / 900,
        "normal",
    ),
    Case(
        "kaiming_normal-leaky",
        lambda rng: wi.kaiming_normal(DENSE, a=0.2, rng=rng),
        2 / (1.04 * 300),
        "normal",
    ),
    Case("glorot_uniform", lambda rng: wi.glorot_uniform(DENSE, rng=rng), 2 / 1000, "uniform"),
    Case("glorot_normal", lambda rng: wi.glorot_normal(DENSE, rng=rng), 2 / 1000, "truncated"),
    Case("he_uniform", lambda rng: wi.he_uniform(DENSE, rng=rng), 2 / 300, "uniform"),
    Case("he_normal", lambda rng: wi.he_normal(DENSE, rng=rng), 2 / 300, "truncated"),
    Case("he_normal-conv", lambda rng: wi.he_normal(CONV, rng=rng), 2 / 360, "truncated"),
    Case("lecun_uniform", lambda rng: wi.lecun_uniform(DENSE, rng=rng), 1 / 300, "uniform"),
    Case("lecun_normal", lambda rng: wi.lecun_normal(DENSE, rng=rng), 1 / 300, "truncated"),
    Case("normal", lambda rng: wi.normal(DENSE, std=0.01, rng=rng), 1e-4, "normal"),
    Case("uniform", lambda rng: wi.uniform(DENSE, -0.5, 0.5, rng=rng), 1 / 12, "uniform"),
]


@pytest.fixture(params=CASES, ids=lambda case: case.label)
def drawn(request):
    case = request.param
    return case, case.draw(np.random.default_rng(20240601))


class TestStatistics:
    def test_variance_matches_the_formula(self, drawn):
        case, w = drawn
        assert_mean_square(w, case.variance, case.kind)

    def test_mean_is_zero(self, drawn):
        case, w = drawn
        assert_zero_mean(w, case.variance)

    def test_distribution_has_the_documented_shape(self, drawn):
        # The share of |w| <= sigma tells a normal (68.3 %), a normal truncated at 2 std
        # (74.4 %) and a uniform (57.7 %) apart by hundreds of standard errors.
        case, w = drawn
        assert_share(np.abs(w) <= math.sqrt(case.variance), WITHIN_ONE_SIGMA[case.kind])

    def test_bounded_distributions_reach_their_exact_bound(self, drawn):
        case, w = drawn
        if case.kind == "normal":
            # untruncated: about 4.55 % of the draws lie beyond 2 sigma
            assert_share(np.abs(w) > 2 * math.sqrt(case.variance), 2 * (1 - normal_cdf(2.0)))
        else:
            assert_bound_is_tight(w, case.limit, case.kind)


def test_truncation_constant_is_the_std_of_a_normal_truncated_at_two_std():
    assert math.sqrt(TRUNC_M2) == pytest.approx(TRUNCATED_STD_CORRECTION, rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_uniform_bound_holds_after_casting(dtype):
    w = wi.he_uniform(DENSE, rng=1, dtype=dtype)
    assert w.dtype == dtype
    assert_bound_is_tight(w, math.sqrt(6 / 300), "uniform")


def assert_truncated_sample(w, mean, variance, mu4):
    """Mean and variance of w match within Z_TOL standard errors.

    The sample mean has standard error sqrt(variance / n); mean((w - mean)^2) has
    sqrt((mu4 - variance^2) / n).
    """
    n = w.size
    assert abs(np.mean(w) - mean) <= Z_TOL * math.sqrt(variance / n)
    assert abs(np.mean((w - mean) ** 2) - variance) <= Z_TOL * math.sqrt((mu4 - variance**2) / n)


class TestNonZeroMean:
    n = 200_000

    def test_normal_with_mean(self):
        w = wi.normal(self.n, mean=3.0, std=0.5, rng=4)
        assert abs(w.mean() - 3.0) <= Z_TOL * 0.5 / math.sqrt(self.n)
        assert_mean_square(w - 3.0, 0.25, "normal")

    def test_normal_with_zero_std_is_constant(self):
        np.testing.assert_array_equal(wi.normal((3, 4), mean=-1.5, std=0.0, rng=0), -1.5)

    def test_asymmetric_uniform(self):
        low, high = 2.0, 5.0
        w = wi.uniform(self.n, low, high, rng=5)
        assert w.min() >= low and w.max() < high
        variance = (high - low) ** 2 / 12
        assert abs(w.mean() - 3.5) <= Z_TOL * math.sqrt(variance / self.n)
        assert_mean_square(w - 3.5, variance, "uniform")

    def test_trunc_normal_matches_the_truncated_moments(self):
        # X ~ N(mu, s^2) given a <= X <= b, alpha = (a - mu) / s, beta = (b - mu) / s:
        # with Z = cdf(beta) - cdf(alpha) and shift = (pdf(alpha) - pdf(beta)) / Z,
        # E[X] = mu + s shift, Var[X] = s^2 [1 + (alpha pdf(alpha) - beta pdf(beta)) / Z - shift^2].
        mu, s, a, b = 0.5, 2.0, -1.0, 3.0
        alpha, beta = (a - mu) / s, (b - mu) / s
        mass = normal_cdf(beta) - normal_cdf(alpha)
        shift = (normal_pdf(alpha) - normal_pdf(beta)) / mass
        mean = mu + s * shift
        variance = s**2 * (
            1 + (alpha * normal_pdf(alpha) - beta * normal_pdf(beta)) / mass - shift**2
        )
        # The quadrature helper agrees, and gives the fourth central moment mu4.
        m, v, mu4 = truncated_normal_moments(mu, s, a, b)
        assert (m, v) == pytest.approx((mean, variance), rel=1e-8)
        w = wi.trunc_normal(self.n, mean=mu, std=s, a=a, b=b, rng=6)
        assert w.min() >= a and w.max() <= b
        assert_truncated_sample(w, mean, variance, mu4)

    def test_trunc_normal_bounds_are_absolute_not_in_stds(self):
        # With std 0.02 and the default bounds [-2, 2] almost nothing is cut: 4.55 % of the
        # draws lie beyond 2 std, which a bound relative to std would forbid.
        w = wi.trunc_normal(self.n, std=0.02, rng=7)
        assert_mean_square(w, 0.02**2, "normal")
        assert_share(np.abs(w) > 0.04, 2 * (1 - normal_cdf(2.0)))

    def test_trunc_normal_default_bounds_truncate_a_standard_normal_at_two(self):
        w = wi.trunc_normal(self.n, rng=8)
        assert_mean_square(w, TRUNC_M2, "truncated")
        assert_bound_is_tight(w, 2.0, "truncated")


# -- one random stream, several names ---------------------------------------------------------

SAME_DRAWS = [
    (wi.glorot_uniform, lambda s, rng: wi.xavier_uniform(s, rng=rng)),
    (wi.he_uniform, lambda s, rng: wi.kaiming_uniform(s, nonlinearity="relu", rng=rng)),
    (wi.he_uniform, lambda s, rng: wi.kaiming_uniform(s, rng=rng)),  # leaky_relu, a=0
    (wi.lecun_uniform, lambda s, rng: wi.kaiming_uniform(s, nonlinearity="linear", rng=rng)),
    (
        lambda s, rng: wi.kaiming_normal(s, nonlinearity="relu", rng=rng),
        lambda s, rng: wi.variance_scaling(s, 2.0, "fan_in", "untruncated_normal", rng=rng),
    ),
    (
        lambda s, rng: wi.kaiming_normal(s, mode="fan_out", nonlinearity="linear", rng=rng),
        lambda s, rng: wi.variance_scaling(s, 1.0, "fan_out", "untruncated_normal", rng=rng),
    ),
    (
        wi.xavier_normal,
        lambda s, rng: wi.variance_scaling(s, 1.0, "fan_avg", "untruncated_normal", rng=rng),
    ),
    (
        wi.glorot_normal,
        lambda s, rng: wi.variance_scaling(s, 1.0, "fan_avg", "truncated_normal", rng=rng),
    ),
]


@pytest.mark.parametrize(("first", "second"), SAME_DRAWS)
def test_aliases_are_the_same_draw(first, second):
    for shape in [(20, 30), (3, 5, 4, 6)]:
        np.testing.assert_allclose(first(shape, rng=9), second(shape, rng=9), rtol=1e-12)


def test_gain_scales_the_same_draw():
    base = wi.xavier_uniform((40, 60), rng=3)
    np.testing.assert_allclose(wi.xavier_uniform((40, 60), gain=2.5, rng=3), 2.5 * base)
    np.testing.assert_array_equal(wi.xavier_normal((40, 60), gain=0.0, rng=3), 0.0)


# PyTorch-named initializer -> (gain, mode, distribution) of the variance_scaling call it makes
ONE_CORE = [
    (lambda s, rng: wi.xavier_uniform(s, gain=1.7, rng=rng), (1.7, "fan_avg", "uniform")),
    (lambda s, rng: wi.xavier_normal(s, gain=0.3, rng=rng), (0.3, "fan_avg", "untruncated_normal")),
    (
        lambda s, rng: wi.kaiming_uniform(s, a=0.2, mode="fan_out", rng=rng),
        (wi.calculate_gain("leaky_relu", 0.2), "fan_out", "uniform"),
    ),
    (
        lambda s, rng: wi.kaiming_normal(s, nonlinearity="relu", rng=rng),
        (math.sqrt(2.0), "fan_in", "untruncated_normal"),
    ),
    (
        lambda s, rng: wi.kaiming_normal(s, nonlinearity="tanh", mode="fan_out", rng=rng),
        (5 / 3, "fan_out", "untruncated_normal"),
    ),
]


@pytest.mark.parametrize(("initializer", "call"), ONE_CORE)
def test_pytorch_initializers_are_variance_scaling_with_scale_gain_squared(initializer, call):
    gain, mode, distribution = call
    for shape in [(317, 281), (3, 3, 30, 60), (784, 100)]:
        expected = wi.variance_scaling(shape, gain**2, mode, distribution, rng=4)
        np.testing.assert_array_equal(initializer(shape, rng=4), expected)  # bit for bit
        # and PyTorch's formula gain / sqrt(fan), bit for bit
        fan_in, fan_out = wi.compute_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        if distribution == "untruncated_normal":
            draw = np.random.default_rng(4).normal(0.0, gain / math.sqrt(fan), size=shape)
            np.testing.assert_array_equal(expected, draw)


@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_with_scale_zero_draws_zeros_and_advances_the_stream(distribution):
    generator = np.random.default_rng(0)
    w = wi.variance_scaling((30, 20), 0.0, "fan_in", distribution, rng=generator)
    np.testing.assert_array_equal(w, 0.0)
    assert generator.bit_generator.state != np.random.default_rng(0).bit_generator.state


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
def test_scaled_variance_is_the_variance_variance_scaling_draws_with(mode):
    shape = (3, 3, 30, 60)  # fan_in 270, fan_out 540
    fan = {"fan_in": 270, "fan_out": 540, "fan_avg": 405}[mode]
    assert wi.scaled_variance(shape, 2.0, mode) == pytest.approx(2.0 / fan, rel=1e-15)
    w = wi.variance_scaling(shape, 2.0, mode, "untruncated_normal", rng=1)
    assert abs(w.var() / (2.0 / fan) - 1) < 5 * math.sqrt(2 / w.size)
    with pytest.raises(ValueError, match=r"^scale must be non-negative"):
        wi.scaled_variance(shape, -1.0, mode)


# -- shapes, seeds, dtypes (property tests) ---------------------------------------------------

RANDOM = {
    "variance_scaling-trunc": lambda s, **k: wi.variance_scaling(s, 0.5, **k),
    "variance_scaling-normal": lambda s, **k: wi.variance_scaling(
        s, 2.0, "fan_out", "untruncated_normal", **k
    ),
    "variance_scaling-uniform": lambda s, **k: wi.variance_scaling(
        s, 1.0, "fan_avg", "uniform", **k
    ),
    "xavier_uniform": wi.xavier_uniform,
    "xavier_normal": wi.xavier_normal,
    "kaiming_uniform": wi.kaiming_uniform,
    "kaiming_normal": wi.kaiming_normal,
    "glorot_uniform": wi.glorot_uniform,
    "glorot_normal": wi.glorot_normal,
    "he_uniform": wi.he_uniform,
    "he_normal": wi.he_normal,
    "lecun_uniform": wi.lecun_uniform,
    "lecun_normal": wi.lecun_normal,
    "orthogonal": wi.orthogonal,
    "normal": wi.normal,
    "uniform": wi.uniform,
    "trunc_normal": wi.trunc_normal,
}
NEEDS_FANS = [name for name in RANDOM if name not in ("normal", "uniform", "trunc_normal")]
DTYPES = [np.float16, np.float32, np.float64]

shapes = st.lists(st.integers(1, 6), min_size=2, max_size=4).map(tuple)
seeds = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("name", RANDOM)
class TestShapesSeedsDtypes:
    @given(shape=shapes, seed=seeds, dtype=st.sampled_from(DTYPES))
    @FAST
    def test_same_seed_same_array_with_requested_shape_and_dtype(self, name, shape, seed, dtype):
        init = RANDOM[name]
        w = init(shape, rng=seed, dtype=dtype)
        assert w.shape == shape
        assert w.dtype == dtype
        assert np.all(np.isfinite(w))
        np.testing.assert_array_equal(init(shape, rng=seed, dtype=dtype), w)
        np.testing.assert_array_equal(init(shape, rng=np.random.default_rng(seed), dtype=dtype), w)

    @given(
        shape=shapes.filter(lambda s: math.prod(s) >= 4),
        seeds=st.lists(seeds, min_size=2, max_size=2, unique=True),
    )
    @FAST
    def test_different_seeds_give_different_arrays(self, name, shape, seeds):
        init = RANDOM[name]
        assert not np.array_equal(init(shape, rng=seeds[0]), init(shape, rng=seeds[1]))

    def test_a_generator_advances_between_calls(self, name):
        init, generator = RANDOM[name], np.random.default_rng(0)
        assert not np.array_equal(init((5, 4), rng=generator), init((5, 4), rng=generator))

    def test_default_dtype_is_float64_and_rng_none_works(self, name):
        assert RANDOM[name]((3, 2)).dtype == np.float64


@pytest.mark.parametrize("name", ["normal", "uniform", "trunc_normal"])
@given(shape=st.lists(st.integers(0, 5), max_size=3).map(tuple))
@FAST
def test_elementwise_initializers_take_any_shape(name, shape):
    assert RANDOM[name](shape, rng=0).shape == shape


@pytest.mark.parametrize("shape", [5, (0, 3), (3, 3, 0)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_constants(shape, dtype):
    dims = (shape,) if isinstance(shape, int) else shape
    for w, value in [
        (wi.zeros(shape, dtype=dtype), 0.0),
        (wi.ones(shape, dtype=dtype), 1.0),
        (wi.constant(shape, -0.25, dtype=dtype), -0.25),
    ]:
        assert w.shape == dims and w.dtype == dtype
        np.testing.assert_array_equal(w, np.full(dims, value))


@pytest.mark.parametrize("fill", [wi.zeros, wi.ones], ids=["zeros", "ones"])
def test_the_fills_take_rng_like_every_initializer_and_check_it(fill):
    # one calling convention, init(shape, *, rng, dtype): the rng changes nothing, but a wrong
    # one is still refused
    np.testing.assert_array_equal(fill((2, 3), rng=5, dtype=np.float32), fill((2, 3)))
    with pytest.raises(TypeError, match=r"^rng must be"):
        fill((2, 3), rng="seed")


# -- orthogonal ---------------------------------------------------------------------------------


def assert_semi_orthogonal(w, gain):
    matrix = w.reshape(-1, w.shape[-1]).astype(np.float64)
    rows, cols = matrix.shape
    gram = matrix.T @ matrix if rows >= cols else matrix @ matrix.T
    np.testing.assert_allclose(gram, gain**2 * np.eye(min(rows, cols)), atol=1e-10 * (1 + gain**2))


class TestOrthogonal:
    @pytest.mark.parametrize(
        "shape", [(50, 20), (20, 50), (30, 30), (3, 3, 16, 32), (1, 2, 3, 40), (2, 5)]
    )
    @pytest.mark.parametrize("gain", [1.0, 1.7])
    def test_gram_matrix_is_gain_squared_identity(self, shape, gain):
        w = wi.orthogonal(shape, gain, rng=0)
        assert w.shape == shape
        assert_semi_orthogonal(w, gain)

    @given(shape=shapes, gain=st.floats(0.0, 10.0), seed=seeds)
    @FAST
    def test_gram_matrix_property(self, shape, gain, seed):
        assert_semi_orthogonal(wi.orthogonal(shape, gain, rng=seed), gain)

    def test_haar_distributed_signs(self):
        # For a Haar-distributed 4x4 orthogonal matrix, Q[0, 0] has mean 0 and variance 1/4,
        # so its mean over 2000 draws has standard error sqrt(1 / 4 / 2000) = 0.011. Without
        # the sign correction of the QR factor, Q[0, 0] = -|a| / ||a|| has a mean near -0.4.
        generator = np.random.default_rng(10)
        corners = np.array([wi.orthogonal((4, 4), rng=generator)[0, 0] for _ in range(2000)])
        assert abs(corners.mean()) <= Z_TOL * math.sqrt(0.25 / corners.size)
        assert abs(np.mean(corners**2) - 0.25) <= 0.05  # E[Q00^4] = 3/24, so SE = 0.0056

    def test_float32(self):
        w = wi.orthogonal((64, 32), rng=1, dtype=np.float32)
        assert w.dtype == np.float32
        np.testing.assert_allclose(w.T @ w, np.eye(32), atol=1e-5)


# -- bad input ----------------------------------------------------------------------------------

bad_dims = st.lists(st.integers(1, 5), min_size=1, max_size=3).flatmap(
    lambda d: st.tuples(st.integers(0, len(d)), st.integers(-(10**6), -1)).map(
        lambda pair: (*d[: pair[0]], pair[1], *d[pair[0] :])
    )
)
NON_FINITE = [math.nan, math.inf, -math.inf]
negative = st.floats(max_value=0.0, exclude_max=True, allow_infinity=False)
NOT_A_NUMBER = [True, False, "1.0", None, [1.0]]


@pytest.mark.parametrize("name", NEEDS_FANS)
@given(shape=st.one_of(st.integers(0, 5), st.lists(st.integers(1, 5), max_size=1).map(tuple)))
@FEW
def test_fewer_than_two_dims_raise(name, shape):
    with pytest.raises(ValueError, match=r"^shape must have at least 2 dimensions"):
        RANDOM[name](shape, rng=0)


@pytest.mark.parametrize("name", NEEDS_FANS)
@given(shape=st.lists(st.integers(0, 4), min_size=2, max_size=4).filter(lambda d: 0 in d))
@FEW
def test_zero_fans_raise(name, shape):
    with pytest.raises(ValueError, match=r"^shape must give non-zero fan_in and fan_out"):
        RANDOM[name](shape, rng=0)


@pytest.mark.parametrize("name", RANDOM)
class TestCommonErrors:
    @given(shape=bad_dims)
    @FEW
    def test_negative_dims(self, name, shape):
        with pytest.raises(ValueError, match=r"^shape must contain only non-negative ints"):
            RANDOM[name](shape, rng=0)

    @pytest.mark.parametrize("shape", [(3.0, 4), (3, "4"), "34", (2, True), 4.5])
    def test_non_integer_dims(self, name, shape):
        with pytest.raises(TypeError, match=r"^shape must"):
            RANDOM[name](shape, rng=0)

    @pytest.mark.parametrize(
        "dtype", [np.int32, np.int64, bool, np.complex64, object, "U3", "nope"]
    )
    def test_non_float_dtype(self, name, dtype):
        with pytest.raises(TypeError, match=r"^dtype must be a floating"):
            RANDOM[name]((4, 3), rng=0, dtype=dtype)

    @given(rng=st.one_of(st.floats(), st.text(max_size=3), st.just(np.random.RandomState(0))))
    @FEW
    def test_bad_rng_type(self, name, rng):
        with pytest.raises(TypeError, match=r"^rng must be a numpy.random.Generator"):
            RANDOM[name]((4, 3), rng=rng)

    @given(rng=st.integers(max_value=-1))
    @FEW
    def test_negative_seed(self, name, rng):
        with pytest.raises(ValueError, match=r"^rng as a seed must be a non-negative int"):
            RANDOM[name]((4, 3), rng=rng)

    def test_checks_come_before_any_work(self, name):
        # A 320 GB shape: drawing first would fail with MemoryError, not the argument error.
        huge = (200_000, 200_000)
        init = RANDOM[name]
        with pytest.raises(TypeError, match=r"^dtype"):
            init(huge, rng=0, dtype=np.int32)
        with pytest.raises(TypeError, match=r"^rng"):
            init(huge, rng="seed")
        # No random numbers are consumed by a failed call.
        generator = np.random.default_rng(0)
        state = generator.bit_generator.state
        with pytest.raises(TypeError, match=r"^dtype"):
            init((4, 3), rng=generator, dtype=np.int32)
        assert generator.bit_generator.state == state


# (function, argument, keyword arguments that are valid apart from the bad one)
NUMBER_ARGUMENTS = [
    (wi.variance_scaling, "scale", {}, "non_negative"),
    (wi.xavier_uniform, "gain", {}, "non_negative"),
    (wi.xavier_normal, "gain", {}, "non_negative"),
    (wi.orthogonal, "gain", {}, "non_negative"),
    (wi.kaiming_uniform, "a", {}, "any"),
    (wi.kaiming_normal, "a", {}, "any"),
    (wi.normal, "mean", {}, "any"),
    (wi.normal, "std", {}, "non_negative"),
    (wi.uniform, "low", {"high": 1e300}, "any"),
    (wi.uniform, "high", {"low": -1e300}, "any"),
    (wi.trunc_normal, "mean", {}, "any"),
    (wi.trunc_normal, "std", {}, "positive"),
    (wi.trunc_normal, "a", {"b": 1e300}, "any"),
    (wi.trunc_normal, "b", {"a": -1e300}, "any"),
]


def _call(function, argument, value, extra, rng=0):
    return function((4, 3), **{argument: value}, **extra, rng=rng)


@pytest.mark.parametrize(("function", "argument", "extra", "sign"), NUMBER_ARGUMENTS)
class TestNumberArguments:
    @pytest.mark.parametrize("value", NON_FINITE)
    def test_non_finite(self, function, argument, extra, sign, value):
        with pytest.raises(ValueError, match=rf"^{argument} must be finite"):
            _call(function, argument, value, extra)

    @pytest.mark.parametrize("value", NOT_A_NUMBER)
    def test_not_a_number(self, function, argument, extra, sign, value):
        with pytest.raises(TypeError, match=rf"^{argument} must be a real number"):
            _call(function, argument, value, extra)

    def test_checked_before_any_work(self, function, argument, extra, sign):
        with pytest.raises(ValueError, match=rf"^{argument} must be finite"):
            function((200_000, 200_000), **{argument: math.nan}, **extra, rng=0)


SIGNED = [entry for entry in NUMBER_ARGUMENTS if entry[3] != "any"]


@pytest.mark.parametrize(("function", "argument", "extra", "sign"), SIGNED)
@given(value=negative)
@FEW
def test_negative_values_are_rejected(function, argument, extra, sign, value):
    with pytest.raises(ValueError, match=rf"^{argument} must be (positive|non-negative)"):
        _call(function, argument, value, extra)


@pytest.mark.parametrize(("function", "argument", "extra", "sign"), SIGNED)
def test_zero_is_rejected_only_where_positive_is_required(function, argument, extra, sign):
    if sign == "positive":
        with pytest.raises(ValueError, match=rf"^{argument} must be positive"):
            _call(function, argument, 0.0, extra)
    else:
        w = _call(function, argument, 0.0, extra)
        assert w.shape == (4, 3) and np.all(np.isfinite(w))


@given(low=st.floats(-1e6, 1e6), gap=st.floats(0.0, 1e6))
@FEW
def test_uniform_low_must_be_below_high(low, gap):
    with pytest.raises(ValueError, match=r"^low must be less than high"):
        wi.uniform((3,), low=low, high=low - gap, rng=0)


@given(a=st.floats(-1e6, 1e6), gap=st.floats(0.0, 1e6))
@FEW
def test_trunc_normal_a_must_be_below_b(a, gap):
    with pytest.raises(ValueError, match=r"^a must be less than b"):
        wi.trunc_normal((3,), a=a, b=a - gap, rng=0)


@given(offset=st.floats(3.5, 1e6))
@FEW
def test_trunc_normal_interval_must_hold_probability(offset):
    # [mean + offset std, mean + (offset + 1) std] holds less than 1e-3 of N(mean, std^2).
    with pytest.raises(ValueError, match=r"^a and b must enclose at least 0.001"):
        wi.trunc_normal((3,), mean=1.0, std=2.0, a=1.0 + 2 * offset, b=3.0 + 2 * offset, rng=0)


@pytest.mark.parametrize(
    ("function", "argument", "choices"),
    [
        (wi.variance_scaling, "mode", "fan_in', 'fan_out', 'fan_avg"),
        (wi.variance_scaling, "distribution", "truncated_normal', 'untruncated_normal', 'uniform"),
        (wi.kaiming_uniform, "mode", "fan_in', 'fan_out"),
        (wi.kaiming_normal, "mode", "fan_in', 'fan_out"),
        (wi.kaiming_uniform, "nonlinearity", "linear', 'conv1d"),
        (wi.kaiming_normal, "nonlinearity", "linear', 'conv1d"),
    ],
)
@given(value=st.text(max_size=15))
@FEW
def test_unknown_choices_raise_listing_the_accepted_values(function, argument, choices, value):
    assume(value not in choices.split("', '") and value not in wi.NONLINEARITIES)
    with pytest.raises(ValueError, match=rf"^{argument} must be one of \['{choices}"):
        function((4, 3), **{argument: value}, rng=0)


def test_kaiming_has_no_fan_avg():
    with pytest.raises(ValueError, match=r"^mode must be one of \['fan_in', 'fan_out'\]"):
        wi.kaiming_normal((4, 3), mode="fan_avg")


@pytest.mark.parametrize("function", [wi.constant, lambda s, v, **k: wi.constant(s, value=v, **k)])
def test_constant_value_is_validated(function):
    with pytest.raises(ValueError, match=r"^value must be finite"):
        function((2, 2), math.nan)
    with pytest.raises(TypeError, match=r"^value must be a real number"):
        function((2, 2), True)
    with pytest.raises(TypeError, match=r"^dtype must be a floating"):
        function((2, 2), 1.0, dtype=np.int8)


# -- regressions: extreme but valid numbers give a clear error or a finite array ----------------


class TestExtremeValues:
    def test_zero_gain_still_validates_rng(self):
        with pytest.raises(TypeError, match=r"^rng"):
            wi.xavier_uniform((3, 3), gain=0.0, rng="bad")
        w = wi.xavier_uniform((3, 3), gain=0.0, rng=0, dtype=np.float32)
        assert w.dtype == np.float32
        np.testing.assert_array_equal(w, 0.0)

    @pytest.mark.parametrize(
        ("call", "names"),
        [
            (lambda: wi.xavier_uniform((1, 1), gain=1.7e308, rng=0), "gain"),
            (lambda: wi.xavier_normal((1, 1), gain=1e307, rng=0), "gain"),
            (lambda: wi.xavier_normal((1, 1), gain=1e150, rng=0, dtype=np.float16), "scale"),
            (lambda: wi.orthogonal((3, 3), gain=1e6, rng=0, dtype=np.float16), "gain"),
            (lambda: wi.variance_scaling((1, 1), 1e30, rng=0, dtype=np.float16), "scale"),
            (lambda: wi.normal((3,), std=1e39, rng=0, dtype=np.float32), "mean and std"),
            (lambda: wi.normal((3,), mean=1e308, std=1e307, rng=0), "mean and std"),
            (lambda: wi.uniform((3,), -1e39, 1e39, rng=0, dtype=np.float32), "low and high"),
            (lambda: wi.constant((3,), 1e39, dtype=np.float32), "value"),
            (lambda: wi.trunc_normal((3,), 1e39, 1.0, 0, 2e39, rng=0, dtype=np.float32), "a and b"),
        ],
    )
    def test_values_that_would_overflow_the_dtype_raise(self, call, names):
        with pytest.raises(ValueError, match=rf"^{names} too large for"):
            call()

    def test_uniform_range_must_be_finite(self):
        with pytest.raises(ValueError, match=r"^high - low must be finite"):
            wi.uniform((3,), -1e308, 1e308, rng=0)

    def test_huge_integers_are_rejected_as_non_finite(self):
        with pytest.raises(ValueError, match=r"^std must be finite"):
            wi.normal((3,), std=10**400, rng=0)

    def test_large_but_representable_values_stay_finite(self):
        w = wi.xavier_uniform((3, 3), gain=1e154, rng=0)  # limit = gain sqrt(6 / 6)
        assert np.all(np.isfinite(w)) and np.max(np.abs(w)) <= 1e154
        assert np.all(np.isfinite(wi.trunc_normal((50,), 1e308, 1e308, -1e308, 1e308, rng=0)))
        assert np.all(np.isfinite(wi.kaiming_normal((5, 5), a=1e200, rng=0)))
        w = wi.trunc_normal((100,), std=1.0, a=-1e300, b=1e300, rng=0, dtype=np.float32)
        assert w.dtype == np.float32 and np.all(np.abs(w) < 10)


WRITTEN_OUT = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal"]
WRITTEN_OUT += ["lecun_uniform", "lecun_normal"]


@pytest.mark.parametrize("name", WRITTEN_OUT)
def test_named_initializers_are_written_out_where_go_to_definition_lands(name):
    """Each is a ``def`` of its own name in initializers.py with a one-line body (no factory)."""
    import ast
    import inspect

    function = getattr(wi, name)
    assert function.__code__.co_name == name  # a factory's closure keeps the inner name
    tree = ast.parse(inspect.getsource(wi.initializers))
    (definition,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    body = [n for n in definition.body if not isinstance(n, ast.Expr)]  # the docstring aside
    assert len(body) == 1 and isinstance(body[0], ast.Return)
    assert body[0].value.func.id == "variance_scaling"
    hints = inspect.get_annotations(function, eval_str=True)
    assert hints["return"] is np.ndarray and "shape" in hints and "rng" in hints
