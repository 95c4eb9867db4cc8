"""The pages import glue from weightinit.notebook, so their downloaded notebooks run anywhere.

``scripts/check_notebooks.py`` (``make notebooks``) proves it by running every notebook in a
fresh environment; this quick check names the page before any build.
"""

import re

import pytest
from pages import PAGES, code_sources, page_id

DOCS_ONLY = re.compile(r"^\s*(?:from|import)\s+(?:myst_nb|sphinx)\b", re.M)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_page_imports_a_docs_only_package(page):
    found = [m for source in code_sources(page) for m in DOCS_ONLY.findall(source)]
    assert not found, f"{page.name} imports {found}: use weightinit.notebook instead"


def test_the_pattern_catches_myst_nb():
    assert DOCS_ONLY.search("x = 1\nfrom myst_nb import glue\n")
    assert not DOCS_ONLY.search("from weightinit.notebook import glue\n")
