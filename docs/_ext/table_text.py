"""Let gettext extract, and the Japanese edition translate, the cells of ``{table}`` tables.

Sphinx extracts a text node for translation only when it knows where it comes from
(``sphinx.util.nodes.is_translatable`` skips a ``TextElement`` without ``source`` as a
"built-in message"). The cells of a table written inside MyST's ``{table}`` directive (e.g. the
results table of lecture/mnist, whose title is extracted) are parsed without a source, so their
header cells ("initialization", "final training loss", ...) stayed English in every edition,
and no catalogue held them.

The transform below gives each text element of a table that lacks a source its table's source
and line, before Sphinx's ``Locale`` transform (priority 20) translates the page; the gettext
builder then lists them, and the translated catalogue replaces them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


def _located(node: nodes.Node) -> tuple[str | None, int | None]:
    """The source and line of ``node`` or, failing that, of its nearest ancestor with a source."""
    while node is not None:
        if getattr(node, "source", None):
            return node.source, node.line
        node = node.parent
    return None, None


def give_table_cells_a_source(document: nodes.document) -> int:
    """Set the source of every text element in a table that has none; return how many."""
    fixed = 0
    for table in document.findall(nodes.table):
        source, line = _located(table)
        source = source or document.get("source")
        if not source:
            continue
        for text in table.findall(nodes.TextElement):
            if not text.source:
                text.source, text.line = source, line
                fixed += 1
    return fixed


class TableTextSource(SphinxTransform):
    """Runs before ``sphinx.transforms.i18n.Locale`` (priority 20)."""

    default_priority = 15

    def apply(self, **kwargs: object) -> None:
        give_table_cells_a_source(self.document)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(TableTextSource)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
