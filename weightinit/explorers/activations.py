r"""The activation explorer of the activations page: the package's numbers for its settings.

The explorer (``docs/_static/explorers/activations.js``) repeats the book's histogram experiment
in the reader's browser: :math:`N` samples of :math:`n_0` standard-normal inputs through
:math:`L` bias-free layers of :math:`n` units (:func:`~weightinit.experiments.forward_stack`),
and a standard-normal gradient sent back from the top
(:func:`~weightinit.experiments.backward_stack`). The reader sets the activation, the depth
:math:`L`, the width :math:`n` and the standard deviation :math:`s` of the weights of a layer
with :math:`n` inputs; a layer with :math:`n_\text{in}` inputs gets

.. math::

    W^{(\ell)}_{ij} \sim \mathcal{N}\!\left(0,\ \frac{s^2 n}{n_\text{in}}\right),

that is, the weights scale with the fan-in as the schemes' do, so that the stops of the book's
Xavier (:math:`s = 1/\sqrt{n}`) and He (:math:`s = \sqrt{2/n}`) are those schemes in every
layer, layer 1 included. With :math:`n = n_0`, the book's setting, every layer's weights have
standard deviation :math:`s`; with :math:`n \ne n_0` the first layer's differ from :math:`s`
(the explorer says so), and the stop "std=1" is no longer the book's std=1 there.

Per layer it shows the standard deviation of the activations, the share of saturated outputs
(:func:`~weightinit.diagnostics.saturated_share`), the share collapsed onto :math:`f(0)`
(within :data:`COLLAPSE_WINDOW`, :func:`~weightinit.experiments.fraction_near`), the share of
dead ReLU units (:func:`~weightinit.diagnostics.dead_share`) and the standard deviation of
:math:`\delta^{(\ell)} = \partial L / \partial z^{(\ell)}`. :func:`explorer_grid` computes the
same with the package, over several seeds, for the settings the browser tests check, and
:func:`explorer_html` writes the explorer's HTML with them.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from weightinit._validation import (
    RngLike,
    check_choice,
    check_instance,
    check_int,
    check_real,
    check_rng,
    check_sequence,
    check_sizes,
    check_str,
    check_value,
)
from weightinit.diagnostics import SATURATION, dead_share, saturated_share
from weightinit.experiments import backward_stack, forward_stack, fraction_near, layer_std
from weightinit.experiments.propagation.variance import ScaledNormal
from weightinit.language import label, localize
from weightinit.schemes import get_scheme
from weightinit.style import ACTIVATION_STYLES, SCHEME_STYLES

__all__ = [
    "ACTIVATIONS",
    "COLLAPSE_WINDOW",
    "INTRODUCTION",
    "STATISTICS",
    "STOPS",
    "UI_STRINGS",
    "WIDTHS",
    "GridPoint",
    "LayerStatistics",
    "explorer_grid",
    "explorer_html",
    "layer_statistics",
    "weight_scale_stops",
]

#: The activations the explorer offers.
ACTIVATIONS = ("sigmoid", "tanh", "relu")
#: The widths the explorer offers.
WIDTHS = (25, 50, 100, 200)
#: The stops of the weight-scale slider, by scheme name.
STOPS = ("std=0.01", "std=1", "xavier-book", "he")
#: Half-width of the window around :math:`f(0)` in which an output counts as collapsed (the
#: page's "within 0.02 of 0.5").
COLLAPSE_WINDOW = 0.02
#: The per-layer statistics, in the order of :class:`LayerStatistics`.
STATISTICS = ("std", "saturated", "collapsed", "dead", "gradient_std")
#: The explorer's first words: in the container, so that without JavaScript they are not shown.
INTRODUCTION = (
    "The same experiment, run in your browser: choose the activation, the standard deviation s "
    "of the weights, the width n and the depth L; each layer's histogram, or the back-propagated "
    "gradient, and the table follow at once."
)
#: The explorer's words, keys of :func:`weightinit.language.label`.
UI_STRINGS = (
    "activation explorer",
    INTRODUCTION,
    "activation function",
    "weight standard deviation s",
    "width n (units per layer)",
    "depth L (layers)",
    "show",
    "activations",
    "back-propagated gradient ∂L/∂z",
    "layer",
    "std",
    "saturated",
    "collapsed",
    "dead units",
    "std of δ",
    "layer {layer}",
    "histograms of the activations of each layer",
    "standard deviation of the back-propagated gradient in each layer, on a logarithmic scale",
    "{n_inputs} inputs feed layer 1: its weights have standard deviation s·√(n/{n_inputs}).",
    "{activation}, s = {scale}, {width} units, {depth} layers.",
    "Layer {depth}: std {std}.",
    "Saturated {saturated}, collapsed {collapsed}.",
    "Dead units {dead}.",
    "The gradient's std is {ratio} times as large in layer 1 as in layer {depth}.",
)


def weight_scale_stops(width: int) -> dict[str, float]:
    """Return the slider's stops for layers of ``width`` inputs: the standard deviation by name.

    Parameters
    ----------
    width : int
        Units per layer :math:`n`, the fan-in of every layer above the first.

    Returns
    -------
    dict of str to float
        One entry per name of :data:`STOPS`, from the package's schemes.

    Examples
    --------
    >>> stops = weight_scale_stops(100)
    >>> stops["std=0.01"], stops["xavier-book"], round(stops["he"], 4)
    (0.01, 0.1, 0.1414)
    """
    width = check_int(width, "width", minimum=1)
    stops = {}
    for name in STOPS:
        variance = get_scheme(name).variance((width, width))
        assert variance is not None  # a named scheme knows its variance
        stops[name] = math.sqrt(variance)
    return stops


@dataclass(frozen=True)
class LayerStatistics:
    r"""What the explorer shows for one setting, one entry per layer (index 0 is layer 1).

    Attributes
    ----------
    std : numpy.ndarray
        Standard deviation of each layer's activations.
    saturated, collapsed : numpy.ndarray
        Shares of saturated outputs and of outputs within :data:`COLLAPSE_WINDOW` of
        :math:`f(0)`; NaN for ReLU.
    dead : numpy.ndarray
        Share of ReLU units that output 0 for every sample; NaN for sigmoid and tanh.
    gradient_std : numpy.ndarray
        Standard deviation of :math:`\delta^{(\ell)} = \partial L / \partial z^{(\ell)}`.
    """

    std: np.ndarray
    saturated: np.ndarray
    collapsed: np.ndarray
    dead: np.ndarray
    gradient_std: np.ndarray


def layer_statistics(
    activation: str,
    scale: float,
    *,
    width: int = 100,
    depth: int = 5,
    n_samples: int = 1000,
    n_inputs: int = 100,
    rng: RngLike = None,
) -> LayerStatistics:
    r"""Run one setting of the explorer with the package, forward and backward.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
        The activation of every layer.
    scale : float
        :math:`s`, non-negative: the standard deviation of the weights of a layer with
        ``width`` inputs (the others are scaled by :math:`\sqrt{n / n_\text{in}}`).
    width, depth : int, default 100 and 5
        Units per layer :math:`n` and layers :math:`L`.
    n_samples, n_inputs : int, default 1000 and 100
        Samples :math:`N` and inputs :math:`n_0` of the standard-normal input.
    rng : numpy.random.Generator, int or None
        Draws the input, the weights and the gradient fed in at the top, in that order.

    Returns
    -------
    LayerStatistics

    Examples
    --------
    >>> stats = layer_statistics("sigmoid", 1.0, rng=0)
    >>> bool(np.all(stats.saturated > 0.5)), stats.std.shape
    (True, (5,))
    """
    activation = check_choice(activation, "activation", ACTIVATIONS)
    scale = check_real(scale, "scale", non_negative=True)
    width = check_int(width, "width", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    generator = check_rng(rng)
    x = generator.standard_normal((n_samples, n_inputs))
    init = ScaledNormal(scale**2 * width, "fan_in")
    forward = forward_stack(x, depth, width, init, activation, rng=generator)
    backward = backward_stack(forward, rng=generator)
    outputs = forward.activations
    nan = np.full(depth, np.nan)
    relu = activation == "relu"
    centre = float(forward.activation.function(np.zeros(1))[0])
    return LayerStatistics(
        std=layer_std(outputs),
        saturated=nan if relu else np.array([saturated_share(h, activation) for h in outputs]),
        collapsed=nan if relu else fraction_near(outputs, centre, tol=COLLAPSE_WINDOW),
        dead=np.array([dead_share(h) for h in outputs]) if relu else nan,
        gradient_std=layer_std(backward.pre_activation_gradients),
    )


@dataclass(frozen=True)
class GridPoint:
    r"""One setting the browser tests check, and the package's statistics at it over seeds.

    Attributes
    ----------
    activation, stop : str
        A name of :data:`ACTIVATIONS` and of :data:`STOPS`.
    width, depth : int
    scale : float
        The stop's :math:`s` at this width.
    mean, spread : dict of str to numpy.ndarray
        Per name of :data:`STATISTICS`, the mean over the seeds and the standard deviation
        between seeds (of :math:`\log_{10}` for ``gradient_std``, which spans decades).
    """

    activation: str
    stop: str
    width: int
    depth: int
    scale: float
    mean: dict[str, np.ndarray]
    spread: dict[str, np.ndarray]


def explorer_grid(
    activations: Sequence[str] = ACTIVATIONS,
    stops: Sequence[str] = STOPS,
    shapes: Sequence[tuple[int, int]] = ((100, 5), (50, 3)),
    seeds: Sequence[int] = tuple(range(4)),
) -> list[GridPoint]:
    """Compute the explorer's statistics with the package for a grid of settings.

    Between two seeds every statistic varies by more than independent draws would (the
    outputs of one layer share its weights), so each point keeps the spread between
    ``seeds``: the tolerance of a comparison with another generator's draws.

    Parameters
    ----------
    activations : sequence of str, default :data:`ACTIVATIONS`
        Names of activations.
    stops : sequence of str, default :data:`STOPS`
        Names of the slider's stops.
    shapes : sequence of (int, int), default ((100, 5), (50, 3))
        (width, depth) pairs; a width other than 100 makes the first layer's fan-in (the
        100 inputs) differ from its fan-out.
    seeds : sequence of int, default 0 to 3
        At least two.

    Returns
    -------
    list of GridPoint
        Activations outermost, then shapes, then stops.

    Examples
    --------
    >>> grid = explorer_grid(["relu"], ["he"], [(50, 2)], seeds=[0, 1])
    >>> point = grid[0]
    >>> point.scale == weight_scale_stops(50)["he"], point.mean["std"].shape
    (True, (2,))
    """
    activations = [check_choice(a, "activations", ACTIVATIONS) for a in check_sequence(
        activations, "activations")]  # fmt: skip
    stops = [check_choice(s, "stops", STOPS) for s in check_sequence(stops, "stops")]
    pairs = check_sequence(shapes, "shapes")
    for pair in pairs:
        check_sizes(pair, "shapes", minimum=1)
        check_value(len(pair) == 2, "shapes", "hold (width, depth) pairs", pair)
    seeds = check_sizes(seeds, "seeds", minimum=0)
    check_value(len(seeds) >= 2, "seeds", "hold at least two seeds", len(seeds))
    grid = []
    with threadpool_limits(limits=1, user_api="blas"):  # many times faster on a busy machine
        for point in _settings(activations, pairs, stops):
            grid.append(_grid_point(*point, seeds))
    return grid


def _settings(
    activations: Sequence[str], pairs: Sequence[Sequence[int]], stops: Sequence[str]
) -> Iterator[tuple[str, str, int, int]]:
    for activation in activations:
        for width, depth in pairs:
            for stop in stops:
                yield activation, stop, width, depth


def _grid_point(
    activation: str, stop: str, width: int, depth: int, seeds: Sequence[int]
) -> GridPoint:
    scale = weight_scale_stops(width)[stop]
    runs = [
        layer_statistics(activation, scale, width=width, depth=depth, rng=seed) for seed in seeds
    ]
    values = {k: np.array([getattr(r, k) for r in runs]) for k in STATISTICS}
    values["gradient_std"] = np.log10(values["gradient_std"])
    mean = {k: v.mean(axis=0) for k, v in values.items()}
    mean["gradient_std"] = 10 ** mean["gradient_std"]
    spread = {k: v.std(axis=0, ddof=1) for k, v in values.items()}
    return GridPoint(activation, stop, width, depth, scale, mean, spread)


def _numbers(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in np.asarray(values, dtype=float)]


def _control_markup(ident: str) -> str:
    text = {key: html.escape(label(key)) for key in UI_STRINGS}
    radios = "".join(
        f'<label><input type="radio" name="{ident}-activation" value="{a}"> '
        f"{html.escape(localize(ACTIVATION_STYLES[a].label))}</label>"
        for a in ACTIVATIONS
    )
    stops = "".join(
        f'<button type="button" data-stop="{s}">{html.escape(localize(SCHEME_STYLES[s].label))}'
        "</button>"
        for s in STOPS
    )
    views = "".join(
        f'<label><input type="radio" name="{ident}-view" value="{v}"> {text[key]}</label>'
        for v, key in (
            ("activations", "activations"),
            ("gradients", "back-propagated gradient ∂L/∂z"),
        )
    )
    head = "".join(
        f'<th scope="col">{text[key]}</th>'
        for key in ("layer", "std", "saturated", "collapsed", "dead units", "std of δ")
    )
    return (
        f'<p class="explorer-intro">{html.escape(label(INTRODUCTION))}</p>'
        f'<div class="explorer-controls">'
        f"<fieldset><legend>{text['activation function']}</legend>{radios}</fieldset>"
        f'<div class="explorer-scale"><label for="{ident}-scale">'
        f"{text['weight standard deviation s']}</label> "
        f'<output id="{ident}-scale-value" for="{ident}-scale"></output>'
        f'<input type="range" id="{ident}-scale" min="-2.5" max="0.5" step="0.05">'
        f'<div class="explorer-stops">{stops}</div></div>'
        f'<div><label for="{ident}-width">{text["width n (units per layer)"]}</label> '
        f'<select id="{ident}-width"></select></div>'
        f'<div><label for="{ident}-depth">{text["depth L (layers)"]}</label> '
        f'<output id="{ident}-depth-value" for="{ident}-depth"></output>'
        f'<input type="range" id="{ident}-depth" min="1" max="10" step="1"></div>'
        f"<fieldset><legend>{text['show']}</legend>{views}</fieldset>"
        f"</div>"
        f'<p class="explorer-note" hidden></p>'
        f'<canvas class="explorer-plot" role="img" width="640" height="260"></canvas>'
        f'<p class="explorer-summary" aria-live="polite"></p>'
        f'<div class="explorer-table"><table><thead><tr>{head}</tr></thead>'
        f"<tbody></tbody></table></div>"
    )


def explorer_html(grid: Sequence[GridPoint], *, element_id: str = "activation-explorer") -> str:
    """Return the explorer's HTML: its controls and its data, in the current language.

    The container stays ``hidden`` until ``activations.js`` runs, so without JavaScript the
    page's static figures stand alone. It holds the labelled controls, an ``aria-live``
    summary, the plot and the per-layer table, and a ``<script type="application/json">``
    with the words of :data:`UI_STRINGS`, the package's thresholds and the statistics of
    ``grid``.

    Parameters
    ----------
    grid : sequence of GridPoint
        From :func:`explorer_grid`.
    element_id : str, default "activation-explorer"
        The container's ``id``; the controls' ids start with it.

    Returns
    -------
    str

    Examples
    --------
    >>> snippet = explorer_html(explorer_grid(["tanh"], ["xavier-book"], [(20, 2)], [0, 1]))
    >>> snippet.startswith('<div class="weightinit-explorer" id="activation-explorer" hidden')
    True
    """
    points = check_sequence(grid, "grid")
    for point in points:
        check_instance(point, "each entry of grid (from explorer_grid)", GridPoint)
    check_str(element_id, "element_id")
    rule = "be letters, digits, - and _"
    check_value(element_id.replace("-", "_").isidentifier(), "element_id", rule, element_id)
    data = {
        "strings": {key: label(key) for key in UI_STRINGS},
        "activations": {a: localize(ACTIVATION_STYLES[a].label) for a in ACTIVATIONS},
        "stops": {s: localize(SCHEME_STYLES[s].label) for s in STOPS},
        "thresholds": {**SATURATION, "collapse": COLLAPSE_WINDOW},
        "defaults": {"activation": "sigmoid", "stop": "std=1", "width": 100, "depth": 5},
        "sizes": {"samples": 1000, "inputs": 100, "bins": 30, "maxDepth": 10, "seed": 1},
        "widths": list(WIDTHS),
        "stopScales": {str(w): weight_scale_stops(w) for w in WIDTHS},
        "grid": [
            {
                "activation": p.activation, "stop": p.stop, "width": p.width, "depth": p.depth,
                "scale": p.scale,
                "mean": {k: _numbers(v) for k, v in p.mean.items()},
                "spread": {k: _numbers(v) for k, v in p.spread.items()},
            }
            for p in points
        ],
    }  # fmt: skip
    payload = json.dumps(data, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    title = html.escape(label("activation explorer"))
    return (
        f'<div class="weightinit-explorer" id="{element_id}" hidden '
        f'role="group" aria-label="{title}" data-explorer="activations">'
        f"{_control_markup(element_id)}"
        f'<script type="application/json" class="explorer-data">{payload}</script></div>'
    )
