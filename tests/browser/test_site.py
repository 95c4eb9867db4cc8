"""What a reader does with the site: search it, switch to dark mode, open the sidebars, and
download a page to run it in Jupyter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .harness import SETTLE, Visit, edition_of, new_context, open_page


def relative_path(url: str, base_url: str) -> str:
    """The path of ``url`` relative to the site root, without query or fragment."""
    return urlsplit(url).path.removeprefix(urlsplit(base_url).path)


def lecture_pages(site: Path) -> list[str]:
    """The lecture pages, in name order."""
    return sorted(path.relative_to(site).as_posix() for path in site.glob("lecture/*.html"))


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black, 1 white) of a CSS ``rgb()``/``rgba()`` colour."""
    inner = css_colour[css_colour.index("(") + 1 : css_colour.index(")")]
    red, green, blue = (float(part) / 255 for part in inner.replace("/", ",").split(",")[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


@pytest.fixture
def tab_factory(browser, base_url):
    """Open tabs in fresh browser contexts; fail the test on errors or remote requests."""
    contexts, visits = [], []

    def open_tab(page: str, view: str = "desktop", scheme: str = "light"):
        visit = Visit(page, view, scheme)
        context = new_context(browser, view, scheme, visit.external_requests)
        contexts.append(context)
        visits.append(visit)
        return open_page(context, base_url + page, visit), visit

    yield open_tab
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.console_errors == [], f"console errors while on {visit.page}"
        assert visit.failed_requests == [], f"failed requests while on {visit.page}"
        assert visit.external_requests == [], f"remote requests while on {visit.page}"


@pytest.mark.parametrize(
    ("query", "expected"), [("Xavier", "lecture/xavier.html"), ("ReLU", "lecture/he.html")]
)
def test_search_finds_the_page(tab_factory, site, base_url, query, expected):
    assert (site / expected).is_file(), f"the site has no {expected}"
    tab, _ = tab_factory("index.html")
    tab.locator(".search-button-field").filter(visible=True).click()
    field = tab.locator("#pst-search-dialog input[type=search]")
    field.wait_for(state="visible", timeout=5000)  # the dialog opens from the page's scripts
    field.fill(query)
    with tab.expect_navigation():
        field.press("Enter")
    assert relative_path(tab.url, base_url) == "search.html"
    summary = tab.locator("#search-results .search-summary")
    summary.wait_for()
    tab.wait_for_function(
        "() => document.querySelector('#search-results .search-summary').innerText.length > 0"
    )
    hrefs = tab.locator("#search-results ul.search li a").evaluate_all(
        "(links) => links.map((a) => a.href)"
    )
    found = {relative_path(href, base_url) for href in hrefs}
    assert expected in found, f"searching {query!r} found {sorted(found)}"


def test_dark_mode_switch(tab_factory, site):
    page = next(iter(lecture_pages(site)), "index.html")
    tab, _ = tab_factory(page, scheme="light")
    root = tab.locator("html")
    assert root.get_attribute("data-theme") == "light"
    background = "() => getComputedStyle(document.body).backgroundColor"
    colour = "() => getComputedStyle(document.querySelector('main p') || document.body).color"
    assert luminance(tab.evaluate(background)) > 0.8

    tab.locator(".theme-switch-button").filter(visible=True).click()
    tab.locator(".theme-change-button[data-mode=dark]").filter(visible=True).click()
    tab.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=5000)
    assert root.get_attribute("data-theme") == "dark"
    assert luminance(tab.evaluate(background)) < 0.05
    assert luminance(tab.evaluate(colour)) > 0.5

    tab.goto(urljoin(tab.url, "../index.html" if "/" in page else "index.html"))
    tab.evaluate(SETTLE)
    assert root.get_attribute("data-theme") == "dark", "the choice does not carry to other pages"


SIDEBAR_SHOWN = (
    "() => document.querySelector('#pst-primary-sidebar')"
    ".checkVisibility({visibilityProperty: true, opacityProperty: true})"
)


def sidebar_width(tab) -> float:
    """The width of the primary sidebar, 0 when it is hidden."""
    shown = tab.evaluate(SIDEBAR_SHOWN)
    return tab.locator("#pst-primary-sidebar").bounding_box()["width"] if shown else 0.0


def test_sidebar_toggle_on_desktop(tab_factory, site):
    tab, _ = tab_factory(next(iter(lecture_pages(site)), "index.html"))
    toggle = tab.locator(".primary-toggle").filter(visible=True)
    assert toggle.count() == 1
    assert sidebar_width(tab) > 150
    toggle.click()
    tab.wait_for_function(f"() => !({SIDEBAR_SHOWN})()")
    assert sidebar_width(tab) == 0
    toggle.click()
    tab.wait_for_function(SIDEBAR_SHOWN)
    assert sidebar_width(tab) > 150


@pytest.mark.parametrize(
    ("toggle_class", "dialog_id", "link"),
    [
        ("primary-toggle", "pst-primary-sidebar-modal", "a.reference.internal"),
        ("secondary-toggle", "pst-secondary-sidebar-modal", "a.nav-link"),
    ],
)
def test_sidebar_toggles_on_phone(tab_factory, site, toggle_class, dialog_id, link):
    tab, _ = tab_factory(next(iter(lecture_pages(site)), "index.html"), view="phone")
    toggle = tab.locator(f".{toggle_class}").filter(visible=True)
    dialog = tab.locator(f"#{dialog_id}")
    assert toggle.count() == 1
    assert not dialog.is_visible()
    toggle.click()
    dialog.wait_for(state="visible", timeout=5000)
    assert dialog.locator(link).filter(visible=True).count() > 0, "the sidebar opened empty"
    tab.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=5000)  # closing is handled by the page's scripts


