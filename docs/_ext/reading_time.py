"""Reading times of the pages, counted from their sources when the site is built.

The role ``{reading-time}`lecture/xavier``` becomes "9 min" (the main line) or
"9 min + 4 min optional" when the page also has "Going further" parts and
solutions (dropdowns), at :data:`WORDS_PER_MINUTE`. What is counted: the prose and the code a reader
sees; not the front matter, hidden cells, cell options or directive options. The page that
uses the role is rebuilt whenever the counted page changes. ``{reading-speed}`_``` states the
speed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from edition import ui
from page_reader import read_cells, split_prose
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

WORDS_PER_MINUTE = 200

_HIDDEN = {"remove-cell", "remove-input"}
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LATEX = re.compile(r"\\[A-Za-z]+")  # \operatorname, \mathbb: markup, not words
_ROLE = re.compile(r"\{[\w:-]+\}`")  # the name of a role, not its text
_FOLDED = ("dropdown",)


def _words(text: str) -> int:
    return len(_WORD.findall(_ROLE.sub("`", _LATEX.sub(" ", text))))


@dataclass(frozen=True)
class WordCount:
    """Words of a page: in its main line, and in its folded parts."""

    main: int
    folded: int

    def minutes(self, words_per_minute: int = WORDS_PER_MINUTE) -> tuple[int, int]:
        """Reading minutes of the main line (at least 1) and of the folded parts (0 if none)."""
        main = max(1, math.ceil(self.main / words_per_minute))
        folded = math.ceil(self.folded / words_per_minute)
        return main, folded


def count_words(text: str) -> WordCount:
    """Count the words of a MyST page, split into the main line and the folded parts.

    The page is read as myst-nb reads it (:mod:`page_reader`). Folded: the content of
    ``dropdown`` directives and of ``going-further`` parts (up to ``end-going-further``). Hidden
    code cells (``remove-cell``, ``remove-input``) and every cell's and directive's options are
    not read by anyone, so they are not counted.

    >>> count_words("# Title\\n\\nTwo words.\\n\\n:::{dropdown} Solution\\nthree more\\n:::\\n")
    WordCount(main=3, folded=3)
    """
    counter = _Counter()
    for cell in read_cells(text):
        if cell.kind == "markdown":
            counter.prose(cell.source, folded=False)
        elif cell.kind == "code" and not _HIDDEN.intersection(cell.tags):
            counter.add(_words(cell.source), folded=False)
    return WordCount(counter.main, counter.folded)


class _Counter:
    """Words of the main line and of the folded parts, and whether a going-further part is open
    (its markers are in one Markdown cell, its end in a later one)."""

    def __init__(self) -> None:
        self.main = self.folded = 0
        self.in_going_further = False

    def add(self, words: int, folded: bool) -> None:
        if folded or self.in_going_further:
            self.folded += words
        else:
            self.main += words

    def prose(self, markdown: str, folded: bool) -> None:
        for part in split_prose(markdown):
            if isinstance(part, str):
                self.add(_words(part), folded)
            elif part.name == "going-further":
                self.in_going_further = True
                self.add(_words(part.argument), folded)
            elif part.name == "end-going-further":
                self.in_going_further = False
            elif part.name is None:  # a plain code block: its language is no word
                self.add(_words(part.body), folded)
            elif part.name == "toctree":
                continue
            elif part.name != "code-cell" or not _HIDDEN.intersection(part.options.get("tags", [])):
                inner = folded or part.name in _FOLDED
                if part.name != "code-cell":
                    self.add(_words(part.argument), inner)
                self.prose(part.body, inner)


class ReadingTimeRole(SphinxRole):
    """``{reading-time}`docname```: the reading time of a page of this site."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        docname = self.text.strip()
        if docname not in self.env.found_docs:
            message = self.inliner.reporter.error(
                f"reading-time: no page {docname!r}", line=self.lineno
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], [message]
        path = Path(self.env.doc2path(docname))
        self.env.note_dependency(str(path))
        main, folded = count_words(path.read_text(encoding="utf-8")).minutes()
        # no-break spaces: "8 min" never splits over two lines
        language = self.config.language
        if folded:
            template = "{main}\u00a0min + {folded}\u00a0min optional"
            text = ui(language, template, main=main, folded=folded)
        else:
            text = ui(language, "{main}\u00a0min", main=main)
        return [nodes.inline(self.rawtext, text, classes=["reading-time"])], []


def reading_speed_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{reading-speed}`_```: the speed the reading times assume, "200 words a minute"."""
    language = inliner.document.settings.env.config.language
    text = ui(language, "{words} words a minute", words=WORDS_PER_MINUTE)
    return [nodes.inline(rawtext, text)], []


def setup(app: Sphinx) -> dict[str, object]:
    """Register the roles."""
    app.add_role("reading-time", ReadingTimeRole())
    app.add_role("reading-speed", reading_speed_role)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
