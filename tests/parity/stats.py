"""Two-sample statistics for the parity tests.

Every distributional comparison is a two-sample Kolmogorov-Smirnov test at false-alarm rate
ALPHA = 1e-6: samples of sizes n and m from one distribution have
P(D > c(alpha) sqrt((n + m) / (n m))) <= alpha asymptotically, with c(alpha) =
sqrt(-ln(alpha / 2) / 2) (Kolmogorov's limit law, whose tail is 2 exp(-2 c^2) to leading
order). Moment checks allow Z_TOL = 5 standard errors (probability below 1e-6 for a correct
implementation); the mean square of n draws of variance s2 has standard error
s2 sqrt((kurtosis - 1) / n). The seeds are fixed, so the suite is deterministic.
"""

import math

import numpy as np

ALPHA = 1e-6
Z_TOL = 5.0
KURTOSIS = {"uniform": 9 / 5, "normal": 3.0, "truncated_normal": 3.0}  # 3 bounds the truncated


def ks_statistic(a, b) -> float:
    """sup_x |F_a(x) - F_b(x)| of the two empirical distribution functions."""
    a = np.sort(np.ravel(np.asarray(a, dtype=np.float64)))
    b = np.sort(np.ravel(np.asarray(b, dtype=np.float64)))
    points = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, points, side="right") / a.size
    cdf_b = np.searchsorted(b, points, side="right") / b.size
    return float(np.max(np.abs(cdf_a - cdf_b)))


def ks_critical(n: int, m: int, alpha: float = ALPHA) -> float:
    return math.sqrt(-math.log(alpha / 2) / 2) * math.sqrt((n + m) / (n * m))


def assert_same_distribution(ours, theirs, alpha: float = ALPHA):
    statistic = ks_statistic(ours, theirs)
    critical = ks_critical(np.size(ours), np.size(theirs), alpha)
    assert statistic <= critical, f"KS statistic {statistic:.4g} > {critical:.4g}"


def assert_mean_square(w, variance: float, kind: str):
    w = np.asarray(w, dtype=np.float64)
    standard_error = variance * math.sqrt((KURTOSIS[kind] - 1) / w.size)
    mean_square = float(np.mean(w**2))
    assert abs(mean_square - variance) <= Z_TOL * standard_error, (
        f"mean square {mean_square:.4g}, {mean_square / variance:.1%} of the variance "
        f"{variance:.4g} (standard error {standard_error / variance:.2%})"
    )


def assert_bound(w, bound: float, relative_gap: float):
    """max|w| <= bound (up to float32 rounding) and comes within relative_gap of it."""
    largest = float(np.max(np.abs(w)))
    assert largest <= bound * (1 + 1e-6)
    assert largest >= bound * (1 - relative_gap)


def uniform_gap(n: int) -> float:
    """P(max of n uniform draws below bound (1 - 20 / n)) <= exp(-20)."""
    return 20 / n


def assert_semi_orthogonal(matrix, gain: float):
    matrix = np.asarray(matrix, dtype=np.float64)
    rows, cols = matrix.shape
    product = matrix.T @ matrix if rows >= cols else matrix @ matrix.T
    np.testing.assert_allclose(product, gain**2 * np.eye(min(rows, cols)), atol=1e-5)


def truncation_gap(n: int, cut: float = 2.0) -> float:
    """How far below ``cut`` (in standard deviations) the largest of n draws may stay.

    A normal truncated at +-cut has |z| with density 2 phi(cut) / erf(cut / sqrt 2) at the cut,
    so P(no draw within delta of it) ~ exp(-n f delta) <= exp(-20) for the delta returned.
    """
    density = 2 * math.exp(-(cut**2) / 2) / math.sqrt(2 * math.pi) / math.erf(cut / math.sqrt(2))
    return 20 / (n * density)


def assert_truncated(w, std: float, cut: float = 2.0):
    """Draws of N(0, std^2) cut at +-cut std: none beyond the cut, and the largest near it.

    The second half catches a cut placed elsewhere with the variance kept (e.g. at 1.8 std):
    an upper bound alone does not.
    """
    largest = float(np.max(np.abs(np.asarray(w, dtype=np.float64))))
    assert largest <= cut * std * (1 + 1e-6), f"{largest:.6g} beyond the cut {cut * std:.6g}"
    floor = (cut - truncation_gap(np.size(w), cut)) * std
    assert largest >= floor, f"largest draw {largest:.6g} stays below {floor:.6g}: cut too early"
    assert_truncation_share(w, std, cut)


def truncation_share(cut: float = 2.0, at: float = 1.8) -> float:
    """P(|z| > at) for z a standard normal truncated at +-cut."""
    return (math.erfc(at / math.sqrt(2)) - math.erfc(cut / math.sqrt(2))) / math.erf(
        cut / math.sqrt(2)
    )


def assert_truncation_share(w, std: float, cut: float = 2.0, at: float = 1.8):
    """The share of draws beyond +-at std is that of a normal cut at +-cut std (Z_TOL binomial
    standard errors). A cut at 1.8 std rescaled to the variance of a cut at 2 std puts about
    1.8 % of its draws there instead of 2.8 %: 11 standard errors apart for 36,000 draws."""
    z = np.abs(np.ravel(np.asarray(w, dtype=np.float64))) / std
    p = truncation_share(cut, at)
    share = float(np.mean(z > at))
    tolerance = Z_TOL * math.sqrt(p * (1 - p) / z.size)
    assert abs(share - p) <= tolerance, (
        f"{share:.4%} of the draws beyond {at} std, expected {p:.4%} +- {tolerance:.4%} "
        f"for a cut at {cut} std"
    )


def ks_sample_size(distance: float, alpha: float = ALPHA) -> int:
    """Draws per sample for assert_same_distribution to miss a difference ``distance`` between
    two distribution functions (sup |F - G|) with probability at most ``alpha``.

    Each empirical distribution function lies within eps = sqrt(ln(4 / alpha) / (2 n)) of its
    own with probability 1 - alpha / 2 (Dvoretzky-Kiefer-Wolfowitz, Massart's constant), so the
    statistic is at least distance - 2 eps; it exceeds the critical value c sqrt(2 / n) when
    sqrt(n) > (2 sqrt(ln(4 / alpha) / 2) + sqrt(2) c) / distance.
    """
    c = math.sqrt(-math.log(alpha / 2) / 2)
    return math.ceil(((2 * math.sqrt(math.log(4 / alpha) / 2) + math.sqrt(2) * c) / distance) ** 2)


def uniform_scale_distance(variance_ratio: float) -> float:
    """sup |F - G| between U(-b, b) and U(-s b, s b), s = sqrt(variance_ratio) < 1: (1 - s) / 2."""
    return (1 - math.sqrt(variance_ratio)) / 2
