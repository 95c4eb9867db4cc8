"""Sampling helpers shared by :mod:`weightinit.distributions` and :mod:`weightinit.initializers`.

Private: the public functions validate their arguments and then call these, which trust them.
"""

from __future__ import annotations

import math

import numpy as np

#: Smallest probability mass a truncation interval may hold (rejection sampling stays cheap).
MIN_TRUNCATED_MASS = 1e-3
#: An untruncated normal never exceeds this many standard deviations (probability < 1e-300);
#: used to reject parameters whose draws would overflow the requested dtype.
NORMAL_REACH = 40.0
_MAX_CHUNK = 1 << 22  # draws per rejection round, so a small truncated mass cannot exhaust memory


def normal_cdf(x: float) -> float:
    """Standard normal cumulative distribution function."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def truncated_standard_normal(
    generator: np.random.Generator, shape: tuple[int, ...], low: float, high: float
) -> np.ndarray:
    """Draw standard-normal samples conditioned on ``low <= x <= high`` by rejection.

    The caller checks that ``[low, high]`` holds at least :data:`MIN_TRUNCATED_MASS`.
    """
    size = math.prod(shape)
    mass = normal_cdf(high) - normal_cdf(low)
    out = np.empty(size)
    filled = 0
    while filled < size:
        needed = size - filled
        draw = generator.standard_normal(min(int(needed / mass * 1.1) + 16, _MAX_CHUNK))
        kept = draw[(draw >= low) & (draw <= high)][:needed]
        out[filled : filled + kept.size] = kept
        filled += kept.size
    return out.reshape(shape)
