"""The machinery of the browser tests: serve the built site, drive Chromium, gather what a page
shows.

The site under test is ``docs/_build/html`` (what ``make html`` and ``make test`` build), or the
directory named by the environment variable ``WEIGHTINIT_SITE``. Screenshots go to
``<site>/../screenshots/<view>-<scheme>/``. Chromium is the system's (Debian package
``chromium``), driven through Playwright; ``WEIGHTINIT_CHROMIUM`` names another executable.
axe-core comes from npm (``npm ci`` in this directory; ``make browser`` runs it).
"""

from __future__ import annotations

import http.server
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SITE = Path(os.environ.get("WEIGHTINIT_SITE", ROOT / "docs" / "_build" / "html")).resolve()
#: The Japanese edition of the site under test (``-D language=ja``), in the English site's ja/.
SITE_JA = Path(os.environ.get("WEIGHTINIT_SITE_JA", SITE / "ja")).resolve()
SCREENSHOTS = SITE.parent / "screenshots"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
HOST = "127.0.0.1"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Anything not on the loopback interface goes to a closed port and fails at once, so a page
    # that asks for a remote resource neither waits for a time-out nor reaches the network.
    "--proxy-server=http://127.0.0.1:9",
]
VIEWS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
# Gathers in the page what the tests check (see the file).
PROBE = (HERE / "probe.js").read_text(encoding="utf-8")
# Wait until MathJax has typeset the page and its fonts are in.
SETTLE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
}"""
# Dark mode changes colours only: in it, axe runs just the rules about colours.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_RUN = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


def site_pages(root: Path = SITE) -> list[str]:
    """Return every HTML page of the site at ``root``, relative to it (``lecture/he.html``)."""
    if not (root / "index.html").is_file():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(root).parts)
    )


#: The folders of the site that hold another edition (``make html`` builds Japanese into ja/).
EDITION_FOLDERS = ("ja",)


def edition_of(site: Path, page: str) -> tuple[Path, str]:
    """The root of the edition ``page`` belongs to, and the page relative to that root.

    >>> edition_of(Path("/s"), "ja/lecture/he.html")
    (PosixPath('/s/ja'), 'lecture/he.html')
    """
    folder, _, rest = page.partition("/")
    if folder in EDITION_FOLDERS and rest:
        return site / folder, rest
    return site, page


def unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it when running on CI, where nothing may be skipped silently."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """Return the Chromium executable to drive, or None when there is none."""
    if named := os.environ.get("WEIGHTINIT_CHROMIUM"):
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


def is_local(url: str) -> bool:
    """Whether a request stays on this machine's test server (or is inline data)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


@dataclass
class Visit:
    """What one page showed in one view."""

    page: str
    view: str
    scheme: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    probe: dict[str, Any] = field(default_factory=dict)
    axe: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    screenshot: Path | None = None


def new_context(browser: Any, view: str, scheme: str, remote: list[str]) -> Any:
    """Open a browser context of the given view, noting each remote request in ``remote``."""
    context = browser.new_context(
        viewport=VIEWS[view], color_scheme=scheme, reduced_motion="reduce", service_workers="block"
    )
    context.on("request", lambda r: None if is_local(r.url) else remote.append(r.url))
    return context


def open_page(context: Any, url: str, visit: Visit) -> Any:
    """Open ``url`` in a new tab, noting console errors and failed requests in ``visit``."""
    tab = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            visit.console_errors.append(message.text)

    def on_request_failed(request: Any) -> None:
        # A request the browser itself cancels (net::ERR_ABORTED: the tab closed, or a
        # <picture> switched source while loading) is not a missing file; anything else is.
        if request.failure != "net::ERR_ABORTED":
            visit.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    tab.on("requestfailed", on_request_failed)
    tab.on("response", on_response)
    tab.goto(url, wait_until="load")
    tab.evaluate(SETTLE)
    return tab


def figure_contrast(png: bytes) -> float:
    """Contrast ratio (WCAG) between the light and the dark end of a rendered figure."""
    import matplotlib.image
    import numpy as np

    rgb = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3].astype(float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    light, dark = np.percentile(luminance, [95, 1])
    return float((light + 0.05) / (dark + 0.05))


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One line per axe-core violation: rule, impact, what it asks, where."""
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}" for v in violations
    )


class Visitor:
    """Open pages once per view and keep what they showed."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.remote: list[str] = []  # remote requests since the current visit began
        self.contexts: dict[tuple[str, str], Any] = {}
        self.visits: dict[tuple[str, str, str], Visit] = {}

    def context(self, view: str, scheme: str) -> Any:
        """The browser context of one view, shared by the visits in it."""
        key = (view, scheme)
        if key not in self.contexts:
            self.contexts[key] = new_context(self.browser, view, scheme, self.remote)
        return self.contexts[key]

    def visit(self, page: str, view: str = "desktop", scheme: str = "light") -> Visit:
        """Open ``page`` in one view (once per session) and return what it showed."""
        key = (page, view, scheme)
        if key in self.visits:
            return self.visits[key]
        visit = Visit(page, view, scheme)
        self.remote.clear()
        tab = open_page(self.context(view, scheme), self.base_url + page, visit)
        try:
            # The screenshot first, as a reader sees the page: axe and the figure shots below
            # scroll the page, which moves its sticky parts.
            shot = SCREENSHOTS / f"{view}-{scheme}" / page.replace(".html", ".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(shot), full_page=True)
            visit.screenshot = shot
            visit.probe = tab.evaluate(PROBE)
            if view == "desktop":
                tab.add_script_tag(path=str(AXE))
                visit.axe = tab.evaluate(AXE_RUN, AXE_COLOUR_RULES if scheme == "dark" else None)
            if scheme == "dark":
                for index, src in enumerate(visit.probe["figures"]):
                    png = tab.locator(f'[data-probe-figure="{index}"]').screenshot()
                    visit.figures.append({"src": src, "contrast": figure_contrast(png)})
        finally:
            tab.close()
        visit.external_requests = list(self.remote)
        self.visits[key] = visit
        return visit

    def close(self) -> None:
        """Close every browser context."""
        for context in self.contexts.values():
            context.close()
