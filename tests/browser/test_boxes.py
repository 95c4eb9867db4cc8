"""The lecture's boxes as a reader meets them: "In one minute" first, a "Key idea", folded
"Going further" parts that open on a click or when a link points inside them, and reading
times on the front page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .harness import Visit, new_context, open_page


@pytest.fixture
def tab_factory(browser, base_url):
    """Open tabs in fresh browser contexts; fail the test on console errors or failed requests."""
    contexts, visits = [], []

    def open_tab(page: str, view: str = "desktop"):
        visit = Visit(page, view, "light")
        context = new_context(browser, view, "light", visit.external_requests)
        contexts.append(context)
        visits.append(visit)
        return open_page(context, base_url + page, visit)

    yield open_tab
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.console_errors == [], f"console errors while on {visit.page}"
        assert visit.failed_requests == [], f"failed requests while on {visit.page}"


def lecture_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.glob("lecture/*.html"))


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_in_one_minute_is_the_first_box_and_key_ideas_are_styled(tab_factory, site, view):
    for page in lecture_pages(site):
        tab = tab_factory(page, view)
        boxes = tab.locator("main .admonition")
        first = boxes.first
        assert "in-one-minute" in first.get_attribute("class"), f"{page}: not first"
        assert first.is_visible()
        for box in tab.locator("main .admonition.key-idea").all():
            title = box.locator(".admonition-title")
            assert title.inner_text().strip() == "Key idea"
            background = title.evaluate("(e) => getComputedStyle(e).backgroundColor")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent"), page


def test_going_further_opens_on_click_and_shows_its_figures(tab_factory, site):
    tab = tab_factory("lecture/beyond.html")  # some of its parts hold figures (the drift's)
    folded = tab.locator("details.going-further")
    assert folded.count() >= 2
    first = folded.filter(has=tab.locator("img")).first
    assert first.get_attribute("open") is None
    figure = first.locator("img").first
    assert not figure.is_visible()
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    assert figure.is_visible()


def test_a_link_into_a_folded_part_opens_it(tab_factory, site):
    tab = tab_factory("lecture/he.html#equation-eq-leaky-gain")
    target = tab.locator("#equation-eq-leaky-gain")
    tab.wait_for_function(
        "() => document.getElementById('equation-eq-leaky-gain').closest('details').open"
    )
    assert target.is_visible()


def test_front_page_lists_reading_times_and_starts_with_start_here(tab_factory, site):
    tab = tab_factory("index.html")
    start = tab.locator("main .admonition.start-here")
    assert start.is_visible()
    assert "pip install weightinit-" in start.inner_text()
    times = tab.locator("main span.reading-time").all_inner_texts()
    assert len(times) >= len(lecture_pages(site))
    pattern = r"\d+\u00a0min( \+ \d+\u00a0min optional)?"
    assert all(re.fullmatch(pattern, text) for text in times), times


@pytest.mark.parametrize("page", ["index.html", "lecture/he.html"])
def test_run_box_is_folded_and_its_commands_fit_a_phone(tab_factory, site, page):
    tab = tab_factory(page, "phone")
    box = tab.locator("main .run-this-page")
    assert box.count() == 1
    fold = box.locator("details")
    assert fold.get_attribute("open") is None, f"{page}: the Run box starts open"
    assert not box.locator("pre").first.is_visible()
    fold.locator("summary").click()
    commands = box.locator("pre").first
    assert commands.is_visible()
    assert "pip install" in commands.inner_text()
    clipped = commands.evaluate("(pre) => pre.scrollWidth > pre.clientWidth + 1")
    assert not clipped, f"{page}: the install line runs past the box at 390px"
    if page == "index.html":
        # the pages that need an extra are named once, with one install line for them
        text = box.inner_text()
        lines = re.findall(r'pip install "weightinit-[^"]+\[[a-z,]+\]"', text)
        assert len(lines) <= 1, lines


def test_lecture_pages_open_with_one_box(tab_factory, site):
    for page in lecture_pages(site):
        tab = tab_factory(page, "phone")
        # the boxes before the first section: "In one minute", then the folded Run box
        boxes = tab.evaluate(
            """() => {
              const first = document.querySelector('main article section section');
              const boxes = 'main article .admonition, main article .run-this-page';
              const before = (el) =>
                !first || el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING;
              return [...document.querySelectorAll(boxes)].filter(before).map((el) => el.className);
            }"""
        )
        open_boxes = [c for c in boxes if "run-this-page" not in c]
        assert len(open_boxes) == 1 and "in-one-minute" in open_boxes[0], (page, boxes)
