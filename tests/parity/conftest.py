"""The parity suite: weightinit against the real PyTorch, JAX, Keras and Flax.

Without the frameworks (``pip install -e '.[parity]'``, or ``make parity``) the whole suite is
left out with one line in pytest's summary saying how to run it. With
``WEIGHTINIT_PARITY=required`` (set by ``make parity`` and so by CI) a missing framework is an
error and any skipped parity test fails, so CI cannot pass without running them all.
"""

import importlib.util
import os
from importlib.metadata import version

import pytest

# Keras 3 picks its backend when first imported; the parity extra installs JAX, not TensorFlow.
os.environ["KERAS_BACKEND"] = "jax"

PACKAGES = ("torch", "jax", "jaxlib", "keras", "flax")
MISSING = [name for name in PACKAGES if importlib.util.find_spec(name) is None]
REQUIRED = os.environ.get("WEIGHTINIT_PARITY") == "required"
HOW = "make parity (or: pip install -e '.[parity]')"

if MISSING and REQUIRED:
    raise RuntimeError(
        f"WEIGHTINIT_PARITY=required, but {', '.join(MISSING)} not installed: run {HOW}"
    )
if MISSING:
    collect_ignore_glob = ["test_*.py"]


def pytest_terminal_summary(terminalreporter):
    if MISSING:
        terminalreporter.write_line(
            f"SKIPPED tests/parity (comparisons with PyTorch, JAX, Keras, Flax): "
            f"{', '.join(MISSING)} not installed; to run them: {HOW}",
            yellow=True,
        )
    else:
        versions = ", ".join(f"{name} {version(name)}" for name in PACKAGES)
        terminalreporter.write_line(f"parity checked against: {versions} (Keras backend: jax)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRED and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"parity test skipped while WEIGHTINIT_PARITY=required: {report.longrepr}"
