"""Every page of the built site, as a reader's browser shows it.

Each test is parametrized over all pages that exist when the tests run (``page_name``), and reads
what the page showed during its visit (see conftest.py); the visits also leave full-page
screenshots under ``docs/_build/screenshots/<view>-<scheme>/`` for review.
"""

from __future__ import annotations

import itertools
import re

import pytest

from .harness import format_violations

# Link texts that do not say where the link goes.
GENERIC_LINK_TEXTS = {
    "here",
    "click here",
    "click",
    "link",
    "this",
    "this page",
    "page",
    "more",
    "read more",
    "see",
    "see here",
    "go",
}
# Alt texts that do not describe a figure.
GENERIC_ALT_TEXTS = {"image", "figure", "plot", "graph", "chart", "png", "output", "picture"}
# A figure's light and dark ends must contrast at least as much as WCAG asks of normal text.
MIN_FIGURE_CONTRAST = 4.5
VIEWS = [("desktop", "light"), ("desktop", "dark"), ("phone", "light")]


@pytest.mark.parametrize(("view", "scheme"), VIEWS)
def test_page_loads_without_errors(visitor, page_name, view, scheme):
    visit = visitor.visit(page_name, view, scheme)
    assert visit.console_errors == [], f"console errors on {page_name}"
    assert visit.failed_requests == [], f"failed requests on {page_name}"
    assert visit.probe["fontErrors"] == [], f"fonts that failed to load on {page_name}"
    assert visit.screenshot is not None and visit.screenshot.stat().st_size > 0


def test_no_request_leaves_the_machine(visitor, page_name):
    visit = visitor.visit(page_name)
    assert visit.external_requests == [], f"{page_name} asked for remote resources"


def test_images_load_and_have_alt_text(visitor, page_name):
    images = visitor.visit(page_name).probe["images"]
    broken = [img["src"] for img in images if not (img["complete"] and img["naturalWidth"] > 0)]
    assert broken == [], f"images that did not load on {page_name}"
    for img in images:
        alt = (img["alt"] or "").strip()
        words = re.findall(r"[^\W\d_]+", alt)
        assert alt.lower() not in GENERIC_ALT_TEXTS, f"{img['src']}: generic alt text {alt!r}"
        assert not re.search(r"\.(png|svg|jpe?g|gif)\b|_images/", alt), f"{img['src']}: {alt!r}"
        assert len(words) >= 3, f"{img['src']} on {page_name} has no real alt text: {alt!r}"


def test_every_formula_is_typeset(visitor, page_name):
    math = visitor.visit(page_name).probe["math"]
    assert math["unrendered"] == [], f"formulas MathJax did not typeset on {page_name}"
    assert math["errors"] == [], f"MathJax errors on {page_name}"
    assert math["raw"] == [], f"raw TeX delimiters in the text of {page_name}"


def test_no_serious_accessibility_violations(visitor, page_name):
    violations = [v for v in visitor.visit(page_name).axe if v["impact"] in ("serious", "critical")]
    assert violations == [], f"axe-core on {page_name}:\n{format_violations(violations)}"


def test_no_serious_accessibility_violations_in_dark_mode(visitor, page_name):
    visit = visitor.visit(page_name, "desktop", "dark")
    violations = [v for v in visit.axe if v["impact"] in ("serious", "critical")]
    assert violations == [], f"axe-core on {page_name} (dark):\n{format_violations(violations)}"


def test_headings_nest(visitor, page_name):
    headings = visitor.visit(page_name).probe["headings"]
    assert [h["level"] for h in headings].count(1) == 1, f"{page_name}: {headings}"
    assert headings[0]["level"] == 1, f"{page_name} does not start with its title: {headings}"
    for before, after in itertools.pairwise(headings):
        assert after["level"] <= before["level"] + 1, f"{page_name}: {after} follows {before}"
    assert all(h["text"] for h in headings), f"{page_name} has an empty heading: {headings}"


def test_link_texts_say_where_they_go(visitor, page_name):
    probe = visitor.visit(page_name).probe
    for link in probe["links"]:
        name = link["name"].lower().strip(" .:")
        assert re.search(r"\w", name), f"{page_name}: link to {link['href']} has no text"
        assert name not in GENERIC_LINK_TEXTS, f"{page_name}: link to {link['href']}: {name!r}"
    for anchor in probe["headerlinks"]:
        assert anchor["title"], f"{page_name}: permalink {anchor['href']} has no title"


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_layout_has_one_search_field_and_one_sidebar_toggle(visitor, page_name, view):
    probe = visitor.visit(page_name, view).probe
    assert len(probe["searchControls"]) == 1, f"{page_name} ({view}): {probe['searchControls']}"
    assert probe["primaryToggles"] <= 1, f"{page_name} ({view}) shows several sidebar toggles"
    assert probe["overflow"] <= 1, f"{page_name} ({view}) scrolls sideways by {probe['overflow']}px"


def test_figures_stay_readable_in_dark_mode(visitor, page_name):
    visit = visitor.visit(page_name, "desktop", "dark")
    assert len(visit.figures) == len(visit.probe["figures"])
    for figure in visit.figures:
        assert figure["contrast"] >= MIN_FIGURE_CONTRAST, (
            f"{figure['src']} on {page_name} is hard to read in dark mode: "
            f"contrast {figure['contrast']:.1f}"
        )
