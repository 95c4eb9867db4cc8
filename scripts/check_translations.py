"""Check the Japanese catalogues (docs/locale/ja/LC_MESSAGES/**/*.po) against their English.

Run it while translating (``.venv/bin/python scripts/check_translations.py lecture/he``, or with
no argument for every catalogue): it prints each catalogue's share of translated entries and every
problem of the translated ones. tests/test_translations.py runs the same checks:

- coverage: every entry has a ``msgstr`` and none is fuzzy;
- markup: the MyST roles with their targets (``{glue:text}`key```, ``{eq}``, ``{doc}``,
  ``{term}`日本語 <target>```: the target, not the title), the ``$…$`` and ``$$…$$`` maths, the
  link targets and the inline code spans are the same multiset in the msgstr as in the msgid, and
  every ASCII number of the msgid's prose is in the msgstr's;
- terminology (docs/locale/ja/terms.toml): no forbidden rendering (katakana personal names,
  グラデーション, ...), the glossary's rendering where the msgid has a checked term, and personal
  and software names kept in Latin script.

The same module reads the glued values of a built page (:func:`glued_values`) for the test that
compares the two editions (tests/browser/test_editions.py).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES"
TERMS = ROOT / "docs" / "locale" / "ja" / "terms.toml"

#: A MyST role: ``{name}`content```, any number of backticks.
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w.:+-]*)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)", re.S)
#: An inline code span (after the roles are taken out).
CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<content>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
DISPLAY_MATH = re.compile(r"\$\$(?P<content>.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?P<content>.+?)(?<![\\$])\$(?!\$)", re.S)
#: A Markdown link's target, ``[text](target)``, and an autolink ``<https://…>``.
LINK = re.compile(r"\]\((?P<target>[^()\s]+)(?:\s+\"[^\"]*\")?\)")
AUTOLINK = re.compile(r"<(?P<target>(?:https?|mailto):[^>\s]+)>")
#: Roles whose content may be ``title <target>``: only the target must survive.
TITLED = {"term", "doc", "ref", "numref", "any", "download", "eq"}
TITLE_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
#: Katakana letters (not the middle dot ・), for whole-word matches of forbidden katakana.
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f"


@dataclass
class Parts:
    """What a msgid or msgstr is made of: its markup, and its prose without the markup."""

    roles: Counter = field(default_factory=Counter)
    maths: Counter = field(default_factory=Counter)
    links: Counter = field(default_factory=Counter)
    code: Counter = field(default_factory=Counter)
    prose: str = ""

    @property
    def numbers(self) -> set[str]:
        """The ASCII numbers of the prose, without thousands separators."""
        return {n.replace(",", "") for n in NUMBER.findall(self.prose)}


_PY_ROLES = {"func", "class", "mod", "meth", "attr", "obj", "data", "exc"}


def _role_key(name: str, content: str) -> tuple[str, str]:
    if name in TITLED or name.split(":")[-1] in _PY_ROLES:
        if match := TITLE_TARGET.match(content):
            return name, match["target"].strip()
    return name, content.strip()


def _role_display(name: str, content: str) -> str:
    """The text a role shows that belongs to the sentence (a term's words), else a space."""
    if name != "term":
        return " "
    match = TITLE_TARGET.match(content)
    return match["title"] if match else content


def split(text: str) -> Parts:
    """Take a msgid or msgstr apart into its markup and its prose.

    >>> parts = split("See {term}`勾配消失 <vanishing gradient>`, `x @ W`, $n$ and [a](b.md).")
    >>> sorted(parts.roles), sorted(parts.code), sorted(parts.maths), sorted(parts.links)
    ([('term', 'vanishing gradient')], ['x @ W'], ['n'], ['b.md'])
    >>> parts.prose
    'See 勾配消失,  ,   and [a].'
    """
    parts = Parts()

    def role(match: re.Match[str]) -> str:
        parts.roles[_role_key(match["name"], match["content"])] += 1
        return _role_display(match["name"], match["content"])

    def collect(counter: Counter):
        def replace(match: re.Match[str]) -> str:
            counter[match["content"].strip()] += 1
            return " "

        return replace

    rest = ROLE.sub(role, text)
    rest = CODE.sub(collect(parts.code), rest)
    rest = DISPLAY_MATH.sub(collect(parts.maths), rest)
    rest = INLINE_MATH.sub(collect(parts.maths), rest)

    def link(match: re.Match[str]) -> str:
        parts.links[match["target"]] += 1
        return "]"

    rest = LINK.sub(link, rest)
    rest = AUTOLINK.sub(lambda m: parts.links.update([m["target"]]) or " ", rest)
    parts.prose = rest
    return parts


def _difference(what: str, source: Counter, translated: Counter) -> list[str]:
    missing, extra = source - translated, translated - source
    if not missing and not extra:
        return []
    pieces = []
    if missing:
        pieces.append(f"missing {_show(missing)}")
    if extra:
        pieces.append(f"not in the English {_show(extra)}")
    return [f"{what} differ: " + "; ".join(pieces)]


def _show(counter: Counter) -> str:
    items = []
    for key, count in sorted(counter.items(), key=str):
        shown = f"{{{key[0]}}}`{key[1]}`" if isinstance(key, tuple) else repr(key)
        items.append(shown + (f" ×{count}" if count > 1 else ""))
    return ", ".join(items)


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """What the msgstr lost or gained of the msgid's roles, maths, links, code and numbers.

    >>> markup_problems("{glue:text}`x` of $n$ units, 50 layers", "$n$個のノード、50層")
    ['roles differ: missing {glue:text}`x`']
    """
    if is_math_block(msgid):
        return []  # maths, whose \text{…} the translation may translate
    source, translated = split(msgid), split(msgstr)
    problems = _difference("roles", source.roles, translated.roles)
    problems += _difference("maths", source.maths, translated.maths)
    problems += _difference("link targets", source.links, translated.links)
    problems += _difference("inline code", source.code, translated.code)
    if lost := source.numbers - translated.numbers:
        problems.append(f"numbers missing: {', '.join(sorted(lost))}")
    return problems


@dataclass(frozen=True)
class Terms:
    """The glossary's rules (docs/locale/ja/terms.toml), compiled."""

    forbidden: tuple[tuple[re.Pattern[str], str], ...]
    required: tuple[tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...], str], ...]
    names: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def from_toml(cls, text: str) -> Terms:
        """Compile the rules of a terms.toml text."""
        data = tomllib.loads(text)
        forbidden = []
        for rule in data.get("forbidden", []):
            if "katakana" in rule:
                words = "|".join(map(re.escape, sorted(rule["katakana"], key=len, reverse=True)))
                pattern = rf"(?<![{KATAKANA}])(?:{words})(?![{KATAKANA}])"
            else:
                pattern = rule["pattern"]
            forbidden.append((re.compile(pattern), rule["reason"]))
        required = []
        for term in data.get("term", []):
            if "match" in term:
                required.append(
                    (
                        term["en"],
                        re.compile(term["match"], re.I),
                        tuple(re.compile(p, re.I) for p in term["require"]),
                        term["ja"],
                    )
                )
        names = [
            (name, re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"))
            for name in data.get("names", [])
        ]
        if "he_pattern" in data:
            names.append(("He", re.compile(data["he_pattern"])))
        return cls(tuple(forbidden), tuple(required), tuple(names))


@cache
def load_terms(path: Path = TERMS) -> Terms:
    """The repository's glossary rules."""
    return Terms.from_toml(path.read_text(encoding="utf-8"))


def _without_code_and_maths(text: str) -> str:
    rest = ROLE.sub(lambda m: f" {m['content']} ", text)
    rest = CODE.sub(" ", rest)
    rest = DISPLAY_MATH.sub(" ", rest)
    return INLINE_MATH.sub(" ", rest)


def is_math_block(msgid: str) -> bool:
    r"""Whether an entry is a display-maths block of its own (an amsmath environment).

    >>> is_math_block("\\begin{aligned} a &= b \\end{aligned}"), is_math_block("The $a$.")
    (True, False)
    """
    return msgid.lstrip().startswith("\\begin{")


def term_problems(msgid: str, msgstr: str, terms: Terms) -> list[str]:
    """Where the msgstr departs from the glossary.

    >>> terms = load_terms()
    >>> for problem in term_problems("The gradient", "グラデーション", terms):
    ...     print(problem)
    forbidden 'グラデーション': gradient is 勾配
    'gradient' is 勾配 in the glossary (terms.toml)
    """
    problems = []
    text = _without_code_and_maths(msgstr)
    for pattern, reason in terms.forbidden:
        for found in sorted(set(pattern.findall(text))):
            problems.append(f"forbidden {found!r}: {reason}")
    if is_math_block(msgid):
        return problems
    source, translated = split(msgid).prose, split(msgstr).prose
    for english, match, require, japanese in terms.required:
        if match.search(source) and not any(p.search(translated) for p in require):
            problems.append(f"{english!r} is {japanese} in the glossary (terms.toml)")
    for name, pattern in terms.names:
        if pattern.search(source) and not re.search(
            rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", translated
        ):
            problems.append(f"the name {name!r} is missing (names stay in Latin script)")
    return problems


@dataclass
class Catalogue:
    """One page's catalogue: its name (``lecture/he``), entries, and what is wrong with them."""

    name: str
    total: int
    translated: int
    problems: list[str]

    @property
    def share(self) -> float:
        """The share of entries translated (1 for a catalogue with no entries)."""
        return self.translated / self.total if self.total else 1.0


def catalogue_name(path: Path, locale: Path = LOCALE) -> str:
    """A catalogue's page name, ``lecture/he`` for ``…/LC_MESSAGES/lecture/he.po``."""
    return path.relative_to(locale).with_suffix("").as_posix()


def check_catalogue(name: str, text: str, terms: Terms | None = None) -> Catalogue:
    """Count the translated entries of a .po text and list the problems of the translated ones.

    An entry counts as translated when its msgstr is not empty and it is not fuzzy. Each
    problem names the catalogue, the start of the msgid and what differs.
    """
    import polib

    terms = terms or load_terms()
    entries = [entry for entry in polib.pofile(text) if not entry.obsolete]
    translated, problems = 0, []
    for entry in entries:
        if not entry.msgstr:
            continue
        where = f"{name}.po: msgid {_start(entry.msgid)}"
        if entry.fuzzy:
            problems.append(f"{where}: fuzzy (check the translation, then remove the flag)")
            continue
        translated += 1
        for problem in markup_problems(entry.msgid, entry.msgstr) + term_problems(
            entry.msgid, entry.msgstr, terms
        ):
            problems.append(f"{where}: {problem}")
    return Catalogue(name, len(entries), translated, problems)


def _start(msgid: str, length: int = 50) -> str:
    flat = " ".join(msgid.split())
    return repr(flat if len(flat) <= length else flat[:length] + "…")


def catalogues(locale: Path = LOCALE) -> list[Path]:
    """Every catalogue of the Japanese edition, sorted."""
    return sorted(locale.rglob("*.po"))


def check_all(names: list[str] | None = None, locale: Path = LOCALE) -> list[Catalogue]:
    """Check the catalogues named (``lecture/he``), or all."""
    paths = sorted(catalogues(locale), key=lambda p: catalogue_name(p, locale))
    if names:
        paths = [p for p in paths if catalogue_name(p, locale) in names]
    return [
        check_catalogue(catalogue_name(p, locale), p.read_text(encoding="utf-8")) for p in paths
    ]


def coverage_report(results: list[Catalogue]) -> str:
    """One line per catalogue: translated / total and the share."""
    width = max((len(r.name) for r in results), default=0)
    return "\n".join(
        f"{r.name:<{width}}  {r.translated:4d} / {r.total:4d}  {100 * r.share:5.1f} %"
        for r in results
    )


class _GluedValues(HTMLParser):
    """The text of every ``<span class="pasted-text">`` of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []
        self._depth = 0  # >0 inside a pasted-text span: the number of open spans in it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        if self._depth:
            self._depth += 1
        elif "pasted-text" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.values.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.values[-1] += data


#: Docutils' smart quotes, which Sphinx applies in English and not in Japanese
#: (``smartquotes_excludes``): compared as the plain characters they were made from.
SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."})


def glued_values(html: str) -> list[str]:
    """The glued values a built page shows (``{glue:text}``), in order, smart quotes undone.

    >>> glued_values('<p>a <span class="pasted-text">0.5</span> b <span>c</span></p>')
    ['0.5']
    >>> glued_values('<span class="pasted-text">the input\u2019s</span>')
    ["the input's"]
    """
    parser = _GluedValues()
    parser.feed(html)
    return [value.translate(SMART) for value in parser.values]


#: Latin words a glued value may show on a Japanese page: names, symbols and abbreviations
#: the Japanese text writes in Latin script too.
LATIN_OK = {"tanh", "ReLU", "std", "SP", "ln", "exp", "Glorot", "He", "Xavier", "LeCun", "Kaiming"}


def english_words(value: str) -> list[str]:
    """The English words of a glued value (words of two or more Latin letters, not names).

    >>> english_words("0.0357 (book) against 0.0476 (Glorot)"), english_words("1.99 × 10⁻³")
    (['book', 'against'], [])
    """
    return [w for w in re.findall(r"[A-Za-z]{2,}", value) if w not in LATIN_OK]


def site_pages(site: Path, exclude: Path | None = None) -> list[str]:
    """The HTML pages of a built site, relative to it, without ``_*`` folders or ``exclude``."""
    pages = []
    for path in site.rglob("*.html"):
        if exclude is not None and path.is_relative_to(exclude):
            continue
        relative = path.relative_to(site)
        if not any(part.startswith("_") for part in relative.parts):
            pages.append(relative.as_posix())
    return sorted(pages)


def compare_editions(english: Path, japanese: Path) -> tuple[int, list[str]]:
    """Compare the glued values of every English page with its Japanese page's.

    Returns the number of glued values on the English pages and the problems: an English page
    without its Japanese page, or a page whose values differ in number or whose numbers differ
    as a multiset (with what differs). The words of a glued phrase are the edition's own
    (weightinit.language: "51 % to 69 %" is "51 %〜69 %" in Japanese); its numbers are not.
    """
    problems, compared = [], 0
    for page in site_pages(english, exclude=japanese):
        if not (japanese / page).is_file():
            problems.append(f"{page}: no Japanese page at {japanese / page}")
            continue
        values_en = glued_values((english / page).read_text(encoding="utf-8"))
        values_ja = glued_values((japanese / page).read_text(encoding="utf-8"))
        numbers_en, numbers_ja = glued_numbers(values_en), glued_numbers(values_ja)
        compared += len(values_en)
        if len(values_en) != len(values_ja) or numbers_en != numbers_ja:
            problems.append(
                f"{page}: {len(values_en)} glued values in English, {len(values_ja)} in "
                f"Japanese; only in English: {dict(numbers_en - numbers_ja)}; only in Japanese: "
                f"{dict(numbers_ja - numbers_en)}"
            )
    return compared, problems


def glued_numbers(values: list[str]) -> Counter:
    """The numbers of some glued values, as a multiset (digits, superscripts, signs).

    >>> sorted(glued_numbers(["51 % to 69 %", "2 × 10⁻⁴"]).elements())
    ['10⁻⁴', '2', '51', '69']
    >>> glued_numbers(["0.1 %未満"]) == glued_numbers(["fewer than 0.1 %"])
    True
    """
    pattern = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
    return Counter(n for value in values for n in pattern.findall(value))


def english_in_japanese(japanese: Path) -> list[str]:
    """The Japanese pages' glued values that show English words, one problem per page."""
    problems = []
    for page in site_pages(japanese):
        values = glued_values((japanese / page).read_text(encoding="utf-8"))
        if english := [v for v in values if english_words(v)]:
            problems.append(f"{page}: glued values in English: {english}")
    return problems


#: Elements whose text is not the page's prose: code, maths, outputs, API docstrings (English
#: in every edition: class docstring, docs/_ext/api_docstrings.py), the bibliography.
NOT_PROSE = {
    "highlight",
    "cell_output",
    "math",
    "citation",
    "py",
    "sig",
    "notranslate",
    "docstring",
}
PROSE_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


class _Prose(HTMLParser):
    """The text of each paragraph and heading of a page's article, without code and maths."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.tags: list[str] = []
        self._stack: list[tuple[str, bool, bool]] | None = None  # in the article: tag, skip, block

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self._stack is None:
            if "bd-article" in classes:
                self._stack = [(tag, False, False)]
            return
        skip = bool(classes & NOT_PROSE) or tag in ("code", "pre", "script", "style")
        skip = skip or any(s for _, s, _ in self._stack)
        block = tag in PROSE_TAGS and not skip and not any(b for _, _, b in self._stack)
        if block:
            self.blocks.append("")
            self.tags.append(tag)
        self._stack.append((tag, skip, block))

    def handle_endtag(self, tag: str) -> None:
        if self._stack is None or tag in VOID:
            return
        if tag not in (t for t, _, _ in self._stack):
            return  # a stray end tag
        while self._stack and self._stack.pop()[0] != tag:
            pass
        if not self._stack:
            self._stack = None  # the article ended

    def handle_data(self, data: str) -> None:
        stack = self._stack
        if stack and not stack[-1][1] and any(b for _, _, b in stack):
            self.blocks[-1] += data


@cache
def latin_words(path: Path = TERMS) -> frozenset[str]:
    """The Latin words the Japanese edition writes too: names, and the terms kept in English."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    kept = [term["ja"] for term in data.get("term", []) if not CJK.search(term["ja"])]
    texts = [*data.get("names", []), *kept]
    return frozenset(w for text in texts for w in re.findall(r"[A-Za-z]+", text)) | LATIN_OK


def english_blocks(html: str) -> list[str]:
    """The paragraphs and headings of a page's article that are in English.

    English: no Japanese character and at least three English words, or, in a heading, one
    (not a name), with code, maths, outputs and docstrings left out.

    >>> english_blocks('<article class="bd-article"><h1>勾配消失</h1><p>The gradients of the first'
    ...                ' layers <code>x @ W</code></p><p>PyTorch</p><pre>a b c d</pre></article>')
    ['The gradients of the first layers']
    """
    parser = _Prose()
    parser.feed(html)
    kept = latin_words()
    english = []
    for block, tag in zip(parser.blocks, parser.tags, strict=True):
        text = " ".join(block.split())
        if " " not in text.strip(" #"):
            continue  # one token: a page name, an identifier, a number
        words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in kept]
        if not CJK.search(text) and len(words) >= (3 if tag == "p" else 1):
            english.append(text)
    return english


def untranslated(japanese: Path) -> list[str]:
    """The Japanese pages' English paragraphs and headings, one problem per page."""
    problems = []
    for page in site_pages(japanese):
        if blocks := english_blocks((japanese / page).read_text(encoding="utf-8")):
            shown = "; ".join(repr(b[:60]) for b in blocks[:5])
            problems.append(f"{page}: {len(blocks)} paragraphs or headings in English: {shown}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print the coverage and problems of the catalogues named, or of all; 1 if any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="catalogues to check (lecture/he); all if none")
    args = parser.parse_args(argv)
    results = check_all(args.pages)
    for result in results:
        for problem in result.problems:
            print(problem)
    print(coverage_report(results))
    bad = any(r.problems or r.translated < r.total for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
