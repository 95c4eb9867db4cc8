r"""The training playground: a small softmax network trained on a two-dimensional data set.

The symmetry page's playground (``docs/_static/explorers/playground.js``) trains, in the
reader's browser, the network of :data:`SIZES` by full-batch gradient descent from one of the
starts of :data:`STARTS`, on one of the data sets of :data:`DATA_SETS`. This module makes the
same data sets (:func:`make_2d_data`), trains the same network with the package's
:class:`~weightinit.network.MLP` (:func:`train_playground`), and writes the numbers the page
embeds for the browser tests to compare with (:func:`playground_config`) and the playground's
HTML (:func:`playground_html`).

The starts are the package's schemes by name: ``"zeros"``, ``"constant=0.5"`` (all weights
equal but not zero), ``"std=0.01"`` (the book's ``0.01 * randn``, "too small"), ``"xavier-book"``
and ``"he"`` (the book's, from the fan-in), and ``"std=100"`` ("too large"). Biases start at 0.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from weightinit._validation import (
    RngLike,
    check_choice,
    check_instance,
    check_int,
    check_real,
    check_rng,
)
from weightinit.language import label
from weightinit.network import MLP, SGD
from weightinit.schemes import get_scheme

__all__ = [
    "ACTIVATIONS",
    "DATA_SETS",
    "SIZES",
    "STARTS",
    "PlaygroundRun",
    "make_2d_data",
    "playground_config",
    "playground_html",
    "train_playground",
]

#: Units per layer: two inputs, hidden layers of different widths (so fan-in and fan-out
#: differ in every layer), two classes.
SIZES = (2, 16, 8, 2)
#: The data sets, each with the standard deviation of the Gaussian noise added to the points.
DATA_SETS = {"moons": 0.1, "circles": 0.08, "xor": 0.05, "spiral": 0.05}
#: The playground's starts: its key (used by the script) and the package's scheme.
STARTS = {
    "zeros": "zeros",
    "equal": "constant=0.5",
    "small": "std=0.01",
    "xavier": "xavier-book",
    "he": "he",
    "large": "std=100",
}
#: The hidden layers' activations the reader can pick.
ACTIVATIONS = ("relu", "tanh", "sigmoid")
LEARNING_RATE = 0.1
SAMPLES = 200
STEPS = 300
#: Seeds of the starts compared between the package and the browser.
SEEDS = 8


def make_2d_data(
    name: str, n_samples: int = SAMPLES, *, noise: float | None = None, rng: RngLike = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Return ``n_samples`` points of a two-class data set in the plane, and their labels.

    The first half of the points (rounded down) is class 0, the rest class 1, except for
    ``"xor"``. Then Gaussian noise of standard deviation ``noise`` is added to every coordinate.

    - ``"moons"``: two interleaved half circles of radius 1, :math:`(\cos\theta - 0.5,
      \sin\theta - 0.25)` and :math:`(0.5 - \cos\theta, 0.25 - \sin\theta)`, with
      :math:`\theta` evenly spaced on :math:`[0, \pi]`.
    - ``"circles"``: a circle of radius 1 around one of radius 0.5, evenly spaced angles.
    - ``"spiral"``: two arms :math:`r(\cos\varphi, \sin\varphi)` with :math:`r = (k + 1)/m`
      for point :math:`k` of the :math:`m` of its class and :math:`\varphi = 3\pi r + c\pi`.
    - ``"xor"``: points uniform on :math:`[-1, 1]^2`, class 1 where both coordinates have the
      same sign (drawn before the noise).

    Parameters
    ----------
    name : {"moons", "circles", "xor", "spiral"}
        The data set.
    n_samples : int, default 200
        Number of points, at least 2.
    noise : float, optional
        Standard deviation of the noise; by default the data set's entry of :data:`DATA_SETS`.
    rng : numpy.random.Generator, int or None
        Source of the noise (and of the points of ``"xor"``), or a seed for one.

    Returns
    -------
    x : numpy.ndarray
        Shape ``(n_samples, 2)``, float64.
    labels : numpy.ndarray
        Shape ``(n_samples,)``, integers 0 and 1.

    Examples
    --------
    >>> x, labels = make_2d_data("moons", 6, noise=0.0)
    >>> x.round(2).tolist()[:3], labels.tolist()
    ([[0.5, -0.25], [-0.5, 0.75], [-1.5, -0.25]], [0, 0, 0, 1, 1, 1])
    >>> make_2d_data("rings")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of ['moons', 'circles', 'xor', 'spiral'], got 'rings'
    """
    name = check_choice(name, "name", tuple(DATA_SETS))
    n = check_int(n_samples, "n_samples", minimum=2)
    sigma = DATA_SETS[name] if noise is None else check_real(noise, "noise", non_negative=True)
    generator = check_rng(rng)
    half = n // 2
    labels = np.repeat([0, 1], [half, n - half])
    k = np.concatenate([np.arange(half), np.arange(n - half)]).astype(float)
    m = np.where(labels == 0, half, n - half).astype(float)
    if name == "moons":
        theta = np.pi * k / np.maximum(m - 1, 1)
        sign = np.where(labels == 0, 1.0, -1.0)
        x = np.column_stack([sign * (np.cos(theta) - 0.5), sign * (np.sin(theta) - 0.25)])
    elif name == "circles":
        theta = 2 * np.pi * k / m
        radius = np.where(labels == 0, 1.0, 0.5)
        x = radius[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
    elif name == "spiral":
        radius = (k + 1) / m
        phi = 3 * np.pi * radius + labels * np.pi
        x = radius[:, None] * np.column_stack([np.cos(phi), np.sin(phi)])
    else:  # xor
        x = generator.uniform(-1.0, 1.0, size=(n, 2))
        labels = (x[:, 0] * x[:, 1] > 0).astype(int)
    x = x + sigma * generator.standard_normal((n, 2))
    return x, labels


@dataclass(frozen=True)
class PlaygroundRun:
    """One training run of the playground's network.

    Attributes
    ----------
    losses : numpy.ndarray
        Shape ``(steps + 1,)``: the mean cross-entropy after 0, 1, ..., ``steps`` steps.
    distinct_units : tuple of int
        Per hidden layer, how many units have parameters (incoming weights, bias, outgoing
        weights) unlike every other unit's, after training; 1 means all are twins.
    network : weightinit.network.MLP
        The trained network.
    """

    losses: np.ndarray
    distinct_units: tuple[int, ...]
    network: MLP


def distinct_units(network: MLP) -> tuple[int, ...]:
    """Per hidden layer of ``network``, the number of units with parameters unlike any other's.

    Examples
    --------
    >>> distinct_units(MLP(SIZES, init="zeros")), distinct_units(MLP(SIZES, rng=0))
    ((1, 1), (16, 8))
    """
    counts = []
    for layer in range(1, len(network.sizes) - 1):
        units = np.column_stack(
            [
                network.weights[layer - 1].T,
                network.biases[layer - 1],
                network.weights[layer],
            ]
        )
        counts.append(len(np.unique(units, axis=0)))
    return tuple(counts)


def train_playground(
    x: np.ndarray,
    labels: np.ndarray,
    start: str,
    *,
    activation: str = "relu",
    steps: int = STEPS,
    rng: RngLike = None,
) -> PlaygroundRun:
    r"""Train the playground's network (:data:`SIZES`) from ``start`` by full-batch descent.

    Each step is one :meth:`~weightinit.network.MLP.train_step` of :class:`~weightinit.network.SGD`
    with learning rate 0.1 on the whole data set, in float64 (as the browser computes).

    Parameters
    ----------
    x, labels : numpy.ndarray
        The data, as :func:`make_2d_data` returns it.
    start : str
        A key of :data:`STARTS`, e.g. ``"he"``.
    activation : {"relu", "tanh", "sigmoid"}
        The hidden layers' activation.
    steps : int, default 300
        Number of gradient steps.
    rng : numpy.random.Generator, int or None
        Source of the initial weights, or a seed for one.

    Returns
    -------
    PlaygroundRun

    Examples
    --------
    >>> x, labels = make_2d_data("moons", rng=0)
    >>> run = train_playground(x, labels, "zeros", steps=50)
    >>> run.distinct_units, bool(np.all(run.losses == run.losses[0]))
    ((1, 1), True)
    >>> run = train_playground(x, labels, "he", steps=50, rng=0)
    >>> run.distinct_units, bool(run.losses[-1] < run.losses[0])
    ((16, 8), True)
    """
    start = check_choice(start, "start", tuple(STARTS))
    activation = check_choice(activation, "activation", ACTIVATIONS)
    steps = check_int(steps, "steps", minimum=0)
    network = MLP(SIZES, activation, STARTS[start], rng=check_rng(rng), dtype=np.float64)
    optimizer = SGD(lr=LEARNING_RATE)
    losses = [network.train_step(x, labels, optimizer) for _ in range(steps)]
    losses.append(network.loss(x, labels))
    return PlaygroundRun(np.array(losses), distinct_units(network), network)


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def playground_config(*, steps: int = STEPS, seeds: int = SEEDS) -> dict:
    """Return what the page embeds: settings, UI strings and the package's numbers.

    - ``"layerStd"``: per start, the standard deviation of each layer's weights
      (:meth:`~weightinit.schemes.Scheme.variance`; for ``"equal"``, 0).
    - ``"results"``: for the default data and activation, per start, the mean and standard
      deviation of the loss after ``steps`` steps over ``seeds`` seeds (data and weights drawn
      anew for each), and the fewest distinct units in each hidden layer.
    - ``"replay"``: one data set and one He start of the package, and the losses after
      0, 1, ... steps from them for each activation, for the script to replay exactly.

    Examples
    --------
    >>> config = playground_config(steps=5, seeds=2)
    >>> config["results"]["zeros"]["distinct"], config["layerStd"]["he"][0]
    ([1, 1], 1.0)
    """
    steps = check_int(steps, "steps", minimum=1)
    seeds = check_int(seeds, "seeds", minimum=2)
    pairs = list(itertools.pairwise(SIZES))
    layer_std = {
        key: [math.sqrt(get_scheme(name).variance(pair) or 0.0) for pair in pairs]
        for key, name in STARTS.items()
    }
    results = {}
    for key in STARTS:
        runs = []
        for seed in range(seeds):
            x, labels = make_2d_data("moons", rng=1000 + seed)
            runs.append(train_playground(x, labels, key, steps=steps, rng=seed))
        final = np.array([run.losses[-1] for run in runs])
        results[key] = {
            "mean": float(final.mean()),
            "sd": float(final.std(ddof=1)),
            "distinct": np.min([r.distinct_units for r in runs], axis=0).tolist(),
        }
    x, labels = make_2d_data("moons", rng=0)
    start = MLP(SIZES, init="he", rng=0, dtype=np.float64)
    replay = {
        "x": x.ravel().tolist(),
        "labels": labels.tolist(),
        "weights": [w.ravel().tolist() for w in start.weights],
        "losses": {
            activation: [
                _finite(v)
                for v in train_playground(
                    x, labels, "he", activation=activation, steps=steps, rng=0
                ).losses
            ]
            for activation in ACTIVATIONS
        },
    }
    return {
        "sizes": list(SIZES),
        "learningRate": LEARNING_RATE,
        "samples": SAMPLES,
        "steps": steps,
        "seeds": seeds,
        "seed": 1,
        "dataSeed": 7,
        "maxSteps": 3000,
        "maxStepsPerFrame": 20,
        "nudge": 0.01,
        "equal": 0.5,
        "data": {name: {"noise": noise} for name, noise in DATA_SETS.items()},
        "layerStd": layer_std,
        "results": results,
        "replay": replay,
        "strings": _strings(),
    }


def _strings() -> dict[str, str]:
    keys = {
        "play": "Play",
        "pause": "Pause",
        "axisStep": "step",
        "separator": ", ",
        "unitsLayer": "{count} distinct of {total} units in hidden layer {layer}",
        "summary": "{data}, {start}, {activation}: step {steps}, loss {loss}; {units}.",
        "boundaryLabel": (
            "The data points of the two classes, circles and squares, over the regions where "
            "the network predicts each class."
        ),
    }
    return {name: label(key) for name, key in keys.items()}


#: The words of the starts that are not a scheme's own name (the others show the registry's).
_START_WORDS = {
    "zeros": "all zeros",
    "equal": "all weights 0.5",
    "small": "too small: std 0.01",
    "large": "too large: std 100",
}


def _start_label(key: str) -> str:
    """The words of a start: its own, or its scheme's label in the registry."""
    if key in _START_WORDS:
        return _START_WORDS[key]
    style = get_scheme(STARTS[key]).style
    assert style is not None  # every named scheme has a style
    return style.label


_START_LABELS = {key: _start_label(key) for key in STARTS}
_UNITS_CAPTION = "first hidden layer: one row per unit (incoming weights, bias, outgoing weights)"
_DATA_LABELS = {"moons": "two moons", "circles": "circles", "xor": "XOR", "spiral": "spiral"}


def _options(names: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, label(text)) for key, text in names.items()]


