"""The activation explorer on the activations page, driven like a reader would, against the package.

The page embeds, from a build-time cell (weightinit/explorers/activations.py), the package's
statistics for a grid of settings: per layer, the mean over several seeds and the spread between
them. Each test here sets the explorer to such a setting through its controls, waits until all
samples are in, reads the per-layer table the reader sees, and compares. The explorer draws other
random numbers than numpy, so a statistic of the explorer and the package's mean differ by about
the spread between two seeds: the tolerance is that spread (pooled over the layers, relative to
the mean for the activations' std, the spread of a difference of one draw from a mean of R) times
a factor, plus half a unit of the last digit shown, plus, for a share p of the N n outputs of a
layer, its binomial standard error. That leaves a formula error hidden within the spread between
seeds (a sigmoid threshold halved moves the saturated share 6 points where the spread allows 14):
test_on_the_same_draws_the_explorer_shows_the_packages_numbers feeds the package the explorer's
own draws and compares digit for digit.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from .harness import SITE, VIEWS, Visit, new_context, open_page, unavailable

PAGE = "lecture/activations.html"
PAGE_JA = "ja/lecture/activations.html"
EXPLORER = "#activation-explorer"
#: How many spreads a statistic may differ from the package's mean: with R = 4 seeds and the
#: spread pooled over the layers (3 L degrees of freedom), a Student t beyond 6 has a chance
#: below 1e-4 per comparison for L = 5.
SPREADS = 6.0
COMPLETE = f'document.querySelector("{EXPLORER}").dataset.complete === "true"'
READ_TABLE = """(selector) => [...document.querySelectorAll(selector + " tbody tr")].map((row) =>
  Object.fromEntries([...row.querySelectorAll("[data-stat]")].filter((c) => !c.hidden)
    .map((c) => [c.dataset.stat, c.textContent])))"""


def _require(page: str) -> None:
    if not (SITE / page).is_file():
        unavailable(f"no built page {SITE / page} (run `make html`)")


@pytest.fixture(scope="module")
def tab(browser: Any, base_url: str) -> Any:
    _require(PAGE)
    visit = Visit(PAGE, "desktop", "light")
    context = new_context(browser, "desktop", "light", [])
    page = open_page(context, base_url + PAGE, visit)
    page.wait_for_function(COMPLETE)
    page.visit = visit
    yield page
    context.close()


def explorer_data(tab: Any) -> dict[str, Any]:
    return json.loads(tab.locator(f"{EXPLORER} script.explorer-data").text_content())


def set_explorer(tab: Any, activation: str, stop: str, width: int, depth: int) -> None:
    """Set the explorer through its controls, as a reader would, and wait for all samples."""
    tab.check(f'input[name="activation-explorer-activation"][value="{activation}"]')
    tab.select_option(f"{EXPLORER}-width", str(width))
    tab.fill(f"{EXPLORER}-depth", str(depth))
    tab.click(f'{EXPLORER} button[data-stop="{stop}"]')
    tab.wait_for_function(COMPLETE)
    state = json.loads(tab.locator(EXPLORER).get_attribute("data-state"))
    assert (state["activation"], state["stop"], state["width"], state["depth"]) == (
        activation, stop, width, depth
    )  # fmt: skip


#: Significant digits of the table's numbers other than shares (significant(v, 3) in
#: activations.js, which drops trailing zeros: "0.5" and "2260" are 3 digits too).
SIGNIFICANT = 3


def shown(text: str) -> tuple[float, float]:
    """The number a cell shows, and half a unit of its last digit ("57.1 %", "3.2e-5")."""
    text = text.strip()
    if text.endswith("%"):  # one decimal of a percentage
        number = text.rstrip(" %\u00a0")
        decimals = len(number.partition(".")[2])
        return float(number) / 100, 0.5 * 10.0 ** (-decimals) / 100
    value = float(text)
    if value == 0:
        return 0.0, 0.0
    return value, 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - SIGNIFICANT + 1)


def compare(point: dict[str, Any], rows: list[dict[str, str]], data: dict[str, Any]) -> list[str]:
    """Every statistic of the table outside its tolerance, as lines of text."""
    seeds = 4  # explorer_grid's default
    entries = data["sizes"]["samples"] * point["width"]
    problems = []
    for stat in ("std", "saturated", "collapsed", "dead", "gradient_std"):
        means, spreads = point["mean"][stat], point["spread"][stat]
        if means[0] is None:
            assert all(stat not in row for row in rows), f"{stat} shown for {point['activation']}"
            continue
        # An activation's std can span decades over the layers (std=0.01: 0.1 down to 1e-5):
        # its spreads are pooled relative to the mean, else the deepest layers go unchecked.
        relative = [s / m for s, m in zip(spreads, means, strict=True)] if stat == "std" else None
        pooled = math.sqrt(sum(s * s for s in relative or spreads) / len(spreads))
        for layer, (mean, row) in enumerate(zip(means, rows, strict=True), start=1):
            value, rounding = shown(row[stat])
            allowed = SPREADS * pooled * math.sqrt(1 + 1 / seeds)
            if stat == "gradient_std":  # spreads are of log10
                gap = abs(math.log10(value) - math.log10(mean))
                allowed += rounding / value / math.log(10)
            elif stat == "std":
                gap = abs(value - mean) / mean
                allowed += rounding / mean
            else:
                gap = abs(value - mean)
                allowed += rounding
                if stat != "std":
                    allowed += 3 * math.sqrt(max(mean * (1 - mean), 1 / entries) / entries)
            if gap > allowed:
                problems.append(
                    f"layer {layer} {stat}: explorer {row[stat]}, package {mean:.4g} "
                    f"(spread {pooled:.2g}, allowed {allowed:.2g})"
                )
    return problems


def grid_ids() -> list[str]:
    from weightinit.explorers.activations import ACTIVATIONS, STOPS

    return [f"{a}-{s}-{w}x{d}" for a in ACTIVATIONS for w, d in ((100, 5), (50, 3)) for s in STOPS]


@pytest.mark.parametrize("index", range(len(grid_ids())), ids=grid_ids())
def test_the_explorer_shows_the_packages_statistics(tab, index):
    data = explorer_data(tab)
    assert len(data["grid"]) == len(grid_ids())
    point = data["grid"][index]
    set_explorer(tab, point["activation"], point["stop"], point["width"], point["depth"])
    rows = tab.evaluate(READ_TABLE, EXPLORER)
    assert len(rows) == point["depth"]
    problems = compare(point, rows, data)
    assert not problems, f"{grid_ids()[index]}:\n" + "\n".join(problems)


#: The explorer's own unit-normal draws (activationDraws in activations.js), as nested lists.
DRAWS = """([seed, sizes, width]) => {
  const d = window.weightinitExplorers.activationDraws(seed, sizes, width);
  return {units: d.units.map((u) => Array.from(u)), top: Array.from(d.top),
          x: Array.from(window.weightinitExplorers.generator(seed)
            .fillNormal(new Float64Array(sizes.samples * sizes.inputs), 1))};
}"""
READ_HISTOGRAMS = """(selector) => document.querySelector(selector).weightinitLayers.map(
  (layer) => ({bins: Array.from(layer.histogram.bins), range: layer.histogram.range}))"""
#: Largest relative gap between two float64 computations of the same statistic in another
#: order of summation (1000 x 100 terms): far above the accumulated rounding, far below any
#: digit the table shows.
ROUNDING = 1e-9


@pytest.fixture(scope="module")
def same_draws(tab: Any) -> Any:
    """The explorer's draws per width, fetched once: the package runs on the same numbers."""
    import numpy as np

    data, cache = explorer_data(tab), {}

    def draws(width: int) -> dict[str, Any]:
        if width not in cache:
            sizes = data["sizes"]
            raw = tab.evaluate(DRAWS, [sizes["seed"], sizes, width])
            cache[width] = {
                "x": np.array(raw["x"]).reshape(sizes["samples"], sizes["inputs"]),
                "units": [np.array(u).reshape(-1, width) for u in raw["units"]],
                "top": np.array(raw["top"]).reshape(sizes["samples"], width),
            }
        return cache[width]

    return draws


