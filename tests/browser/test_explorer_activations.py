"""The activation explorer on the activations page, driven like a reader would, against the package.

The page embeds, from a build-time cell (weightinit/explorers/activations.py), the package's
statistics for a grid of settings: per layer, the mean over several seeds and the spread between
them. Each test here sets the explorer to such a setting through its controls, waits until all
samples are in, reads the per-layer table the reader sees, and compares. The explorer draws other
random numbers than numpy, so a statistic of the explorer and the package's mean differ by about
the spread between two seeds: the tolerance is that spread (pooled over the layers, the spread of
a difference of one draw from a mean of R) times a factor, plus half a unit of the last digit
shown, plus, for a share p of the N n outputs of a layer, its binomial standard error.
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


def shown(text: str) -> tuple[float, float]:
    """The number a cell shows, and half a unit of its last digit ("57.1 %", "3.2e-5")."""
    text = text.strip()
    scale = 0.01 if text.endswith("%") else 1.0
    number = text.rstrip(" %\u00a0")
    mantissa, _, exponent = number.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (-decimals) * (10.0 ** int(exponent) if exponent else 1.0)
    return float(number) * scale, 0.5 * unit * scale


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
        pooled = math.sqrt(sum(s * s for s in spreads) / len(spreads))
        for layer, (mean, row) in enumerate(zip(means, rows, strict=True), start=1):
            value, rounding = shown(row[stat])
            allowed = SPREADS * pooled * math.sqrt(1 + 1 / seeds)
            if stat == "gradient_std":  # spreads are of log10
                gap = abs(math.log10(value) - math.log10(mean))
                allowed += rounding / value / math.log(10)
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
        out.push([+root.dataset.firstFrameMs, +root.dataset.fullMs, +root.dataset.frames]);
      }
      return out;
    }""",
        EXPLORER,
    )
    first = sorted(t[0] for t in timings[2:])  # the first two warm the JIT up
    full = sorted(t[1] for t in timings[2:])
    print(
        f"\nactivation explorer, 1000 samples, 5 layers of 100: first redraw median "
        f"{first[len(first) // 2]:.1f} ms (max {first[-1]:.1f}), all samples median "
        f"{full[len(full) // 2]:.1f} ms (max {full[-1]:.1f}) over "
        f"{sorted(t[2] for t in timings)[len(timings) // 2]} frames"
    )
    assert all(t[2] >= 1 and t[0] > 0 and t[1] >= t[0] for t in timings)


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
