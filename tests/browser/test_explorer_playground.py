"""The training playground on the symmetry page, driven in Chromium and checked against the
numbers the package embedded in the page (weightinit/explorers/playground.py).

JavaScript and numpy draw different random numbers, so the checks compare what agrees exactly by
construction (the package's own data and start replayed step by step; the twins of a tied start)
or statistically (the weights' spread per layer, the mean loss after N steps over seeds, within
a few standard errors of the sample sizes).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from weightinit.explorers.playground import make_2d_data

from .harness import (
    AXE,
    AXE_COLOUR_RULES,
    AXE_RUN,
    SITE_JA,
    Visit,
    format_violations,
    new_context,
    open_page,
)

PAGE = "lecture/symmetry.html"
CONFIG = """() => JSON.parse(document.querySelector(
  ".weightinit-playground script[type='application/json']").textContent)"""
#: z of every statistical comparison: a false alarm about once in 10^6 per comparison.
Z = 5.0


OPEN_FOLD = """() => {
  document.querySelector('.weightinit-playground').closest('details').open = true;
}"""


def _open_fold(page):
    """Wait for the playground, then open the Going further fold it sits in, as a reader would."""
    page.wait_for_function("() => window.weightinitExplorers.playground.instances.length > 0")
    page.evaluate(OPEN_FOLD)


@pytest.fixture(scope="module")
def tab(browser, base_url, site):
    visit = Visit(PAGE, "desktop", "light")
    context = new_context(browser, "desktop", "light", visit.external_requests)
    page = open_page(context, base_url + PAGE, visit)
    page.wait_for_function("() => window.weightinitExplorers.playground.instances.length > 0")
    # the playground sits in a Going further fold: open it, as a reader would
    page.evaluate(
        "() => { document.querySelector('.weightinit-playground').closest('details').open = true; }"
    )
    yield page
    context.close()
    assert visit.console_errors == [] and visit.external_requests == []


@pytest.fixture(scope="module")
def config(tab):
    return tab.evaluate(CONFIG)


def test_the_playground_shows_once_the_script_runs(tab):
    box = tab.locator(".weightinit-playground")
    assert box.count() == 1 and box.is_visible()
    assert tab.locator(".weightinit-playground canvas").count() == 3


def test_replaying_the_packages_start_gives_the_packages_losses(tab, config):
    # the same data, the same weights: the losses agree to rounding, for every activation
    got = tab.evaluate(
        """(config) => {
      const pg = window.weightinitExplorers.playground, r = config.replay, out = {};
      for (const activation of Object.keys(r.losses)) {
        const net = new pg.Network(config.sizes, activation);
        r.weights.forEach((w, l) => net.weights[l].set(w));
        const data = {x: Float64Array.from(r.x), labels: Int32Array.from(r.labels),
                      n: r.labels.length};
        const losses = [];
        const lr = config.learningRate;
        for (let s = 0; s < config.steps; s++) losses.push(net.step(data, lr, true));
        losses.push(net.step(data, config.learningRate, false));
        out[activation] = losses;
      }
      return out;
    }""",
        config,
    )
    for activation, expected in config["replay"]["losses"].items():
        for step in (0, 1, 10, len(expected) - 1):
            assert got[activation][step] == pytest.approx(expected[step], rel=1e-9), (
                f"{activation}, after {step} steps"
            )


def test_the_initial_weights_have_the_packages_spread_in_every_layer(tab, config):
    seeds = 200
    variances = tab.evaluate(
        """([config, seeds]) => {
      const pg = window.weightinitExplorers.playground, out = {};
      for (const start of Object.keys(config.layerStd)) {
        const sums = config.sizes.slice(1).map(() => [0, 0]);
        for (let seed = 0; seed < seeds; seed++) {
          const net = new pg.Network(config.sizes, "relu");
          net.initialize(start, window.weightinitExplorers.generator(seed));
          net.weights.forEach((w, l) => {
            for (const v of w) { sums[l][0] += v * v; sums[l][1] += 1; }
          });
        }
        out[start] = sums.map(([s, n]) => [s / n, n]);
      }
      return out;
    }""",
        [config, seeds],
    )
    for start, stds in config["layerStd"].items():
        for layer, (std, (mean_square, n)) in enumerate(zip(stds, variances[start], strict=True)):
            if start == "equal":
                assert mean_square == pytest.approx(config["equal"] ** 2)
            elif std == 0:
                assert mean_square == 0
            else:  # the mean square of n normal draws: relative standard error sqrt(2/n)
                ratio = mean_square / std**2
                assert abs(ratio - 1) < Z * math.sqrt(2 / n), f"{start}, layer {layer + 1}"


def _train(tab, config, start):
    return tab.evaluate(
        """([config, start]) => {
      const pg = window.weightinitExplorers.playground, gen = window.weightinitExplorers.generator;
      const finals = [], distinct = [];
      for (let seed = 0; seed < config.seeds; seed++) {
        const noise = config.data.moons.noise;
        const data = pg.makeData("moons", config.samples, noise, gen(1000 + seed));
        const net = new pg.Network(config.sizes, "relu");
        net.initialize(start, gen(seed));
        for (let s = 0; s < config.steps; s++) net.step(data, config.learningRate, true);
        finals.push(net.step(data, config.learningRate, false));
        distinct.push(net.distinctUnits());
      }
      return {finals, distinct};
    }""",
        [config, start],
    )


@pytest.mark.parametrize("start", ["zeros", "equal", "small", "xavier", "he", "large"])
def test_training_from_each_start_agrees_with_the_package(tab, config, start):
    run = _train(tab, config, start)
    expected = config["results"][start]
    k = len(run["finals"])
    mean = sum(run["finals"]) / k
    sd = math.sqrt(sum((v - mean) ** 2 for v in run["finals"]) / (k - 1))
    # two independent means of k runs each: the standard error of their difference
    tolerance = Z * math.sqrt((sd**2 + expected["sd"] ** 2) / k) + 1e-9
    assert abs(mean - expected["mean"]) < tolerance, f"{start}: {mean} against {expected}"
    fewest = [min(d[i] for d in run["distinct"]) for i in range(2)]
    assert fewest == expected["distinct"], f"{start}: distinct units {fewest}"


def test_too_small_and_too_large_train_worse_than_he(tab, config):
    means = {
        s: sum(_train(tab, config, s)["finals"]) / config["seeds"] for s in ("small", "large", "he")
    }
    assert means["he"] < means["small"] and means["he"] < means["large"]


def test_the_controls_drive_it_from_the_keyboard_and_say_what_changed(tab, config):
    state = "() => window.weightinitExplorers.playground.instances[0].state()"
    tab.locator("#playground-start").focus()
    tab.keyboard.press("Home")  # the first start: all zeros
    for _ in range(3):  # to the activation, Play, then Step
        tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.dataset.action") == "step"
    for _ in range(5):
        tab.keyboard.press("Enter")
    got = tab.evaluate(state)
    assert got["steps"] == 5 and got["distinct"] == [1, 1]
    live = tab.locator(".weightinit-playground [aria-live]").inner_text()
    assert "step 5" in live and "1 distinct of 16" in live, live
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")  # Nudge the weights
    tab.keyboard.press("Enter")
    assert tab.evaluate(state)["distinct"] == config["sizes"][1:-1]
    assert "16 distinct of 16" in tab.locator(".weightinit-playground [aria-live]").inner_text()
    tab.keyboard.press("Shift+Tab")  # Reset
    tab.keyboard.press("Enter")
    got = tab.evaluate(state)
    assert got["steps"] == 0 and got["distinct"] == [1, 1]


@pytest.mark.parametrize("name", ["moons", "circles", "spiral", "xor"])
def test_the_scripts_data_sets_are_the_packages(tab, name):
    # without noise the shapes are deterministic: they agree with make_2d_data to rounding
    got = tab.evaluate(
        """(name) => {
      const pg = window.weightinitExplorers.playground;
      const d = pg.makeData(name, 200, 0, window.weightinitExplorers.generator(0));
      return {x: Array.from(d.x), labels: Array.from(d.labels)};
    }""",
        name,
    )
    x, labels = np.array(got["x"]).reshape(-1, 2), np.array(got["labels"])
    if name == "xor":  # random points: the package's labelling rule, in the package's square
        assert np.array_equal(labels, (x[:, 0] * x[:, 1] > 0).astype(int))
        assert np.all(np.abs(x) <= 1.0)
        return
    want_x, want_labels = make_2d_data(name, 200, noise=0.0)
    assert np.array_equal(labels, want_labels)
    assert np.allclose(x, want_x, rtol=0, atol=1e-12)


def test_the_widget_trains_what_it_shows(tab, config):
    # what the reader sees (the widget's own steps, data, nudge and boundary) is the network
    # the other tests check: same data and start, config's learning rate, one step per Step
    got = tab.evaluate(
        """(config) => {
      const ex = window.weightinitExplorers, pg = ex.playground, widget = pg.instances[0];
      const out = {};
      const set = (name, value) => {
        const select = document.getElementById("playground-" + name);
        select.value = value;
        select.dispatchEvent(new Event("change"));
      };
      set("activation", "tanh");
      for (const name of Object.keys(config.data)) {
        set("start", "he");
        set("data", name);
        for (let s = 0; s < 7; s++) widget.buttons.step.click();
        const data = pg.makeData(name, config.samples, config.data[name].noise,
                                 ex.generator(config.dataSeed));
        const net = new pg.Network(config.sizes, "tanh");
        net.initialize("he", ex.generator(widget.seed));
        const losses = [];
        for (let s = 0; s < 7; s++) losses.push(net.step(data, config.learningRate, true));
        losses.push(net.step(data, config.learningRate, false));
        const p = new Float64Array(data.n);
        widget.net.probabilities(widget.data.x, data.n, p);
        let crossEntropy = 0;
        for (let i = 0; i < data.n; i++) {
          crossEntropy -= Math.log(widget.data.labels[i] === 1 ? p[i] : 1 - p[i]);
        }
        out[name] = {state: widget.state(), losses, crossEntropy: crossEntropy / data.n,
                     x: Array.from(widget.data.x), dataX: Array.from(data.x)};
      }
      set("start", "zeros");
      widget.buttons.nudge.click();
      out.nudged = widget.state().weights.flat();
      set("activation", "relu");
      set("data", "moons");
      set("start", "he");
      return out;
    }""",
        config,
    )
    for name in config["data"]:
        run = got[name]
        assert run["x"] == run["dataX"], f"{name}: the widget shows other data"
        assert run["state"]["steps"] == 7
        assert run["state"]["losses"] == pytest.approx(run["losses"], rel=1e-12), name
        # the boundary's probabilities are the network's: their cross-entropy is the loss
        assert run["crossEntropy"] == pytest.approx(run["state"]["loss"], rel=1e-9), name
    # the nudge's noise has the stated standard deviation: relative SE sqrt(2/n) of n draws
    nudged = np.array(got["nudged"])
    ratio = float(np.mean(nudged**2)) / config["nudge"] ** 2
    assert abs(ratio - 1) < Z * math.sqrt(2 / nudged.size), ratio


def test_playing_trains_at_a_measured_rate(tab, record_property):
    tab.locator("#playground-start").select_option("he")
    tab.locator("[data-action='reset']").click()
    rate = tab.evaluate(
        """async () => {
      const pg = window.weightinitExplorers.playground.instances[0];
      const button = document.querySelector(".weightinit-playground [data-action='play']");
      let last = performance.now(), longest = 0, running = true;
      const watch = (now) => {
        longest = Math.max(longest, now - last);
        last = now;
        if (running) requestAnimationFrame(watch);
      };
      const begin = performance.now();
      button.click();
      requestAnimationFrame(watch);
      await new Promise((done) => setTimeout(done, 2000));
      button.click();
      running = false;
      return [pg.state().steps / ((performance.now() - begin) / 1000), longest];
    }"""
    )
    rate, longest = rate
    record_property("playground_steps_per_second", rate)
    record_property("playground_longest_frame_ms", longest)
    # the budget in benchmarks/README.md: >= 30 steps/s, frames short enough to stay responsive
    print(f"\nplayground: {rate:.0f} steps/s, longest frame {longest:.0f} ms")
    assert rate > 0


def test_without_javascript_the_static_figures_remain(browser, base_url, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        assert page.locator(".weightinit-playground").get_attribute("hidden") is not None
        assert page.locator("#fig-symmetry-history img").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_axe_clean_and_fits_the_width_when_open(browser, base_url, site, view, scheme):
    visit = Visit(PAGE, view, scheme)
    context = new_context(browser, view, scheme, visit.external_requests)
    try:
        page = open_page(context, base_url + PAGE, visit)
        _open_fold(page)
        box = page.locator(".weightinit-playground")
        box.scroll_into_view_if_needed()
        width = page.viewport_size["width"]
        right = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll(
              '.weightinit-playground, .weightinit-playground *')].map(
              (e) => e.getBoundingClientRect().right))"""
        )
        assert right <= width, f"{view}: the playground reaches {right} px of {width}"
        for control in page.locator(
            ".weightinit-playground button, .weightinit-playground select"
        ).all():
            b = control.bounding_box()
            assert b["height"] >= 44, "a touch target is lower than 44 px"
        page.add_script_tag(path=str(AXE))
        rules = AXE_COLOUR_RULES if scheme == "dark" else None
        violations = page.evaluate(
            AXE_RUN.replace("axe.run(document", "axe.run('.weightinit-playground'"), rules
        )
        assert violations == [], format_violations(violations)
    finally:
        context.close()
    assert visit.console_errors == [] and visit.external_requests == []


def test_the_japanese_edition_speaks_japanese(browser, base_url, site):
    if not (SITE_JA / PAGE).is_file():
        pytest.fail(f"no Japanese edition at {SITE_JA} (make html builds both editions)")
    visit = Visit("ja/" + PAGE, "desktop", "light")
    context = new_context(browser, "desktop", "light", visit.external_requests)
    try:
        page = open_page(context, base_url + "ja/" + PAGE, visit)
        _open_fold(page)
        page.locator("[data-action='step']").click()
        live = page.locator(".weightinit-playground [aria-live]").inner_text()
        assert "損失" in live and "ステップ1" in live, live
        assert page.locator("[data-action='play']").inner_text() == "再生"
    finally:
        context.close()
    assert visit.console_errors == []