def package_on(draws: dict[str, Any], activation: str, scale: float, width: int, depth: int):
    """The package's forward and backward pass on the explorer's unit-normal draws."""
    import numpy as np

    from weightinit.experiments import backward_stack, forward_stack
    from weightinit.experiments.propagation.variance import ScaledNormal

    scheme = ScaledNormal(scale**2 * width, "fan_in")  # as layer_statistics
    units = iter(draws["units"])

    def init(shape: tuple[int, int], *, rng: Any = None, dtype: Any = None) -> Any:
        return next(units) * math.sqrt(scheme.variance(shape))  # type: ignore[arg-type]

    forward = forward_stack(draws["x"], depth, width, init, activation)
    backward = backward_stack(forward, draws["top"])
    return forward, backward, np


@pytest.mark.parametrize("index", range(len(grid_ids())), ids=grid_ids())
def test_on_the_same_draws_the_explorer_shows_the_packages_numbers(tab, same_draws, index):
    """Fed the explorer's own random numbers, the package must give every number of the table
    to the digits shown, and every histogram bar to the count: any formula that differs
    (fan-in, a derivative term, a threshold, a bin edge, a seed of the top gradient) shows."""
    from weightinit.diagnostics import dead_share, saturated_share
    from weightinit.experiments import fraction_near, layer_std

    data = explorer_data(tab)
    point = data["grid"][index]
    activation, width, depth = point["activation"], point["width"], point["depth"]
    set_explorer(tab, activation, point["stop"], width, depth)
    rows = tab.evaluate(READ_TABLE, EXPLORER)
    histograms = tab.evaluate(READ_HISTOGRAMS, EXPLORER)
    forward, backward, np = package_on(same_draws(width), activation, point["scale"], width, depth)
    outputs = forward.activations
    expected = {
        "std": layer_std(outputs),
        "gradient_std": layer_std(backward.pre_activation_gradients),
    }
    if activation == "relu":
        expected["dead"] = [dead_share(h) for h in outputs]
    else:
        expected["saturated"] = [saturated_share(h, activation) for h in outputs]
        centre = float(forward.activation.function(np.zeros(1))[0])
        expected["collapsed"] = fraction_near(outputs, centre, tol=data["thresholds"]["collapse"])
    problems = []
    for stat, values in expected.items():
        for layer, (value, row) in enumerate(zip(values, rows, strict=True), start=1):
            number, rounding = shown(row[stat])
            if abs(number - value) > rounding + ROUNDING * abs(value):
                problems.append(f"layer {layer} {stat}: explorer {row[stat]}, package {value:.6g}")
    # The histograms as plot_activation_histograms draws them: the activation's range, an
    # open end replaced by the largest output of any layer.
    low, high = forward.activation.output_range
    high = high if np.isfinite(high) else max(float(h.max()) for h in outputs)
    for layer, (h, shown_bars) in enumerate(zip(outputs, histograms, strict=True), start=1):
        counts, _ = np.histogram(h, bins=len(shown_bars["bins"]), range=(low, high))
        if not np.allclose(shown_bars["range"], (low, high), rtol=ROUNDING, atol=0):
            problems.append(f"layer {layer} histogram range {shown_bars['range']}, package "
                            f"{(low, high)}")  # fmt: skip
        elif not np.array_equal(counts, shown_bars["bins"]):
            problems.append(f"layer {layer} histogram {shown_bars['bins']}, package {counts}")
    assert not problems, f"{grid_ids()[index]}:\n" + "\n".join(problems)


