"""Shared test setup: a non-interactive matplotlib backend, no figure left open, and the
MNIST-digits and one-BLAS-thread fixtures of the training experiments' tests."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from weightinit._threads import chosen_threads
from weightinit.datasets import load_mnist_test_digits


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def one_blas_thread():
    """The package's threads for a module (one BLAS thread): its matrices are small.

    A module opts in with ``pytestmark = pytest.mark.usefixtures("one_blas_thread")``.
    """
    with chosen_threads():
        yield


@pytest.fixture(scope="session")
def digits():
    """The shipped MNIST digits' training images and labels, ``(x, t)``, loaded once."""
    data = load_mnist_test_digits()
    return data.x_train, data.t_train
