"""The two editions in one site: the language switcher, hreflang links, Japanese search.

The English edition is the site's root, the Japanese edition its ``ja/`` folder (``make html``
builds both). Every page links the same page in the other edition, and both ways.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from .harness import SETTLE, Visit, new_context, open_page

JA = "ja/"
#: Pages to follow the switcher on, from each folder depth of the site.
SWITCH_PAGES = ["index.html", "lecture/xavier.html", "api/experiments/stacks.html"]


def relative_path(url: str, base_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base_url).path)


class _Head(HTMLParser):
    """The ``<html lang>``, the hreflang alternates and the switcher's links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switcher: list[tuple[str, str]] = []
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append((attrs.get("hreflang"), attrs["href"]))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def _pages(root: Path) -> list[str]:
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(root).parts)
        and not path.relative_to(root).as_posix().startswith(JA)
    )


@pytest.fixture(scope="module")
def english_pages(site: Path) -> list[str]:
    if not (site / JA / "index.html").is_file():
        pytest.fail(f"no Japanese edition at {site / JA} (make html builds both editions)")
    return _pages(site)


def test_every_page_has_its_twin_and_links_it_both_ways(site, english_pages):
    japanese_pages = _pages(site / JA)
    assert japanese_pages == english_pages, "the editions have different pages"
    for page in english_pages:
        for language, path in (("en", site / page), ("ja", site / JA / page)):
            head = _Head()
            head.feed(path.read_text(encoding="utf-8"))
            assert head.lang == language, f"{language}/{page}: <html lang={head.lang!r}>"
            other = "ja" if language == "en" else "en"
            twin = site / page if other == "en" else site / JA / page
            assert set(head.alternates) == {"en", "ja"}, f"{language}/{page}: hreflang links"
            for hreflang, href in head.alternates.items():
                target = (path.parent / href).resolve()
                expected = (site / page) if hreflang == "en" else (site / JA / page)
                assert target == expected.resolve(), f"{language}/{page}: hreflang={hreflang}"
            assert len(head.switcher) == 1, f"{language}/{page}: one switcher link"
            hreflang, href = head.switcher[0]
            assert hreflang == other and (path.parent / href).resolve() == twin.resolve()


@pytest.mark.parametrize("view", ["desktop", "phone"])
@pytest.mark.parametrize("page", SWITCH_PAGES)
def test_the_switcher_is_visible_and_works_from_the_keyboard(browser, base_url, page, view):
    visit = Visit(page, view, "light")
    context = new_context(browser, view, "light", visit.external_requests)
    try:
        tab = open_page(context, base_url + page, visit)
        for expected, language in ((JA + page, "ja"), (page, "en")):
            link = tab.locator(".language-switcher a")
            assert link.count() == 1
            assert link.is_visible(), f"{relative_path(tab.url, base_url)} ({view}): no switcher"
            box = link.bounding_box()
            assert box["height"] >= 24 and box["width"] >= 24, "the target is too small"
            assert box["x"] >= 0 and box["x"] + box["width"] <= tab.viewport_size["width"]
            link.focus()
            assert tab.evaluate("() => document.activeElement.closest('.language-switcher')")
            with tab.expect_navigation():
                tab.keyboard.press("Enter")
            tab.evaluate(SETTLE)
            assert relative_path(tab.url, base_url) == expected
            assert tab.locator("html").get_attribute("lang") == language
    finally:
        context.close()
    assert visit.console_errors == [] and visit.failed_requests == []
    assert visit.external_requests == []


def _search(browser, base_url, page):
    visit = Visit(page, "desktop", "light")
    context = new_context(browser, "desktop", "light", visit.external_requests)
    tab = open_page(context, base_url + page, visit)
    # the summary comes once every result is listed (each fetches its page for a snippet)
    tab.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary') || {}).innerText",
        timeout=120000,
    )
    summary = tab.locator("#search-results .search-summary").inner_text()
    hrefs = tab.locator("#search-results ul.search li a").evaluate_all(
        "(links) => links.map((a) => a.href)"
    )
    context.close()
    found = [relative_path(urljoin(base_url, href), base_url) for href in hrefs]
    assert re.search(rf"{len(found)}ページ", summary), f"the summary says {summary!r}"
    return found, visit


@pytest.mark.parametrize(
    ("query", "expected"),
    [("勾配消失", "lecture/activations.html"), ("Heの初期値", "lecture/he.html")],
)
def test_japanese_search_finds_the_page(browser, base_url, site, query, expected):
    assert (site / JA / expected).is_file(), f"the Japanese edition has no {expected}"
    found, visit = _search(browser, base_url, f"{JA}search.html?q={quote(query)}")
    assert visit.console_errors == []
    pages = [re.sub(r"#.*", "", path) for path in found]
    assert JA + expected in pages[:5], f"searching {query!r} found {pages[:8]}"
    assert all(path.startswith(JA) for path in pages), "the Japanese search left its edition"
