"""Say in words what the execution table's status column says in emoji.

myst-nb's ``nb-exec-table`` (docs/execution.md) writes a page's status as a bare ✅ or ❌, which
a screen reader announces as "check mark button" or not at all, and which says nothing to a
reader who does not know the convention. This post-transform, run after myst-nb has built the
table, keeps the mark and adds the word: "✅ succeeded", "❌ failed".
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from edition import ui
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The marks myst-nb writes (myst_nb.ext.execution_tables), and the words they stand for.
WORDS = {"✅": "succeeded", "❌": "failed"}
STATUS_HEADER = "Status"


def status_column(table: nodes.table) -> int | None:
    """The index of the "Status" column of ``table``, or None if it has none."""
    head = next(iter(table.findall(nodes.thead)), None)
    if head is None:
        return None
    row = next(iter(head.findall(nodes.row)), None)
    if row is None:
        return None
    names = [entry.astext().strip() for entry in row.children]
    return names.index(STATUS_HEADER) if STATUS_HEADER in names else None


def label_statuses(document: nodes.Node, language: str = "en") -> int:
    """Add the word to every status mark of every execution table; return how many."""
    labelled = 0
    for table in document.findall(nodes.table):
        column = status_column(table)
        if column is None:
            continue
        for body in table.findall(nodes.tbody):
            for row in body.findall(nodes.row):
                entry = row.children[column]
                for text in list(entry.findall(nodes.Text)):
                    mark = str(text).strip()
                    if mark in WORDS:
                        text.parent.replace(text, nodes.Text(f"{mark} {ui(language, WORDS[mark])}"))
                        labelled += 1
    return labelled


class LabelExecutionStatus(SphinxPostTransform):
    """Runs after myst-nb's ExecutionStatsPostTransform (priority 8) has built the table."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        label_statuses(self.document, self.config.language)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transform."""
    app.add_post_transform(LabelExecutionStatus)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
