"""Tests of weightinit/explorers/activations.py: the activation explorer's data and HTML."""

import json
import math
import re

import numpy as np
import pytest

from weightinit.diagnostics import SATURATION
from weightinit.experiments import backward_stack, forward_stack, fraction_near, layer_std
from weightinit.explorers.activations import (
    ACTIVATIONS,
    STATISTICS,
    STOPS,
    UI_STRINGS,
    WIDTHS,
    GridPoint,
    explorer_grid,
    explorer_html,
    layer_statistics,
    weight_scale_stops,
)
from weightinit.language import set_language


@pytest.mark.parametrize("width", [25, 100, 400])
def test_stops_are_the_books_schemes_at_the_width(width):
    stops = weight_scale_stops(width)
    assert list(stops) == list(STOPS)
    assert stops["std=0.01"] == 0.01 and stops["std=1"] == 1.0
    assert math.isclose(stops["xavier-book"], 1 / math.sqrt(width))
    assert math.isclose(stops["he"], math.sqrt(2 / width))


def _book(init, activation, width, depth, seed):
    """The page's own experiment, drawing in layer_statistics' order: input, weights, top."""
    generator = np.random.default_rng(seed)
    x = generator.standard_normal((1000, 100))
    forward = forward_stack(x, depth, width, init, activation, rng=generator)
    return forward, backward_stack(forward, rng=generator)


def test_the_books_setting_is_the_pages_experiment():
    stats = layer_statistics("sigmoid", 1.0, width=100, depth=5, rng=3)
    forward, backward = _book("std=1", "sigmoid", 100, 5, 3)
    np.testing.assert_allclose(stats.std, layer_std(forward.activations), rtol=1e-12)
    tol = SATURATION["sigmoid"]
    near_edges = [np.mean((a < tol) | (a > 1 - tol)) for a in forward.activations]
    np.testing.assert_allclose(stats.saturated, near_edges, rtol=1e-12)
    np.testing.assert_allclose(stats.collapsed, fraction_near(forward.activations, 0.5))
    np.testing.assert_allclose(
        stats.gradient_std, layer_std(backward.pre_activation_gradients), rtol=1e-12
    )
    assert np.all(np.isnan(stats.dead)) and stats.std.shape == (5,)


@pytest.mark.parametrize(("stop", "scheme"), [("xavier-book", "xavier-book"), ("he", "he")])
def test_a_narrow_stack_at_a_stop_is_the_scheme_in_every_layer(stop, scheme):
    # width 50 under 100 inputs: layer 1's fan-in (100) is not its fan-out (50)
    scale = weight_scale_stops(50)[stop]
    stats = layer_statistics("tanh", scale, width=50, depth=3, rng=4)
    forward, backward = _book(scheme, "tanh", 50, 3, 4)
    np.testing.assert_allclose(stats.std, layer_std(forward.activations), rtol=1e-10)
    np.testing.assert_allclose(
        stats.gradient_std, layer_std(backward.pre_activation_gradients), rtol=1e-10
    )
    np.testing.assert_allclose(
        stats.saturated, [np.mean(np.abs(a) > SATURATION["tanh"]) for a in forward.activations]
    )


def test_relu_counts_dead_units_and_nothing_saturates():
    stats = layer_statistics("relu", 0.01, width=25, depth=2, n_samples=50, rng=0)
    assert np.all(np.isnan(stats.saturated)) and np.all(np.isnan(stats.collapsed))
    # He-like scale: a unit is dead only if all 50 samples are negative for it, which almost
    # never happens; a single sample makes some units dead.
    assert np.all((stats.dead >= 0) & (stats.dead < 0.2))
    one = layer_statistics("relu", 1.0, width=400, depth=1, n_samples=2, rng=0)
    assert 0.1 < one.dead[0] < 0.4  # P(both samples negative) = 1/4 per unit


def test_the_collapse_of_small_weights_is_the_pages():
    stats = layer_statistics("sigmoid", 0.01, rng=1)
    assert np.all(stats.collapsed[1:] > 0.8) and np.all(stats.saturated == 0)
    assert np.all(np.diff(np.log10(stats.gradient_std)) > 1)  # > 10 times per layer down