def page_source(site: Path, page: str) -> Path:
    """The page's source as its edition offers it (``ja/_sources/...`` for a Japanese page)."""
    root, name = edition_of(site, page)
    return root / "_sources" / name.replace(".html", ".md")


def has_code_cells(site: Path, page: str) -> bool:
    source = page_source(site, page)
    return source.is_file() and "{code-cell}" in source.read_text(encoding="utf-8")


def test_download_menu_offers_the_page_source(tab_factory, site, base_url, page_name):
    tab, _ = tab_factory(page_name)
    if not page_source(site, page_name).is_file():
        # A page that Sphinx generates (index, search) has no source to offer.
        assert tab.locator(".dropdown-download-buttons").count() == 0
        return
    tab.locator(".dropdown-download-buttons > button").click()
    items = tab.locator(".dropdown-download-buttons a.dropdown-item").filter(visible=True)
    offered = {item.inner_text().strip(): item.get_attribute("href") for item in items.all()}
    expected = {".md", ".ipynb"} if has_code_cells(site, page_name) else {".md"}
    assert expected <= set(offered), f"{page_name} offers {sorted(offered)}"
    for suffix in expected:
        response = tab.request.get(urljoin(tab.url, offered[suffix]))
        assert response.ok, f"{page_name}: {offered[suffix]} answers HTTP {response.status}"
        if suffix == ".ipynb":
            notebook = json.loads(response.body())
            assert notebook["metadata"]["kernelspec"]["name"] == "python3"
            assert any(cell["cell_type"] == "code" for cell in notebook["cells"])


RUN_NOTEBOOK = textwrap.dedent(
    """
    import sys
    import nbclient, nbformat
    notebook = nbformat.read(sys.argv[1], as_version=4)
    nbformat.validate(notebook)
    where = {"metadata": {"path": sys.argv[2]}}
    nbclient.NotebookClient(notebook, timeout=120, resources=where).execute()
    print(sum(cell["cell_type"] == "code" for cell in notebook.cells))
    """
)


def test_downloaded_notebook_runs_in_jupyter(site, tmp_path):
    notebooks = sorted(
        (site / "_sources").rglob("*.ipynb"), key=lambda path: (path.stat().st_size, path.name)
    )
    if not notebooks:
        pytest.fail("the site offers no notebook to download")
    smallest = notebooks[0]  # running them all would repeat the whole build
    copy = tmp_path / smallest.name
    copy.write_bytes(smallest.read_bytes())
    result = subprocess.run(
        [sys.executable, "-c", RUN_NOTEBOOK, str(copy), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{smallest.name} failed in a fresh kernel:\n{result.stderr}"
    assert int(result.stdout.split()[-1]) > 0
