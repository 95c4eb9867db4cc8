"""Sort a translated glossary by its terms' readings (あいうえお順), not by code point.

Sphinx sorts a ``:sorted:`` glossary by the text of its terms after translation
(``sphinx.transforms.GlossarySorter``); for Japanese that orders kanji by code point, which means
nothing to a reader. A translated term may give its reading as a classifier (the msgstr
``勾配消失（vanishing gradient） : こうばいしょうしつ``), which Sphinx keeps as the term's index key
and does not show. This transform sorts the glossaries again by that key, or by the term itself
where there is none, with katakana read as hiragana: Latin terms first (A–Z), then the Japanese
ones in the order of the kana. A glossary without any reading (the English edition) is left as
Sphinx sorted it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


def reading_key(text: str) -> str:
    """The sort key of a term or reading: katakana as hiragana, decomposed, lower case.

    >>> sorted(["ノード", "ぶんさん", "こうばいしょうしつ", "fan-in"], key=reading_key)
    ['fan-in', 'こうばいしょうしつ', 'ノード', 'ぶんさん']
    """
    hiragana = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)
    return unicodedata.normalize("NFD", hiragana.lower())


def _index_key(item: nodes.Element) -> str | None:
    term = item[0]
    for index in term.findall(addnodes.index):
        for entry in index["entries"]:
            if len(entry) > 4 and entry[4]:
                return entry[4]
    return None


class SortGlossaryByReading(SphinxTransform):
    """Sort each sorted glossary whose terms give readings by reading."""

    default_priority = 501  # just after sphinx.transforms.GlossarySorter (500)

    def apply(self, **kwargs: Any) -> None:
        for glossary in self.document.findall(addnodes.glossary):
            if not glossary["sorted"]:
                continue
            definitions = glossary[0]
            assert isinstance(definitions, nodes.Element)  # the glossary's definition list
            items = [item for item in definitions.children if isinstance(item, nodes.Element)]
            keys = [_index_key(item) for item in items]
            if not any(keys):
                continue
            order = sorted(
                zip(keys, items, strict=True),
                key=lambda pair: reading_key(pair[0] or pair[1][0].astext()),
            )
            definitions[:] = [item for _, item in order]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform."""
    app.add_transform(SortGlossaryByReading)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