def test_grid_keeps_a_mean_and_a_spread_per_layer():
    grid = explorer_grid(["sigmoid", "relu"], ["std=1", "he"], [(25, 2)], seeds=[0, 1, 2])
    assert [(p.activation, p.stop) for p in grid] == [
        ("sigmoid", "std=1"), ("sigmoid", "he"), ("relu", "std=1"), ("relu", "he")
    ]  # fmt: skip
    for point in grid:
        assert set(point.mean) == set(STATISTICS) == set(point.spread)
        assert all(v.shape == (2,) for v in point.mean.values())
        assert point.scale == weight_scale_stops(25)[point.stop]
    runs = [layer_statistics("sigmoid", 1.0, width=25, depth=2, rng=s) for s in (0, 1, 2)]
    stds = np.array([r.std for r in runs])
    np.testing.assert_allclose(grid[0].mean["std"], stds.mean(axis=0))
    np.testing.assert_allclose(grid[0].spread["std"], stds.std(axis=0, ddof=1))
    logs = np.log10([r.gradient_std for r in runs])
    np.testing.assert_allclose(grid[0].mean["gradient_std"], 10 ** logs.mean(axis=0))
    np.testing.assert_allclose(grid[0].spread["gradient_std"], logs.std(axis=0, ddof=1))


def test_html_is_hidden_labelled_and_carries_the_packages_numbers():
    grid = explorer_grid(["tanh"], ["xavier-book"], [(25, 2)], seeds=[0, 1])
    snippet = explorer_html(grid)
    assert re.match(r'<div class="weightinit-explorer" id="activation-explorer" hidden', snippet)
    assert 'aria-live="polite"' in snippet
    for ident in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', snippet):
        assert f'<label for="{ident}">' in snippet, ident
    assert len(re.findall(r'<label><input type="radio"', snippet)) == len(ACTIVATIONS) + 2
    payload = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', snippet, re.S)
    data = json.loads(payload.group(1))
    assert set(data["strings"]) == set(UI_STRINGS)
    assert data["grid"][0]["mean"]["std"] == grid[0].mean["std"].tolist()
    assert data["grid"][0]["mean"]["dead"] == [None, None]
    assert data["thresholds"] == {"sigmoid": 0.02, "tanh": 0.97, "collapse": 0.02}
    assert list(data["stopScales"]) == [str(w) for w in WIDTHS]
    assert data["stopScales"]["50"]["he"] == weight_scale_stops(50)["he"]


def test_html_speaks_the_current_language():
    grid = explorer_grid(["relu"], ["he"], [(25, 1)], seeds=[0, 1])
    set_language("ja")
    try:
        snippet = explorer_html(grid)
    finally:
        set_language("en")
    data = json.loads(re.search(r"<script[^>]*>(.*?)</script>", snippet, re.S).group(1))
    assert data["strings"]["activation function"] == "活性化関数"
    assert data["activations"]["sigmoid"] == "シグモイド関数"
    assert "<legend>活性化関数</legend>" in snippet
    assert "activation function" in explorer_html(grid)


def test_json_cannot_close_its_script_element():
    grid = explorer_grid(["relu"], ["he"], [(25, 1)], seeds=[0, 1])
    snippet = explorer_html(grid)
    assert snippet.count("</script>") == 1


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: layer_statistics("softmax", 1.0), ValueError, "activation"),
        (lambda: layer_statistics(3, 1.0), TypeError, "activation"),  # type: ignore[arg-type]
        (lambda: layer_statistics("relu", -1.0), ValueError, "scale"),
        (lambda: layer_statistics("relu", "1"), TypeError, "scale"),  # type: ignore[arg-type]
        (lambda: layer_statistics("relu", 1.0, width=0), ValueError, "width"),
        (lambda: layer_statistics("relu", 1.0, depth=2.5), TypeError, "depth"),  # type: ignore[arg-type]
        (lambda: layer_statistics("relu", 1.0, n_samples=1), ValueError, "n_samples"),
        (lambda: weight_scale_stops(0), ValueError, "width"),
        (lambda: explorer_grid(["relu"], ["std=2"]), ValueError, "stops"),
        (lambda: explorer_grid(seeds=[0]), ValueError, "seeds"),
        (lambda: explorer_grid(shapes=[(100,)]), ValueError, "shapes"),  # type: ignore[list-item]
        (lambda: explorer_grid(shapes=[(100, 0)]), ValueError, "shapes"),
        (lambda: explorer_html([1]), TypeError, "grid"),  # type: ignore[list-item]
        (lambda: explorer_html([], element_id="x"), ValueError, "grid"),
        (lambda: explorer_html(_one(), element_id="a b"), ValueError, "element_id"),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def _one() -> list[GridPoint]:
    return explorer_grid(["relu"], ["he"], [(5, 1)], seeds=[0, 1])
