"""Tests of docs/_ext/table_text.py: a ``{table}``'s cells reach the catalogues."""

import importlib
import sys
from pathlib import Path

import pytest
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser
from sphinx.util.nodes import extract_messages

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"

PAGE = """\
```{table} Final loss and accuracy.
:name: tab-example

| initialization | final training loss | test accuracy (%) |
|---|---|---|
| std=0.01 | 2.30 | 11 |
```

| plain | table |
|---|---|
| a cell | another |
"""


@pytest.fixture(scope="module")
def table_text():
    sys.path.insert(0, str(EXT))
    try:
        yield importlib.import_module("table_text")
    finally:
        sys.path.remove(str(EXT))


def messages(document) -> list[str]:
    return [message for _, message in extract_messages(document)]


def test_a_table_directives_cells_are_extracted_once_they_have_a_source(table_text):
    document = publish_doctree(PAGE, parser=Parser(), source_path="page.md")
    before = messages(document)
    assert "Final loss and accuracy." in before and "a cell" in before  # title, plain table
    assert "final training loss" not in before  # the bug: the {table}'s cells have no source
    fixed = table_text.give_table_cells_a_source(document)
    after = messages(document)
    assert fixed == 6  # the six cells of the {table}; the plain table's had a source
    for cell in ("initialization", "final training loss", "test accuracy (%)", "std=0.01"):
        assert after.count(cell) == 1, cell
    assert after.count("a cell") == 1  # nothing extracted twice
    assert table_text.give_table_cells_a_source(document) == 0
