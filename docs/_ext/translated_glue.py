"""Let glued values appear in translated text.

In the Japanese edition Sphinx's ``Locale`` transform replaces each paragraph with its
translation, parsed as a separate little document (its source ends with ``<translated>``).
myst-nb's glue roles and directives look the glued values up on the document being parsed
(``document["nb_renderer"]``), which such a fragment does not have, so every
``{glue:text}`` in a translation would fail with "No key ... found in glue data".

This extension keeps the page's notebook renderer while its translations are parsed. myst-nb
stores it on the document only while it parses the page (it pops it at the end); the parser
here remembers what was popped in the build environment's per-document ``temp_data`` (cleared
after each page) and hands it to each translated fragment. The values, and so the numbers on a
Japanese page, are those the page's own notebook computed.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.sphinx_ import Parser
from sphinx.application import Sphinx

_KEY = "translated_glue_renderer"


class _KeepRenderer(dict):
    """A document's attributes that remember the notebook renderer myst-nb pops."""

    def __init__(self, attributes: dict[str, Any], temp_data: dict[str, Any]) -> None:
        super().__init__(attributes)
        self.temp_data = temp_data

    def pop(self, key: str, *default: Any) -> Any:
        value = super().pop(key, *default)
        if key == "nb_renderer":
            self.temp_data[_KEY] = value
        return value


_parse = Parser.parse


def _parse_keeping_renderer(self: Parser, inputstring: str, document: nodes.document) -> None:
    env = getattr(document.settings, "env", None)
    if env is None:
        _parse(self, inputstring, document)
    elif (document.current_source or "").endswith("<translated>"):
        if _KEY in env.temp_data:
            document["nb_renderer"] = env.temp_data[_KEY]
        try:
            _parse(self, inputstring, document)
        finally:
            document.attributes.pop("nb_renderer", None)
    else:
        document.attributes = _KeepRenderer(document.attributes, env.temp_data)
        try:
            _parse(self, inputstring, document)
        finally:
            document.attributes = dict(document.attributes)


def setup(app: Sphinx) -> dict[str, Any]:
    Parser.parse = _parse_keeping_renderer
    return {"parallel_read_safe": True, "parallel_write_safe": True}
