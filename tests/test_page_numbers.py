"""No typed number on the pages: every number in prose, captions and alt texts is computed.

A page's prose, its figure captions and its alt texts may state a number only if

- it is glued (``{glue:text}`` and other roles are skipped), or sits in maths, code or a
  citation;
- or a code cell of the same page uses it as a literal: a setting the cell runs with (50
  layers, learning rate 0.01) or a value a hidden cell asserts (``assert ... < 0.0196``);
- or it is a reference to the slides or the book ("slide 9", "section 6.4");
- or it is in :data:`ALLOWED` below, with the reason.

So a new typed number fails this test until a cell computes it or asserts it.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from pages import DOCS, PAGES, reader

#: Numbers typed on purpose: cited figures of the literature and fixed facts, per page
#: ("*" for every page). Keep this short; prefer a cell that uses or asserts the number.
ALLOWED: dict[str, dict[str, str]] = {
    "*": {
        "0": "zero: a mean of 0, the ends of ranges such as (0, 1)",
        "1": "one: unit variance, the ends of ranges such as (0, 1)",
        "0.01": "the book's baseline standard deviation, the scheme 'std=0.01' (a setting)",
        "6.2": "the book's section, the seminar's title",
        "01": "the slides' running header (01ゼミ)",
        "14": "He et al. (2015): their 14-layer model (cited)",
        "22": "He et al. (2015): their 22-layer model (cited)",
    },
    "lecture/transformers.md": {
        "40": "Yang et al. (2021), TP5: their 40M-parameter proxy model (cited)",
        "6.7": "Yang et al. (2021), TP5: the 6.7B-parameter GPT-3 they transfer to (cited)",
        "70": "torchtitan's configuration name Llama 3 70B (a name)",
        "405": "torchtitan's configuration name Llama 3 405B (a name)",
    },
    "lecture/gradients.md": {
        "1000": "Glorot & Bengio (2010): their hidden layers of 1000 units (cited)",
    },
}

# Patterns that name a place in the slides or the book, not a quantity.
STRUCTURAL = re.compile(
    r"\b(?:slides?|sections?|chapter|exercises?|notes?|figures?)\s+\d+(?:\.\d+)*"
    r"(?:\s*(?:[–-]|,|,? and|to)\s*\d+(?:\.\d+)*)*"
    # a citation typed out: (Glorot & Bengio, 2010)
    r"|(?:et\s+al\.|&\s+\w+|\w+),\s*(?:19|20)\d\d\b"
    r"|^\s*\d+\.\s"  # a numbered list's marker
    r"|^\s*\*\s+-\s+\d+\s*$",  # the first cell of a list-table row: a slide number
    re.IGNORECASE | re.MULTILINE,
)
# A number, but not the 256 of "SHA-256" or the digits inside a word.
NUMBER = re.compile(r"(?<![\w.])(?<![A-Za-z]-)\d+(?:[.,]\d+)*")


def _code_numbers(source: str) -> set[float]:
    """Numeric literals of a code cell's Python source."""
    values: set[float] = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return values
    for token in tokens:
        if token.type == tokenize.NUMBER:
            text = token.string.replace("_", "").rstrip("jJ")
            try:
                values.add(float(int(text, 0)) if text.isdigit() else float(text))
            except ValueError:
                continue
    return values


