"""The pages import glue from weightinit.notebook, so their downloaded notebooks run anywhere.

``scripts/check_notebooks.py`` (``make notebooks``) proves it by running every notebook in a
fresh environment; this quick check names the page before any build.
"""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
DOCS_ONLY = re.compile(r"^\s*(?:from|import)\s+(?:myst_nb|sphinx)\b", re.M)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_imports_a_docs_only_package(page):
    found = DOCS_ONLY.findall(page.read_text(encoding="utf-8"))
    assert not found, f"{page.name} imports {found}: use weightinit.notebook instead"


def test_the_pattern_catches_myst_nb():
    assert DOCS_ONLY.search("x = 1\nfrom myst_nb import glue\n")
    assert not DOCS_ONLY.search("from weightinit.notebook import glue\n")
