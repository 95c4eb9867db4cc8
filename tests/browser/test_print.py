"""Printing a page (Chromium's print emulation): every fold and solution open, and each figure
kept on one sheet with its caption (docs/_static/print.css, print.js)."""

from __future__ import annotations

from .harness import Visit, new_context, open_page

# A page with closed "Going further" folds (with figures) and exercises with solutions.
PAGE = "lecture/he.html"
# Whether each fold's content is rendered, and how each figure may break across sheets.
MEASURE = """() => {
  const folds = Array.from(document.querySelectorAll("main details")).map((details) => {
    // A closed fold keeps a size but skips rendering its content (content-visibility).
    const body = details.querySelector(":scope > :not(summary)");
    return {open: details.open, shown: Boolean(body && body.checkVisibility()),
            title: details.querySelector("summary").innerText.trim().slice(0, 60)};
  });
  const figures = Array.from(document.querySelectorAll("main figure")).map((figure) => ({
    breakInside: getComputedStyle(figure).breakInside,
    id: figure.id,
  }));
  return {folds, figures};
}"""


def measure(browser, base_url, media: str) -> dict:
    visit = Visit(PAGE, "desktop", "light")
    context = new_context(browser, "desktop", "light", visit.external_requests)
    try:
        tab = open_page(context, base_url + PAGE, visit)
        tab.emulate_media(media=media)
        result = tab.evaluate(MEASURE)
    finally:
        context.close()
    assert visit.console_errors == [] and visit.failed_requests == []
    return result


def test_print_shows_every_fold_and_keeps_figures_whole(browser, base_url):
    screen = measure(browser, base_url, "screen")
    closed = [fold for fold in screen["folds"] if not fold["open"]]
    assert closed, f"{PAGE} has no closed fold to print"
    assert not any(fold["shown"] for fold in closed), "a closed fold shows on screen"
    printed = measure(browser, base_url, "print")
    hidden = [fold["title"] for fold in printed["folds"] if not fold["shown"]]
    assert hidden == [], f"folds printed closed: {hidden}"
    assert printed["figures"], f"{PAGE} has no figure"
    split = [figure["id"] for figure in printed["figures"] if figure["breakInside"] != "avoid"]
    assert split == [], f"figures a page break may split from their caption: {split}"


def test_the_browsers_print_opens_the_folds_and_closes_them_after(browser, base_url):
    visit = Visit(PAGE, "desktop", "light")
    context = new_context(browser, "desktop", "light", visit.external_requests)
    try:
        tab = open_page(context, base_url + PAGE, visit)
        count = "() => document.querySelectorAll('main details[open]').length"
        before = tab.evaluate(count)
        total = tab.evaluate("() => document.querySelectorAll('main details').length")
        tab.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        assert tab.evaluate(count) == total
        tab.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        assert tab.evaluate(count) == before
    finally:
        context.close()