def _strip_prose(text: str) -> str:
    """Remove what may hold numbers legitimately: maths, code, roles, targets, link URLs."""
    text = re.sub(r"^\s*(?:`{3,}|:{3,}).*$", " ", text, flags=re.MULTILINE)  # nested fences
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)  # roles: glue, cite, ref, numref, eq...
    text = re.sub(r"``.*?``|`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    # inline maths, which may wrap onto the next line (but not across a paragraph break)
    text = re.sub(r"(?<!\\)\$(?:[^$\n]|\n(?![ \t]*\n))+?\$", " ", text)
    text = re.sub(r"^\(.*?\)=\s*$", " ", text, flags=re.MULTILINE)  # targets
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link URLs
    text = re.sub(r"^\s*:[\w-]+:.*$", " ", text, flags=re.MULTILINE)  # directive options
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    return STRUCTURAL.sub(" ", text)


def split_page(text: str) -> tuple[list[tuple[str, str]], set[float]]:
    """Return the page's prose pieces as (where, text) and the numbers its code cells use.

    The page is read as myst-nb reads it (tests/pages.py): its code cells, with their captions
    and alt texts from the cells' options, and its Markdown, split into prose and directives.
    """
    prose: list[tuple[str, str]] = []
    code: set[float] = set()
    for cell in reader.read_cells(text):
        if cell.kind == "code":
            _add_cell(cell.metadata, cell.source, prose, code)
        elif cell.kind == "markdown":
            _add_prose(cell.source, prose, code)
    return prose, code


def _add_cell(options, source, prose, code) -> None:
    mystnb = options.get("mystnb", {})
    prose += [
        ("caption", mystnb.get("figure", {}).get("caption") or ""),
        ("alt text", mystnb.get("image", {}).get("alt") or ""),
    ]
    code |= _code_numbers(source)


def _add_prose(markdown, prose, code) -> None:
    for part in reader.split_prose(markdown):
        if isinstance(part, str):
            prose.append(("prose", part))
        elif part.name == "code-cell":  # nested: not a cell, but its numbers are code
            _add_cell(part.options, part.body, prose, code)
        elif part.name in (None, "math", "eval-rst"):  # code, maths, API reference
            continue
        else:  # admonitions, dropdowns, tables, glued figures: their body is prose
            prose.append(("alt text", str(part.options.get("alt", ""))))  # a glued figure's
            _add_prose(part.body, prose, code)


def typed_numbers(path: Path, root: Path = DOCS) -> list[str]:
    """The numbers on a page that nothing computes, uses or allows, as 'where: number'."""
    pieces, code = split_page(path.read_text(encoding="utf-8"))
    allowed = {**ALLOWED["*"], **ALLOWED.get(path.relative_to(root).as_posix(), {})}
    found = []
    for where, raw in pieces:
        piece = _strip_prose(raw)
        for match in NUMBER.finditer(piece):
            number = match.group()
            if number in allowed:
                continue
            try:
                value = float(number.replace(",", ""))
            except ValueError:
                value = None
            if value is not None and value in code:
                continue
            context = " ".join(piece[max(0, match.start() - 50) : match.end() + 30].split())
            found.append(f"{where}: {number} in '…{context}…'")
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_typed_numbers(page):
    found = typed_numbers(page)
    message = "numbers typed into the page (glue them, assert them, or word them):"
    assert not found, "\n".join([message, *found])


def test_checker_flags_typed_numbers_and_spares_computed_ones(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n*原題: x* (slide 9)\n\nThe loss is {glue:text}`loss` after 50 layers, "
        "$n = 784$, see section 6.4.\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    caption: Falls by 0.005.\n"
        "  image:\n    alt: A line at 7.25.\n---\nrun(n_layers=50)\n```\n\n"
        "```{glue:figure} fig\n:alt: Bars up to 3.5\n  and 12.\n\nCaption 0.75.\n```\n\n"
        "```{glue:figure} fig2\n---\nname: fig-2\nalt: >-\n  Dots near\n  0.125.\n---\n"
        "Caption.\n```\n\n"
        "A range $[-\\sqrt{6}/\\sqrt{n},\n  \\sqrt{6}/\\sqrt{n}]$, of variance $2/n$, then 2.5.\n\n"
        "A lone $ sign, then 4.5\n\nand 5.5 $ alone.\n",
        encoding="utf-8",
    )
    found = typed_numbers(page, root=tmp_path)
    assert [entry.split(" in ")[0] for entry in found] == [
        "caption: 0.005",
        "alt text: 7.25",
        "alt text: 3.5",
        "prose: 12",  # myst-parser ends a :alt: option at its line: the next is the caption
        "prose: 0.75",
        "alt text: 0.125",
        "prose: 2.5",  # maths wrapped onto the next line is maths, the 6 and 2 in it spared...
        "prose: 4.5",  # ...but a paragraph break ends it
        "prose: 5.5",
    ]