def test_keyboard_alone_changes_the_setting_and_the_summary_says_so(tab):
    set_explorer(tab, "sigmoid", "std=1", 100, 5)
    summary = tab.locator(f"{EXPLORER} .explorer-summary")
    tab.wait_for_function(
        f'document.querySelector("{EXPLORER} .explorer-summary").textContent.includes("s = 1,")'
    )
    tab.focus(f"{EXPLORER}-scale")
    for _ in range(4):
        tab.keyboard.press("ArrowLeft")  # four steps of 0.05 in log10 s
    tab.wait_for_function(COMPLETE)
    tab.wait_for_function(
        f'document.querySelector("{EXPLORER} .explorer-summary").textContent.includes("s = 0.631")'
    )
    assert summary.get_attribute("aria-live") == "polite"
    # Tab to the stop buttons and press one with the keyboard
    tab.focus(f'{EXPLORER} button[data-stop="std=1"]')
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # the book's Xavier
    tab.wait_for_function(COMPLETE)
    state = json.loads(tab.locator(EXPLORER).get_attribute("data-state"))
    assert state["stop"] == "xavier-book" and math.isclose(state["scale"], 0.1)
    pressed = tab.locator(f'{EXPLORER} button[aria-pressed="true"]')
    assert pressed.get_attribute("data-stop") == "xavier-book"
    tab.focus('input[name="activation-explorer-activation"][value="sigmoid"]')
    tab.keyboard.press("ArrowRight")  # radio group: the next activation, tanh
    tab.wait_for_function(COMPLETE)
    assert json.loads(tab.locator(EXPLORER).get_attribute("data-state"))["activation"] == "tanh"
    tab.wait_for_function(
        f'document.querySelector("{EXPLORER} .explorer-summary").textContent.startsWith("tanh")'
    )


def test_the_gradient_view_draws_without_recomputing(tab):
    set_explorer(tab, "relu", "he", 100, 5)
    before = tab.locator(EXPLORER).get_attribute("data-full-ms")
    tab.check('input[name="activation-explorer-view"][value="gradients"]')
    label = tab.locator(f"{EXPLORER} canvas").get_attribute("aria-label")
    assert "gradient" in label
    assert tab.locator(EXPLORER).get_attribute("data-full-ms") == before
    tab.check('input[name="activation-explorer-view"][value="activations"]')
    assert tab.visit.console_errors == [] and tab.visit.failed_requests == []


