"""Tables, code, Japanese text, search and scroll cues, as a reader meets them.

What each page showed is gathered once per view by probe.js (see conftest.py); the search, the
scroll covers and the execution table are driven in their own tabs.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .harness import Visit, new_context, open_page
from .test_site import luminance


@pytest.fixture
def tab_factory(browser, base_url):
    """Open tabs in fresh browser contexts; fail the test on console errors or failed requests."""
    contexts, visits = [], []

    def open_tab(page: str, view: str = "desktop", scheme: str = "light"):
        visit = Visit(page, view, scheme)
        context = new_context(browser, view, scheme, visit.external_requests)
        contexts.append(context)
        visits.append(visit)
        return open_page(context, base_url + page, visit)

    yield open_tab
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.console_errors == [], f"console errors while on {visit.page}"
        assert visit.failed_requests == [], f"failed requests while on {visit.page}"
        assert visit.external_requests == [], f"remote requests while on {visit.page}"


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_tables_and_code_that_scroll_say_so(visitor, page_name, view):
    probe = visitor.visit(page_name, view).probe
    for kind, boxes in (("table", probe["tables"]), ("code", probe["code"])):
        hidden = [box for box in boxes if box["scrolls"] and not (box["cue"] and box["hint"])]
        assert hidden == [], f"{page_name} ({view}): {kind} cut off without a visible cue"


def test_numbers_in_tables_stay_on_one_line(visitor, page_name):
    wrapped = visitor.visit(page_name, "desktop").probe["wrappedNumbers"]
    assert wrapped == [], f"{page_name}: numbers wrapped over two lines at 1280px"


def test_japanese_is_marked_and_upright(visitor, page_name):
    runs = visitor.visit(page_name, "desktop").probe["japanese"]
    unmarked = [run["text"] for run in runs if not run["lang"].startswith("ja")]
    assert unmarked == [], f"{page_name}: Japanese text not marked lang=ja"
    if not page_name.startswith("ja/"):
        # the English edition sets its Japanese runs upright; in the Japanese edition an
        # emphasis keeps its italic for its Latin words, and no synthesis (below) keeps the
        # Japanese glyphs, which have no italic face, upright
        slanted = [run["text"] for run in runs if run["fontStyle"] != "normal"]
        assert slanted == [], f"{page_name}: Japanese text set in (synthetic) italics"
    synthesized = [run["text"] for run in runs if run["synthesis"] not in ("", "none")]
    assert synthesized == [], f"{page_name}: the browser may synthesize styles for Japanese"


def search_results(tab, base_url: str) -> list[dict[str, str]]:
    """The results of the search page, in order: the page each links and its snippet."""
    tab.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        " && document.querySelector('#search-results .search-summary').innerText.length > 0"
    )
    # the snippets arrive one by one, as each result's page is fetched; an object of the API
    # reference shows its description instead
    tab.wait_for_function(
        "() => [...document.querySelectorAll('#search-results ul.search li')]"
        ".every((li) => li.querySelector('p.context, span'))",
        timeout=30000,
    )
    return tab.locator("#search-results ul.search li").evaluate_all(
        """(items, base) => items.map((li) => ({
             page: new URL(li.querySelector('a').href).pathname.replace(new URL(base).pathname, ''),
             anchor: new URL(li.querySelector('a').href).hash,
             snippet: (li.querySelector('p.context') || {}).innerText || '',
           }))""",
        base_url,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Xavier", "lecture/xavier.html"),
        ("He initialization", "lecture/he.html"),
        ("glossary", "glossary.html"),
    ],
)
def test_search_ranks_a_page_first_for_its_own_title(tab_factory, site, base_url, query, expected):
    assert (site / expected).is_file(), f"the site has no {expected}"
    tab = tab_factory(f"search.html?q={quote(query)}")
    results = search_results(tab, base_url)
    assert results, f"searching {query!r} found nothing"
    first = results[0]
    assert (first["page"], first["anchor"]) == (expected, ""), (
        f"searching {query!r} ranks {[r['page'] + r['anchor'] for r in results[:5]]}"
    )


def test_search_snippets_show_text_not_tex_or_chrome(tab_factory, base_url):
    tab = tab_factory("search.html?q=variance")
    results = search_results(tab, base_url)
    assert len(results) >= 3
    for result in results:
        snippet = result["snippet"]
        assert not re.search(r"\\[A-Za-z]+|\\\(|\\\[|\$\$", snippet), f"TeX in {snippet!r}"
        for chrome in ("Run this page yourself", ".ipynb", "Contents", "Download this page"):
            assert chrome not in snippet, f"{result['page']}: {chrome!r} in the snippet {snippet!r}"


# The colour of each gradient in a computed background-image, in order.
COLOUR = re.compile(r"rgba?\([^)]*\)")

EFFECTIVE_BACKGROUND = """(el) => {
  for (let box = el; box; box = box.parentElement) {
    const colour = getComputedStyle(box).backgroundColor;
    if (colour && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(colour)) return colour;
  }
  return getComputedStyle(document.body).backgroundColor;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", ["lecture/symmetry.html", "lecture/he.html"])
def test_scroll_covers_match_their_box_and_shadows_the_scheme(tab_factory, page, scheme):
    # Formulas that scroll: the covers that hide the shadow at a reached end must be painted in
    # the colour of the box around the formula (a grey slide quote, an admonition), and the
    # shadow must be dark on a light page and light on a dark one.
    tab = tab_factory(page, "phone", scheme)
    # Every formula in a slide quote, marked as scrolling the way narrow-screens.js marks one.
    tab.evaluate(
        "() => document.querySelectorAll('blockquote span.math')"
        ".forEach((span) => span.classList.add('math-scrolls'))"
    )
    boxes = tab.locator(
        "blockquote span.math.math-scrolls, mjx-container[jax='CHTML'][display='true']"
    )
    assert boxes.count() >= 3
    for index in range(boxes.count()):
        box = boxes.nth(index)
        image = box.evaluate("(el) => getComputedStyle(el).backgroundImage")
        colours = COLOUR.findall(image)
        assert len(colours) >= 6, image  # two covers and two shadows, each with its end
        cover, shadow = colours[0], colours[4]
        behind = box.evaluate(EFFECTIVE_BACKGROUND)
        assert re.sub(r"\s", "", cover) == re.sub(r"\s", "", behind), (
            f"a cover painted {cover} on a box of {behind}"
        )
        dark_shadow = luminance(shadow) < 0.5
        assert dark_shadow == (scheme == "light"), f"{scheme} mode: shadow {shadow}"


@pytest.mark.parametrize(
    ("page", "word"), [("execution.html", r"[A-Za-z]{4,}"), ("ja/execution.html", "成功|失敗")]
)
def test_execution_table_says_its_status_in_words(tab_factory, page, word):
    tab = tab_factory(page, "phone")
    headers = tab.locator("main table thead th").all_inner_texts()
    column = [h.strip() for h in headers].index("Status")
    statuses = tab.locator(f"main table tbody tr td:nth-child({column + 1})").all_inner_texts()
    assert statuses, "the execution table is empty"
    assert all(re.search(word, status) for status in statuses), statuses


# Each code block's note, and whether it shows, against whether its block scrolls by more
# than narrow-screens.js's tolerance (CODE_TOLERANCE there: an overflow of a few pixels is the
# box's padding, not a hidden part of a line).
CODE_NOTES = """() => [...document.querySelectorAll('main article pre')].map((pre) => {
  const box = pre.parentElement;
  const notes = [...box.querySelectorAll(':scope > .code-scroll-hint')];
  return {
    notes: notes.length,
    shown: notes.filter((note) => !note.hidden).length,
    scrolls: pre.scrollWidth > pre.clientWidth + 8,
    text: pre.textContent.slice(0, 40),
  };
})"""


@pytest.mark.parametrize("page", ["lecture/he.html", "api/initializers.html"])
def test_every_scrolling_code_block_has_one_note_after_resizes(tab_factory, page):
    # The copy button went in between a block and its note, so each update added another note
    # and the old ones stayed after the window widened.
    tab = tab_factory(page, "phone")
    for width in (1280, 390, 1280, 390):
        tab.set_viewport_size({"width": width, "height": 844})
        tab.wait_for_timeout(300)
        blocks = tab.evaluate(CODE_NOTES)
        assert any(block["scrolls"] for block in blocks) or width == 1280, page
        wrong = [b for b in blocks if b["notes"] != 1 or b["shown"] != int(b["scrolls"])]
        assert wrong == [], f"{page} at {width}px: notes do not match the scrolling blocks"
