"""The site's pages and their sources as the site reads them, for the tests that look into them.

The reader is docs/_ext/page_reader.py (myst-nb's own reader, with the site's MyST
extensions), the one the reading times use too; loaded from its file, since docs/_ext is not a
package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: Every page of the site (not the build's copies).
PAGES = sorted(
    p
    for p in DOCS.rglob("*.md")
    if not {"_build", "jupyter_execute", "_intersphinx"} & set(p.parts)
)

_spec = importlib.util.spec_from_file_location("page_reader", DOCS / "_ext" / "page_reader.py")
reader = sys.modules.setdefault("page_reader", importlib.util.module_from_spec(_spec))
if not hasattr(reader, "read_cells"):
    _spec.loader.exec_module(reader)


def code_sources(page: Path) -> list[str]:
    """The Python source of a page's code cells, as myst-nb reads them."""
    return [cell.source for cell in reader.code_cells(page.read_text(encoding="utf-8"))]


def page_id(page: Path) -> str:
    """A page's path under docs/, as a test id."""
    return page.relative_to(DOCS).as_posix()
