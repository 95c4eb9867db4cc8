"""Keep the API reference's docstrings in English in every edition, and say so.

The docstrings are the package's documentation, written in English beside the code they describe
(numpydoc sections, doctests, parameter names), and maintained with it: a translation in the .po
files would go stale at every change of a docstring, and nobody reviews it with the code. So the
Japanese edition translates the API pages' own prose (titles, introductions) and shows the
docstrings as they are. This transform marks every text node that autodoc produced (its source is
``…:docstring of …``, or it sits in an object description) as not translatable, so that gettext
leaves them out of the catalogues (``sphinx.util.nodes.is_translatable`` honours
``translatable=False``) and the coverage test counts only what is meant to be translated. In an
edition other than English it puts a note at the top of each page with docstrings that says
they are in English. The docstrings' blocks carry the class ``docstring`` in the HTML.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

#: The note at the top of a page with docstrings, per edition (none in English).
NOTE = {
    "ja": (
        "このページの関数・クラスの説明は、パッケージのdocstring（ソースコードに書かれた説明文）"
        "から生成しています。docstringはコードと同じくパッケージの一部として英語で書かれ、"
        "コードとともに保守されているため、日本語版でも英語のまま表示します。"
    ),
}


def from_docstring(node: nodes.Node) -> bool:
    """Whether autodoc made the node: from a docstring, or inside an object description."""
    if ":docstring of " in (node.source or ""):
        return True
    parent = node
    while parent is not None:
        if isinstance(parent, addnodes.desc):
            return True
        parent = parent.parent
    return False


class KeepDocstringsInEnglish(SphinxTransform):
    """Mark autodoc's text as not translatable; note it on the page in a translated edition."""

    # Before sphinx.transforms.i18n.Locale (20), which translates, and so also before the
    # gettext builder reads the messages of the finished doctree.
    default_priority = 5

    def apply(self, **kwargs: Any) -> None:
        found = False
        for node in self.document.findall(nodes.TextElement):
            # Inline nodes are never translated unless marked translatable; marking them at all
            # would let sphinx.transforms.i18n.RemoveTranslatableInline unwrap them (and so
            # scramble a signature's parameters).
            if not isinstance(node, nodes.Inline) and from_docstring(node):
                node["translatable"] = False
                found = True
                # class="docstring" in the HTML: the Japanese edition's test for English prose
                # (scripts/check_translations.py) leaves these out.
                marked = node.parent if isinstance(node, nodes.title) else node
                if "docstring" not in marked["classes"]:
                    marked["classes"].append("docstring")
        note = NOTE.get(self.config.language or "en")
        if found and note:
            section = next(iter(self.document.findall(nodes.section)), None)
            if section is not None:
                at = 1 if section.children and isinstance(section[0], nodes.title) else 0
                section.insert(at, _note(note))


def _note(text: str) -> nodes.note:
    return nodes.note("", nodes.paragraph(text, text), classes=["api-docstrings-language"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform."""
    app.add_transform(KeepDocstringsInEnglish)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
