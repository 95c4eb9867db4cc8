import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from weightinit.experiments.permutation import TieHistory
from weightinit.plotting import plot_unit_spread


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_unit_spread_draws_each_history():
    z = np.zeros(4)
    tied = TieHistory(z, z, z, np.ones((2, 3)), z[:3], np.ones((3, 2)))
    apart = TieHistory(z, np.arange(4.0), z, np.ones((2, 3)), z[:3], np.ones((3, 2)))
    ax = plot_unit_spread({"equal": tied, "dropout": apart})
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), z)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), np.arange(4.0))
    assert ax.lines[0].get_color() != ax.lines[1].get_color()
