"""No English left in the Japanese edition's text: every built Japanese page, read as HTML.

The Japanese pages come from the English ones through the catalogues (docs/locale/ja), but
some English reaches them by other ways: an untranslated entry, a string gettext does not
extract (a directive's title, a table's cells), a glued value whose words the code cell wrote
in English, a display equation's ``\\text{...}``. This test reads the main text of each page
of the Japanese build, without code, maths, citations and the API's docstrings (names and
code, not prose), and reports every piece of English prose it finds, with its page:

- a run of three or more lowercase English words (``lie within the``), or
- an English function word (``to``, ``of``, ``than``, ``times``, ...) in a paragraph written in
  Japanese, such as a glued ``51 % to 69 %`` in a Japanese sentence,

outside the terms the edition keeps in English (TRANSLATE.md, /work/wt/ja-terms.md:
"fan-in", "edge of chaos", ...), listed in :data:`ALLOWED`.

It reads the built files, so it runs with the browser tests after the docs build (``make
browser``, ``make test``); like them, it is skipped without the Japanese build
(``harness.SITE_JA``: the English site's ja/, or ``WEIGHTINIT_SITE_JA``), and fails instead
when ``CI`` is set. It complements ``test_editions.test_every_japanese_page_is_in_japanese``,
which finds whole paragraphs in English: this one finds English inside Japanese paragraphs.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from .harness import SITE_JA as JA_SITE
from .harness import site_pages, unavailable

#: What is not prose: code, maths, the references' entries (English titles of papers), the API
#: reference's docstrings (English in both editions: class docstring, docs/_ext/api_docstrings.py)
#: and the English terms the bilingual glossary names on purpose.
NOT_PROSE = (
    "script, style, pre, code, kbd, .math, .highlight, .cell_input, .cell_output, "
    ".headerlink, .citation, dl.citation, .bibtex-citation, dl.py, .py, .sig, .docstring, "
    ".notranslate, dl.glossary > dt, mjx-container"
)

#: English the edition keeps: terms without a standard Japanese word (TRANSLATE.md) and phrases
#: the glossary of the translators chose to leave in English.
ALLOWED = (
    "fan-in", "fan-out", "edge of chaos", "dynamical isometry", "update-to-data ratio",
    "sanity checks", "forward hook", "colourful dimension", "length map", "correlation map",
    "bump data", "parity test", "layer norm", "mean field", "layer-sequential unit-variance",
    "maximal update parametrization",
)  # fmt: skip

#: Words that only an English sentence has: one of them in a Japanese paragraph is residue.
FUNCTION_WORDS = frozenset(
    "the to of and or than times at on by for from with without while per least most fewer "
    "against between none before after are was were its this that which".split()
)
_RUN = re.compile(r"\b[a-z]+(?:[ \-,]+[a-z]+){2,}\b")
_WORD = re.compile(r"(?<![A-Za-z_])[a-z]+(?![A-Za-z_])")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
#: A file's name (the Run box's notebook and wheel): a name, not prose.
_FILE = re.compile(r"[A-Za-z0-9_.+\-]+\.(?:whl|ipynb|py)(?![A-Za-z0-9])")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ALLOWED = re.compile("|".join(re.escape(phrase) for phrase in ALLOWED))


def english_residue(text: str) -> list[str]:
    """The English prose in one paragraph's text, each piece with a little context.

    >>> english_residue("飽和したノードは51 % to 69 %です。")
    ['…和したノードは51 % to 69 %です。…']
    >>> english_residue("カオスの縁 (edge of chaos) とfan-inの規則、tanhとReLU。")
    []
    >>> english_residue("Heの初期値: of the outputs lie within 0.02")
    ['…Heの初期値: of the outputs lie within 0.02…']
    >>> english_residue("he.ipynbとweightinit-0.1.0-py3-none-any.whlを同じフォルダーに置きます。")
    []
    """
    text = re.sub(r"\s+", " ", text)
    cleaned = _ALLOWED.sub(lambda m: "_" * len(m.group()), text)
    cleaned = _QUOTED.sub(lambda m: "_" * len(m.group()), cleaned)  # a quotation of a source
    cleaned = _FILE.sub(lambda m: "_" * len(m.group()), cleaned)
    found = [match.span() for match in _RUN.finditer(cleaned)]
    if _JAPANESE.search(cleaned):
        found += [
            match.span()
            for match in _WORD.finditer(cleaned)
            if match.group() in FUNCTION_WORDS
            and not any(start <= match.start() < end for start, end in found)
        ]
    return [f"…{text[max(0, a - 12) : b + 12]}…" for a, b in sorted(found)]


def page_residue(html: str) -> list[str]:
    """The English prose of a built page's main text (its article), paragraph by paragraph."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main")
    if article is None:
        return []
    for node in article.select(NOT_PROSE):
        node.decompose()
    blocks = article.find_all(["p", "li", "dt", "dd", "th", "td", "figcaption", "summary", "h1",
                               "h2", "h3", "h4", "caption"])  # fmt: skip
    found = []
    for block in blocks:
        if block.find(["p", "li", "dd", "figcaption"]):  # its own blocks are read on their own
            continue
        found += english_residue(block.get_text(" "))
    return found


def japanese_pages() -> list[str]:
    skipped = {"genindex.html", "search.html", "py-modindex.html"}
    return [page for page in site_pages(JA_SITE) if page.rsplit("/", 1)[-1] not in skipped]


@pytest.mark.parametrize("page", japanese_pages() or [None])
def test_no_english_prose_on_a_japanese_page(page: str | None) -> None:
    if page is None:
        unavailable(f"no Japanese build at {JA_SITE} (-D language=ja, or set WEIGHTINIT_SITE_JA)")
    found = page_residue((JA_SITE / page).read_text(encoding="utf-8"))
    shown = "\n  ".join(found[:40])
    more = f"\n  ... and {len(found) - 40} more" if len(found) > 40 else ""
    assert not found, f"{page}: {len(found)} pieces of English prose:\n  {shown}{more}"


def test_the_check_finds_english_and_leaves_code_maths_and_terms_alone() -> None:
    page = """<html><body><article class="bd-article">
      <p>飽和したノードは<span class="pasted-text">0.1 %未満</span>です。</p>
      <p>勾配は<span class="math">\\(\\text{standard deviation}\\)</span>で測ります。</p>
      <div class="cell_input"><pre>glue("x", "fewer than 0.1 %")</pre></div>
      <p>重みの分散は<code>std of the weights</code>です。</p>
      <details><summary>さらに詳しく: the edge of chaos</summary><p>本文です。</p></details>
      <table><tr><th>final training loss</th><th>初期値</th></tr></table>
      <p>幅8192では<span class="pasted-text">1.81 times</span>です。</p>
      <dl class="citation"><dt>1</dt><dd>On the difficulty of training deep nets.</dd></dl>
    </article></body></html>"""
    found = page_residue(page)
    assert len(found) == 3, found
    assert "the edge" in found[0] and "final training loss" in found[1]
    assert "1.81 times" in found[2]
