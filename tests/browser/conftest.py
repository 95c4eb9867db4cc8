"""Fixtures of the browser tests: the built site served on 127.0.0.1, driven by Chromium.

Without a browser, axe-core or a built site the tests are skipped, except when ``CI`` is set:
then they fail. Every page is opened once per view (desktop or phone width, light or dark
colours); what the tests check is gathered during that visit (harness.py) and kept for the
session, so each test only reads it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import (
    AXE,
    CHROMIUM_FLAGS,
    HOST,
    SITE,
    QuietHandler,
    Visitor,
    find_chromium,
    site_pages,
    unavailable,
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``page_name`` over every page that exists when the tests run."""
    if "page_name" in metafunc.fixturenames:
        # None: no site, which the `site` fixture reports
        pages: list[str | None] = [*site_pages()] or [None]
        metafunc.parametrize("page_name", pages, ids=[str(p) for p in pages], indirect=True)


@pytest.fixture(scope="session")
def site() -> Path:
    """The root of the built site."""
    if not site_pages():
        unavailable(f"no built site at {SITE} (run `make html`, or set WEIGHTINIT_SITE)")
    return SITE


@pytest.fixture
def page_name(request: pytest.FixtureRequest, site: Path) -> str:
    """The page under test, relative to the site root (``lecture/he.html``)."""
    return request.param


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the site over HTTP on 127.0.0.1 at a free port, for the whole session."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium, launched with a fresh empty profile."""
    executable = find_chromium()
    if executable is None:
        unavailable("no Chromium found (apt-get install chromium, or set WEIGHTINIT_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visitor(browser: Any, base_url: str) -> Iterator[Visitor]:
    """Opens each page once per view, for the whole session."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed: run `npm ci` in {AXE.parents[2]}")
    pages = Visitor(browser, base_url)
    yield pages
    pages.close()
