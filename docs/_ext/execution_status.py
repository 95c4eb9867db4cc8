"""Give the execution table's status column words, not only an emoji.

myst-nb's ``{nb-exec-table}`` writes each page's status as "✅" or "❌", which a screen reader
reads as "check mark button" (or not at all) and which says nothing in print or without colour
emoji. :class:`StatusInWords` runs after myst-nb has built the table and writes the status as
"✅ succeeded" or "❌ failed" (the emoji kept as a cue, hidden from screen readers).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The status cell's emoji and the words written after it.
WORDS = {"✅": "succeeded", "❌": "failed"}
HEADER = "Status"


def status_column(table: nodes.table) -> int | None:
    """The index of the column headed "Status" in ``table``, or None."""
    head = table.next_node(nodes.thead)
    row = head.next_node(nodes.row) if head is not None else None
    if row is None:
        return None
    titles = [entry.astext().strip() for entry in row.children]
    return titles.index(HEADER) if HEADER in titles else None


def words_for_status(table: nodes.table) -> int:
    """Write the status of every row of ``table`` in words; return how many were changed."""
    column = status_column(table)
    body = table.next_node(nodes.tbody)
    if column is None or body is None:
        return 0
    changed = 0
    for row in body.children:
        entry = row.children[column]
        text = entry.astext().strip()
        if text not in WORDS:
            continue
        paragraph = entry.next_node(nodes.paragraph)
        old = paragraph.children[0]
        emoji = nodes.raw("", f'<span aria-hidden="true">{text}</span> ', format="html")
        words = nodes.Text(WORDS[text])
        if isinstance(old, nodes.abbreviation):  # a failed page: the error is the tooltip
            old.children = [words]
            paragraph.insert(0, emoji)
        else:
            paragraph.children = []
            paragraph += [emoji, words]
        changed += 1
    return changed


class StatusInWords(SphinxPostTransform):
    """After myst-nb's table (post-transform priority 8): the status in words."""

    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            words_for_status(table)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transform."""
    app.add_post_transform(StatusInWords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
