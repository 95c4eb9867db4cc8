"""The site's pages read as myst-nb reads them: its notebook cells, then the directives in prose.

One reader for every tool that looks into a page's source (the reading times of
:mod:`reading_time`, and the tests of the pages' numbers, keys, labels and data): the cells are
those of myst-nb's own reader, :func:`myst_nb.core.read.read_myst_markdown_notebook`, with the
site's MyST extensions (``colon_fence`` among them), so a code cell is a cell here exactly when
it is one in the build; a Markdown cell is split by the same markdown-it parser into prose and
fenced directives, whose options are read by myst-parser's own directive parser.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from markdown_it.renderer import RendererHTML
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

#: The site's MyST extensions: docs/conf.py sets ``myst_enable_extensions`` from this.
SITE_EXTENSIONS = ("amsmath", "dollarmath", "colon_fence", "deflist", "substitution")


@dataclass(frozen=True)
class Cell:
    """A notebook cell of a page: ``kind`` is ``"code"``, ``"markdown"`` or ``"raw"``."""

    kind: str
    source: str
    metadata: dict[str, Any]

    @property
    def tags(self) -> list[str]:
        """The cell's tags (``remove-cell``, ``remove-input``, ...)."""
        return list(self.metadata.get("tags", []))


@dataclass(frozen=True)
class Directive:
    """A fenced block in prose: ``{name} argument``, its options, and the body after them.

    ``name`` is ``None`` for a plain code block (```` ```python ````), whose language is then
    ``argument``.
    """

    name: str | None
    argument: str
    options: dict[str, Any]
    body: str


class _AnyOptions:
    """What myst-parser needs to read any directive's options (as myst-nb reads a cell's)."""

    option_spec: ClassVar[dict[str, bool]] = {"options": True}
    required_arguments = 0
    optional_arguments = 1
    has_content = True


@cache
def _config() -> MdParserConfig:
    return MdParserConfig(enable_extensions=set(SITE_EXTENSIONS))


@cache
def _block_parser():
    config = dataclasses.replace(_config(), disable_syntax=["inline"])
    return create_md_parser(config, RendererHTML)


def read_cells(text: str) -> list[Cell]:
    """Return the cells of a MyST page as myst-nb reads them (front matter left out)."""
    notebook = read_myst_markdown_notebook(text, config=_config())
    return [Cell(cell.cell_type, cell.source, dict(cell.metadata)) for cell in notebook.cells]


def code_cells(text: str) -> list[Cell]:
    """Return the code cells of a MyST page."""
    return [cell for cell in read_cells(text) if cell.kind == "code"]


def split_prose(text: str) -> list[str | Directive]:
    """Split Markdown into its prose (str) and its fenced blocks (:class:`Directive`), in order.

    The fences are those markdown-it finds, inside lists and quotes too; a directive's body is
    not split further (call this again on it). Front matter, if any, is left out.
    """
    lines = text.splitlines(keepends=True)
    parts: list[str | Directive] = []
    start = 0
    for token in _block_parser().parse(text + "\n"):
        if token.type == "front_matter" and token.map:
            start = token.map[1]
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        first, end = token.map
        if first > start:
            parts.append("".join(lines[start:first]))
        parts.append(_directive(token.info.strip(), token.content))
        start = end
    if start < len(lines):
        parts.append("".join(lines[start:]))
    return parts


def _directive(info: str, content: str) -> Directive:
    if not (info.startswith("{") and "}" in info):
        return Directive(None, info, {}, content)
    name, _, argument = info[1:].partition("}")
    result = parse_directive_text(_AnyOptions, "", content, validate_options=False)
    body = "\n".join(result.body)
    if result.warnings:  # options that do not parse: keep them in the body, as text
        return Directive(name, argument.strip(), {}, content)
    return Directive(name, argument.strip(), dict(result.options), body + "\n" if body else "")
