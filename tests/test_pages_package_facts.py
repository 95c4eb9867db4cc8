"""Properties of the package that the pages rely on, checked here rather than in their hidden cells.

A page keeps the asserts that tie one of its sentences to a number it computes; what holds of the
package whatever a page computes is tested once, here.
"""

from __future__ import annotations

import numpy as np
import pytest

import weightinit as wi
from weightinit.experiments import ScaledNormal


@pytest.mark.parametrize("a", [0.0, 0.01, 0.2, 0.5, 1.0])
def test_kaiming_normal_with_a_slope_is_the_fan_in_scheme_of_its_squared_gain(a):
    # the he page's table draws ScaledNormal(gain**2, "fan_in") "as wi.kaiming_normal(a=a)"
    gain = wi.calculate_gain("leaky_relu", a)
    np.testing.assert_allclose(
        ScaledNormal(gain**2, "fan_in")((50, 40), rng=6),
        wi.kaiming_normal((50, 40), a=a, nonlinearity="leaky_relu", rng=6),
        rtol=1e-12,
    )
