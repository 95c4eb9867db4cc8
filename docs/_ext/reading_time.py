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
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

WORDS_PER_MINUTE = 200

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(`{3,}|:{3,})\{?([\w:-]*)\}?([^\n]*)\n", re.MULTILINE)
_OPTIONS = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:.*\n)+)", re.DOTALL)
_HIDDEN = re.compile(r"remove-cell|remove-input")
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

    Folded: the content of ``dropdown`` directives and of ``going-further`` parts (up to
    ``end-going-further``). Hidden code cells (``remove-cell``, ``remove-input``) and every
    cell's and directive's options are not read by anyone, so they are not counted.

    >>> count_words("# Title\\n\\nTwo words.\\n\\n:::{dropdown} Solution\\nthree more\\n:::\\n")
    WordCount(main=3, folded=3)
    """
    text = _FRONT_MATTER.sub("", text)
    main = folded = 0
    in_going_further = False
    position = 0
    while True:
        match = _FENCE.search(text, position)
        if match is None:
            chunk, body_end, kind, body = text[position:], len(text), None, ""
        else:
            chunk, kind = text[position : match.start()], match.group(2)
            close = re.compile(rf"^[ \t]*{re.escape(match.group(1))}\s*$", re.MULTILINE)
            end = close.search(text, match.end())
            body_end = end.end() if end else len(text)
            body = text[match.end() : end.start() if end else len(text)]
        words = _words(chunk)
        if in_going_further:
            folded += words
        else:
            main += words
        if kind is None:
            break
        options = _OPTIONS.match(body)
        hidden = kind == "code-cell" and options and _HIDDEN.search(options.group())
        if options:
            body = body[options.end() :]
        if kind == "going-further":
            assert match is not None  # kind is the fence's
            in_going_further = True
            folded += _words(match.group(3))
        elif kind == "end-going-further":
            in_going_further = False
        elif not hidden and kind not in ("toctree",):
            inner = count_words(body)
            title = _words(match.group(3)) if match and kind != "code-cell" else 0
            if in_going_further or kind in _FOLDED:
                folded += inner.main + inner.folded + title
            else:
                main += inner.main + title
                folded += inner.folded
        position = body_end
    return WordCount(main, folded)


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
