"""The diagnostics page's PyTorch and Keras code gives weightinit.diagnostics' numbers.

Each snippet of docs/snippets/ the page shows is run as shown; then the same weights, biases
and batch go through :func:`weightinit.diagnostics.diagnose_network`, and every per-layer
number must agree: to a relative 1e-4 for the snippets' own float32 models (a saturated or
dead share may differ by one value of the batch at a threshold), and to 1e-9 for PyTorch
models in float64.
"""

import math
import runpy
from pathlib import Path

import numpy as np
import pytest

from weightinit.diagnostics import diagnose_network
from weightinit.network import MLP

SNIPPETS = Path(__file__).resolve().parents[2] / "docs" / "snippets"
COLUMNS = {
    "mean": "mean",
    "std": "std",
    "grad std": "gradient_std",
    "grad/W": "grad_to_weight",
    "log10 update": "update_ratio",
    "saturated": "saturated",
    "dead": "dead",
}


def network(weights, biases, activation):
    sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
    net = MLP(sizes, activation, "he", rng=0, dtype=np.float64)
    for mine, w in zip(net.weights, weights, strict=True):
        mine[...] = w
    for mine, b in zip(net.biases, biases, strict=True):
        mine[...] = b
    return net


def compare(rows, loss, net, x, y, lr, rtol, n_samples):
    d = diagnose_network(net, x, y, lr=lr)
    assert len(rows) == d.n_layers
    assert loss == pytest.approx(d.loss, rel=rtol)
    for layer, row in enumerate(rows):
        for key, value in row.items():
            expected = getattr(d, COLUMNS[key])[layer]
            if key in ("saturated", "dead"):  # a share: one value (or unit) may flip in float32
                width = net.sizes[layer + 1]
                step = 1 / (n_samples * width) if key == "saturated" else 1 / width
                assert value == pytest.approx(
                    expected, abs=step if rtol > 1e-8 else 1e-6
                )  # float32 mean
            elif key == "log10 update":
                assert value == pytest.approx(expected, abs=rtol)
            else:
                assert value == pytest.approx(expected, rel=rtol, abs=rtol * 1e-2)
    # every check the module has for these layers is in the snippet's rows
    hidden = rows[:-1]
    assert all(("saturated" in r) == (d.activation in ("tanh", "sigmoid")) for r in hidden)
    assert all(("dead" in r) == (d.activation == "relu") for r in hidden)
    return d


def torch_arrays(model):
    from torch import nn

    linears = [m for m in model if isinstance(m, nn.Linear)]
    weights = [m.weight.detach().double().numpy().T.copy() for m in linears]
    biases = [m.bias.detach().double().numpy().copy() for m in linears]
    return weights, biases


def test_pytorch_snippet_gives_the_modules_numbers():
    ns = runpy.run_path(str(SNIPPETS / "diagnostics_pytorch.py"))
    x, y = ns["x"].double().numpy(), ns["y"].numpy()
    net = network(*torch_arrays(ns["model"]), "tanh")
    compare(ns["rows"], ns["loss"], net, x, y, 0.01, 1e-4, len(y))


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
def test_pytorch_snippet_in_float64_agrees_to_rounding(activation):
    import torch
    from torch import nn

    ns = runpy.run_path(str(SNIPPETS / "diagnostics_pytorch.py"))
    module = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "tanh": nn.Tanh}[activation]
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Linear(50, 40), module(), nn.Linear(40, 30), module(), nn.Linear(30, 5)
    ).double()
    nn.init.normal_(model[0].weight, std=1.0)  # a start that saturates or kills units
    with torch.no_grad():  # 8 of the 40 first-layer units below zero for every sample
        model[0].bias[:8] = -1e3
    x = torch.randn(300, 50, dtype=torch.float64)
    y = torch.randint(0, 5, (300,))
    loss, rows = ns["layer_checks"](model, x, y, lr=0.1)
    net = network(*torch_arrays(model), activation)
    d = compare(rows, loss, net, x.numpy(), y.numpy(), 0.1, 1e-9, 300)
    if activation != "relu":
        assert d.saturated[0] > 0.3  # the comparison covers a share far from 0
    else:  # the dead column is compared away from 0: at least the 8 silenced units
        assert d.dead[0] >= 8 / 40 and rows[0]["dead"] >= 8 / 40


def test_keras_snippet_gives_the_modules_numbers():
    ns = runpy.run_path(str(SNIPPETS / "diagnostics_keras.py"))
    model = ns["model"]
    weights = [np.asarray(layer.kernel, dtype=np.float64) for layer in model.layers]
    biases = [np.asarray(layer.bias, dtype=np.float64) for layer in model.layers]
    x = np.asarray(ns["x"], dtype=np.float64)
    y = np.asarray(ns["y"])
    d = compare(ns["rows"], ns["loss"], network(weights, biases, "relu"), x, y, 0.01, 1e-4, len(y))
    assert d.dead[0] > 0  # Glorot on inputs in [0, 1]: some units never fire
    assert math.isclose(d.chance_loss, math.log(10))