def test_redraw_time_of_a_slider_move(tab):
    """Measured, not asserted (benchmarks/README.md records the budget): the time from a slider
    move to the first redraw, and to the redraw with all 1000 samples."""
    set_explorer(tab, "sigmoid", "std=1", 100, 5)
    timings = tab.evaluate(
        """async (selector) => {
      const root = document.querySelector(selector);
      const slider = root.querySelector('input[type="range"]');
      const out = [];
      for (let k = 0; k < 12; k++) {
        slider.value = String(-1.5 + 0.1 * k);
        slider.dispatchEvent(new Event("input", {bubbles: true}));
        await new Promise((done) => {
          const check = () => root.dataset.complete === "true" ? done() : setTimeout(check, 2);
          check();
        });
        out.push([+root.dataset.firstFrameMs, +root.dataset.fullMs, +root.dataset.frames,
                  +root.dataset.firstWorkMs]);
      }
      return out;
    }""",
        EXPLORER,
    )
    first = sorted(t[0] for t in timings[2:])  # the first two warm the JIT up
    full = sorted(t[1] for t in timings[2:])
    work = sorted(t[3] for t in timings[2:])
    print(
        f"\nactivation explorer, 1000 samples, 5 layers of 100: first redraw median "
        f"{first[len(first) // 2]:.1f} ms (max {first[-1]:.1f}), all samples median "
        f"{full[len(full) // 2]:.1f} ms (max {full[-1]:.1f}) over "
        f"{sorted(t[2] for t in timings)[len(timings) // 2]} frames; the first frame's work "
        f"(computing and drawing) median {work[len(work) // 2]:.1f} ms (max {work[-1]:.1f})"
    )
    assert all(t[2] >= 1 and t[0] >= t[3] > 0 and t[1] >= t[0] for t in timings)


def test_without_javascript_the_static_figures_stand_alone(browser, base_url):
    _require(PAGE)
    context = browser.new_context(java_script_enabled=False, viewport=VIEWS["desktop"])
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        assert page.locator(EXPLORER).count() == 1
        assert not page.locator(EXPLORER).is_visible()
        assert page.locator("#fig-hist-std1 img").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("view", "scheme"), [("phone", "light"), ("phone", "dark")])
def test_legible_at_phone_width_in_both_colour_schemes(browser, base_url, view, scheme):
    _require(PAGE)
    visit = Visit(PAGE, view, scheme)
    context = new_context(browser, view, scheme, [])
    try:
        page = open_page(context, base_url + PAGE, visit)
        page.wait_for_function(COMPLETE)
        box = page.evaluate(
            """(selector) => {
          const root = document.querySelector(selector);
          const style = getComputedStyle(root);
          return {scroll: root.scrollWidth, client: root.clientWidth, color: style.color,
                  background: style.backgroundColor,
                  canvas: root.querySelector("canvas").getBoundingClientRect().width,
                  fonts: [...root.querySelectorAll("label, legend, td, th, button")]
                    .map((e) => parseFloat(getComputedStyle(e).fontSize))};
        }""",
            EXPLORER,
        )
        assert box["scroll"] <= box["client"] + 1, box
        assert box["canvas"] <= box["client"], box
        assert min(box["fonts"]) >= 12, box
        assert contrast(box["color"], box["background"]) >= 4.5, box
        assert visit.console_errors == []
    finally:
        context.close()


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(colour: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_japanese_edition_speaks_japanese(browser, base_url):
    _require(PAGE_JA)
    visit = Visit(PAGE_JA, "desktop", "light")
    context = new_context(browser, "desktop", "light", [])
    try:
        page = open_page(context, base_url + PAGE_JA, visit)
        page.wait_for_function(COMPLETE)
        assert page.locator(f"{EXPLORER} legend").first.text_content() == "活性化関数"
        page.wait_for_function(  # the summary is announced once the picture is complete
            f'document.querySelector("{EXPLORER} .explorer-summary").textContent !== ""'
        )
        summary = page.locator(f"{EXPLORER} .explorer-summary").text_content()
        assert summary.startswith("シグモイド関数、s = 1、100ノード、5層。"), summary
        header = page.locator(f"{EXPLORER} thead th").all_text_contents()
        assert header[:2] == ["層", "標準偏差"], header
        assert visit.console_errors == [] and visit.failed_requests == []
    finally:
        context.close()
