"""Shared test setup: a non-interactive matplotlib backend and no figure left open."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    plt.close("all")
