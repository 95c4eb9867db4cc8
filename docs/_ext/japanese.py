"""Mark the Japanese text of the pages as Japanese: ``<span lang="ja">``.

The site is in English (``<html lang="en">``), and each page keeps the slide's Japanese title
(*原題: …*) and a few Japanese words. Unmarked, a screen reader reads them with English rules and
the browser picks fonts for English; inside an emphasis the browser also slants the CJK glyphs,
which have no italic face (a synthetic italic). This post-transform wraps every run of Japanese
text in the HTML output in a :class:`japanese` node, written as ``<span lang="ja">``;
``custom.css`` sets ``:lang(ja)`` upright and turns off synthesized styles. The Japanese
edition (``language = "ja"``) is ``<html lang="ja">`` as a whole and marks nothing.

A run starts and ends with a Japanese character (kana, CJK ideographs, CJK punctuation and
full-width forms); a colon or a space and a Latin word between two Japanese ones (such as the
": Xavier" in *原題: Xavierの初期値*) belong to the run. Code, maths and raw HTML are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

_CJK = "\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
#: A run of Japanese text: Japanese characters, joined across a gap of a colon or spaces
#: and one Latin word written against the next Japanese character (原題: Xavierの初期値).
RUN = re.compile(rf"[{_CJK}]+(?:(?:[ :]{{1,3}}[A-Za-z0-9]{{0,12}}|[A-Za-z0-9]{{1,12}})[{_CJK}]+)*")
#: Nodes whose text is not prose.
SKIP = (nodes.literal, nodes.FixedTextElement, nodes.math, nodes.raw, nodes.comment)


class japanese(nodes.inline):
    """Inline Japanese text, written as ``<span lang="ja">``."""


def visit_japanese_html(translator: Any, node: japanese) -> None:
    translator.body.append(translator.starttag(node, "span", "", lang="ja"))


def depart_japanese_html(translator: Any, node: japanese) -> None:
    translator.body.append("</span>")


def split_runs(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into pieces, each paired with whether it is a Japanese run.

    >>> split_runs("原題: Xavierの初期値")
    [('原題: Xavierの初期値', True)]
    >>> split_runs('the deck "6.2 重みの初期値" (chapter 6.2)')
    [('the deck "6.2 ', False), ('重みの初期値', True), ('" (chapter 6.2)', False)]
    """
    pieces, last = [], 0
    for match in RUN.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


class MarkJapanese(SphinxPostTransform):
    """Wrap each Japanese run of the page's prose in a :class:`japanese` node."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        env = getattr(self.document.settings, "env", None)
        if env is not None and env.config.language == "ja":
            return  # the Japanese edition is <html lang="ja"> already
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, japanese):
                continue
            if any(isinstance(node, SKIP) for node in _ancestors(parent)):
                continue
            pieces = split_runs(str(text))
            if not any(is_japanese for _, is_japanese in pieces):
                continue
            replacement = [
                japanese("", piece) if is_japanese else nodes.Text(piece)
                for piece, is_japanese in pieces
            ]
            index = parent.index(text)
            parent.remove(text)
            for offset, node in enumerate(replacement):
                parent.insert(index + offset, node)


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the node and the post-transform."""
    app.add_node(japanese, html=(visit_japanese_html, depart_japanese_html))
    app.add_post_transform(MarkJapanese)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