def _select(control: str, text: str, options: Sequence[tuple[str, str]], chosen: str) -> str:
    items = "".join(
        f'<option value="{value}"{" selected" if value == chosen else ""}>'
        f"{html.escape(name)}</option>"
        for value, name in options
    )
    ident = f"playground-{control}"
    return (
        f'<span class="playground-control"><label for="{ident}">{html.escape(text)}</label>'
        f'<select id="{ident}" data-control="{control}">{items}</select></span>'
    )


def playground_html(config: dict) -> str:
    """Return the playground's HTML: controls, views and ``config`` as embedded JSON.

    The container is ``hidden`` until the script runs, so that without JavaScript the page
    shows its static figures only. The words are in the current language
    (:func:`~weightinit.language.label`).

    Examples
    --------
    >>> snippet = playground_html({"strings": {}})
    >>> snippet.startswith('<div class="weightinit-playground" hidden'), "aria-live" in snippet
    (True, True)
    """
    check_instance(config, "config", dict)
    activations = [(a, label("sigmoid") if a == "sigmoid" else a) for a in ACTIVATIONS]
    controls = "".join(
        [
            _select("data", label("data"), _options(_DATA_LABELS), "moons"),
            _select("start", label("start"), _options(_START_LABELS), "he"),
            _select("activation", label("hidden layers' activation"), activations, "relu"),
        ]
    )
    buttons = "".join(
        f'<button type="button" data-action="{action}">{html.escape(label(text))}</button>'
        for action, text in [
            ("play", "Play"),
            ("step", "Step"),
            ("reset", "Reset"),
            ("nudge", "Nudge the weights"),
        ]
    )

    def view(name: str, caption: str, aspect: float) -> str:
        return (
            f'<figure class="playground-view"><canvas data-view="{name}" data-aspect="{aspect}" '
            f'role="img" aria-label="{html.escape(label(caption))}"></canvas>'
            f"<figcaption>{html.escape(label(caption))}</figcaption></figure>"
        )

    payload = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div class="weightinit-playground" hidden role="group" '
        f'aria-label="{html.escape(label("Training playground"))}">'
        f'<div class="playground-controls">{controls}</div>'
        f'<div class="playground-buttons">{buttons}</div>'
        f'<div class="playground-views">'
        f"{view('boundary', 'decision boundary and data', 1)}"
        f"{view('loss', 'training loss (log scale) against step', 0.75)}"
        f"{view('units', _UNITS_CAPTION, 1)}"
        f"</div>"
        f'<p class="playground-status" data-status></p>'
        f'<p class="playground-live visually-hidden" aria-live="polite"></p>'
        f'<script type="application/json">{payload}</script>'
        f"</div>"
    )
