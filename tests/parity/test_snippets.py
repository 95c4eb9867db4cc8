"""The code the "Initialization in practice" page shows (docs/snippets/) runs and does what it says.

Each snippet is executed as the page shows it; the weights it leaves behind must have the He
variance 2 / n_in (mean square within five standard errors, parity.stats) and zero biases.
"""

import runpy
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest

import weightinit as wi
from parity.stats import assert_mean_square
from weightinit.frameworks import DEFAULTS, FRAMEWORKS, from_framework_layout

SNIPPETS = Path(__file__).resolve().parents[2] / "docs" / "snippets"


def run(name):
    return runpy.run_path(str(SNIPPETS / name))


def assert_he(weight, bias, kind):
    fan_in, _ = wi.compute_fans(weight.shape)
    assert_mean_square(weight, 2 / fan_in, kind)
    assert not np.asarray(bias).any()


def test_every_snippet_is_tested():
    # each snippet is run by name by a parity test module (this one, or its page's own)
    tests = "".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))
    untested = [path.name for path in SNIPPETS.glob("*.py") if f'"{path.name}"' not in tests]
    assert not untested


def test_pytorch():
    model = run("he_pytorch.py")["model"]
    for index in (0, 2):
        layer = model[index]
        weight = from_framework_layout(layer.weight.detach().numpy(), "pytorch")
        assert weight.shape == (layer.in_features, layer.out_features)
        assert_he(weight, layer.bias.detach().numpy(), "normal")


def test_keras():
    model = run("he_keras.py")["model"]
    shapes = [tuple(layer.kernel.shape) for layer in model.layers]
    assert shapes == [(784, 256), (256, 10)]
    for layer in model.layers:
        assert_he(np.asarray(layer.kernel), np.asarray(layer.bias), "truncated_normal")


def test_flax():
    params = run("he_flax.py")["params"]
    assert [params[name]["kernel"].shape for name in ("Dense_0", "Dense_1")] == [
        (784, 256),
        (256, 10),
    ]
    for name in ("Dense_0", "Dense_1"):
        layer = params[name]
        assert_he(np.asarray(layer["kernel"]), np.asarray(layer["bias"]), "truncated_normal")


def test_any_scheme_in_pytorch_is_the_same_array():
    namespace = run("any_scheme_pytorch.py")
    layer, w = namespace["layer"], namespace["w"]
    np.testing.assert_array_equal(layer.weight.detach().double().numpy(), w.T.astype(np.float32))
    assert not layer.bias.detach().numpy().any()
    assert_he(w, np.zeros(1), "normal")


@pytest.mark.parametrize("key", FRAMEWORKS)
def test_installed_release_is_the_one_in_the_table(key):
    entry = DEFAULTS[key]
    assert version(entry.package).split("+")[0] == entry.version
