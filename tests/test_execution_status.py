"""The execution table's status in words (docs/_ext/execution_status.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from docutils import nodes

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


@pytest.fixture(scope="module")
def status():
    sys.path.insert(0, str(EXT))
    try:
        yield importlib.import_module("execution_status")
    finally:
        sys.path.remove(str(EXT))


def table(header: list[str], rows: list[list[nodes.Node]]) -> nodes.table:
    """A table as myst-nb's make_stat_table builds it: one paragraph per entry."""
    group = nodes.tgroup(cols=len(header))
    head = nodes.thead(
        "", nodes.row("", *(nodes.entry("", nodes.paragraph(text=t)) for t in header))
    )
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", cell)) for cell in row))
    group += [head, body]
    return nodes.table("", group)


def test_status_gets_words_and_a_failure_keeps_its_error(status):
    failed = nodes.abbreviation("", "❌", explanation="NameError: x")
    done = table(
        ["Document", "Status"],
        [[nodes.Text("a"), nodes.Text("✅")], [nodes.Text("b"), failed]],
    )
    assert status.words_for_status(done) == 2
    cells = [row.children[1] for row in done.next_node(nodes.tbody).children]
    assert [cell.astext() for cell in cells] == [
        '<span aria-hidden="true">✅</span> succeeded',
        '<span aria-hidden="true">❌</span> failed',
    ]
    assert cells[1].next_node(nodes.abbreviation)["explanation"] == "NameError: x"


def test_other_tables_are_left_alone(status):
    other = table(["Document", "Result"], [[nodes.Text("a"), nodes.Text("✅")]])
    assert status.words_for_status(other) == 0
    assert other.next_node(nodes.tbody).astext() == "a\n\n✅"
