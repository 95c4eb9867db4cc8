"""Tests of the Japanese edition's catalogues (docs/locale/ja/LC_MESSAGES/**/*.po).

The checks live in scripts/check_translations.py, which translators run on their pages; here they
run over every catalogue (coverage, markup, terminology), and on small constructed catalogues
that break one rule each, so that the checks themselves are tested.
"""

from __future__ import annotations

import doctest
import importlib
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def check():
    """The module scripts/check_translations.py."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        yield importlib.import_module("check_translations")
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def results(check):
    """Every catalogue of the edition, checked."""
    return check.check_all()


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: ja\\n"\n\n'


def po(*entries: tuple[str, str], fuzzy: bool = False) -> str:
    """A .po text with the (msgid, msgstr) entries given."""
    text = HEADER
    for msgid, msgstr in entries:
        flag = "#, fuzzy\n" if fuzzy else ""
        text += f"{flag}msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n\n"
    return text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- the edition's catalogues ------------------------------------------------------------------


def test_every_page_has_a_catalogue(check):
    """Each English page (docs/**/*.md) has its Japanese catalogue, and no catalogue is stale."""
    pages = {
        path.relative_to(DOCS).with_suffix("").as_posix()
        for path in DOCS.rglob("*.md")
        if not any(
            part.startswith("_") or part == "snippets" for part in path.relative_to(DOCS).parts
        )
    }
    names = {check.catalogue_name(path) for path in check.catalogues()}
    assert not pages - names, f"pages without a catalogue (run make update-po): {pages - names}"
    assert not names - pages, f"catalogues without a page: {names - pages}"


def test_every_catalogue_is_fully_translated(check, results):
    """Every entry of every catalogue has a msgstr and none is fuzzy: 100 % per page."""
    incomplete = [r for r in results if r.translated < r.total]
    report = check.coverage_report(incomplete)
    total = sum(r.total for r in results)
    done = sum(r.translated for r in results)
    if incomplete:
        pytest.fail(
            f"{len(incomplete)} of {len(results)} catalogues are not fully translated "
            f"({done} of {total} entries overall); translated / entries per page:\n{report}",
            pytrace=False,
        )


def test_translations_keep_the_markup_and_the_glossary(results):
    """Roles, maths, links, code, numbers and the glossary's terms survive in every msgstr."""
    problems = [problem for r in results for problem in r.problems]
    if problems:
        pytest.fail(f"{len(problems)} problems:\n" + "\n".join(problems), pytrace=False)


def test_the_glossary_file_is_well_formed(check):
    """terms.toml parses, each checked term has its rendering among what it requires, and each
    rendering is free of the forbidden ones."""
    data = tomllib.loads(check.TERMS.read_text(encoding="utf-8"))
    terms = check.load_terms()
    assert len(terms.required) >= 20 and len(terms.forbidden) >= 10
    for term in data["term"]:
        assert term["en"] and term["ja"], term
        if "match" in term:
            assert "require" in term, term["en"]
            first = term["ja"].split(" (")[0]
            assert any(re.search(p, first, re.I) for p in term["require"]), (
                f"{term['en']}: its rendering {first!r} does not satisfy its own rule"
            )
        assert not check.term_problems("", term["ja"], terms), term["ja"]


def test_the_script_examples(check):
    """The examples in the docstrings of scripts/check_translations.py hold."""
    failures, tried = doctest.testmod(check, optionflags=doctest.ELLIPSIS)
    assert tried >= 5 and failures == 0


# --- the checks on constructed catalogues: each breakage is caught ------------------------------


def test_coverage_counts_untranslated_and_fuzzy_entries(check):
    text = po(("One.", "一。"), ("Two.", ""), ("Three {glue:text}`x`.", "三{glue:text}`x`。"))
    result = check.check_catalogue("lecture/page", text)
    assert (result.translated, result.total) == (2, 3)
    assert result.problems == []
    fuzzy = check.check_catalogue("lecture/page", po(("One.", "一。"), fuzzy=True))
    assert (fuzzy.translated, fuzzy.total) == (0, 1)
    assert fuzzy.problems == [
        "lecture/page.po: msgid 'One.': fuzzy (check the translation, then remove the flag)"
    ]
    report = check.coverage_report([result, fuzzy])
    assert "lecture/page     2 /    3   66.7 %" in report
    assert "lecture/page     0 /    1    0.0 %" in report


def test_a_dropped_glue_role_is_caught(check):
    msgid = "The spread falls to {glue:text}`he_last` after {glue:text}`he_depth` layers."
    good = "ばらつきは{glue:text}`he_depth`層のあとで{glue:text}`he_last`まで下がります。"
    dropped = "ばらつきは{glue:text}`he_depth`層のあとで0.5まで下がります。"
    renamed = "ばらつきは{glue:text}`he_depth`層のあとで{glue:text}`he_lst`まで下がります。"
    assert check.check_catalogue("lecture/he", po((msgid, good))).problems == []
    [problem] = check.check_catalogue("lecture/he", po((msgid, dropped))).problems
    assert problem == (
        "lecture/he.po: msgid 'The spread falls to {glue:text}`he_last` after {gl…': "
        "roles differ: missing {glue:text}`he_last`"
    )
    [problem] = check.check_catalogue("lecture/he", po((msgid, renamed))).problems
    assert problem.endswith(
        "roles differ: missing {glue:text}`he_last`; not in the English {glue:text}`he_lst`"
    )


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        ("See {eq}`he-var`.", "式を参照してください。", "roles differ: missing {eq}`he-var`"),
        (
            "As {numref}`fig-he` shows",
            "{numref}`fig-xavier`が示すように",
            "roles differ: missing {numref}`fig-he`; not in the English {numref}`fig-xavier`",
        ),
        ("See {doc}`xavier`.", "{doc}`he`を参照。", "missing {doc}`xavier`"),
        ("In {cite:t}`he2015`", "{cite:p}`he2015`では", "missing {cite:t}`he2015`"),
        ("The $n$ inputs", "$m$個の入力", "maths differ: missing 'n'; not in the English 'm'"),
        ("$$a = b$$", "$$a=b$$", "maths differ"),
        ("Call `fan_in(W)`.", "`fan_in`を呼びます。", "inline code differ: missing 'fan_in(W)'"),
        (
            "Read [the book](https://x.org/a).",
            "[本](https://x.org/b)を読む。",
            "link targets differ",
        ),
        ("With 50 layers and 0.01", "50層と0.1で", "numbers missing: 0.01"),
        ("All 10,000 digits", "10000個の数字すべて", None),
        (
            "The {term}`hidden layers <hidden layer>`",
            "{term}`隠れ層 <hidden layers>`",
            "missing {term}`hidden layer`; not in the English {term}`hidden layers`",
        ),
        ("The {term}`fan-in`", "{term}`fan-in`", None),
        ("The {term}`vanishing gradient`", "{term}`勾配消失 <vanishing gradient>`", None),
        ("See {doc}`the He page <he>`", "{doc}`Heのページ <he>`を参照", None),
    ],
)
def test_markup_differences_are_caught(check, msgid, msgstr, message):
    problems = check.markup_problems(msgid, msgstr)
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0], problems


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        # a wrong term
        (
            "The gradient shrinks.",
            "グラデーションが縮みます。",
            "forbidden 'グラデーション': gradient is 勾配",
        ),
        ("Vanishing gradients", "勾配の減衰", "'vanishing gradient' is 勾配消失"),
        ("the standard deviation", "標準のずれ", "'standard deviation' is 標準偏差"),
        (
            "Batch normalization fixes it.",
            "バッチ正規化が直します。",
            "the book writes Batch Normalization",
        ),
        ("The fan-in", "ファンイン", "fan-in and fan-out stay in English"),
        ("The {term}`fan-in`", "{term}`ファンイン <fan-in>`", "fan-in and fan-out stay in English"),
        ("The gain", "ゲイン", "gain stays in English"),
        ("50 layers", "５０層", "ASCII digits"),
        # a katakana name
        ("Glorot and Bengio", "グロローとベンジオ", "personal names are written in Latin script"),
        ("He et al. (2015)", "ヒーら（2015）", "personal names are written in Latin script"),
        ("He initialization", "ヒーの初期値", "personal names are written in Latin script"),
        ("Saxe et al.", "サックスら", "personal names are written in Latin script"),
        ("Glorot and Bengio", "グロローとBengio", "the name 'Glorot' is missing"),
        ("He et al. (2015)", "カイミングら（2015）", "the name 'He' is missing"),
        ("In PyTorch", "パイトーチでは", "software names"),
    ],
)
def test_terminology_breakages_are_caught(check, msgid, msgstr, message):
    problems = check.term_problems(msgid, msgstr, check.load_terms())
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("The gradient shrinks.", "勾配が小さくなります。"),
        ("Vanishing gradients", "勾配消失"),
        ("He et al. (2015) and Glorot and Bengio", "He et al.（2015）とGlorotとBengio"),
        ("He initialization", "Heの初期値"),
        ("Xavier initialization", "Xavierの初期値"),
        ("He said so.", "そう書いてあります。"),  # the pronoun, not the person
        ("Kaiming He", "Kaiming He（何恺明）"),
        ("a coffee", "コーヒー"),  # ヒー inside a longer katakana word
        ("layer-sequential unit-variance (LSUV)", "layer-sequential unit-variance（LSUV）"),
        ("The {term}`fan-in`", "{term}`fan-in`"),
        ("Batch Normalization", "Batch Normalization"),
        ("`standard deviation` in code", "コードの`standard deviation`"),
        ("$\\text{gradient}$", "$\\text{gradient}$"),
    ],
)
def test_good_translations_pass_the_terminology_check(check, msgid, msgstr):
    assert check.term_problems(msgid, msgstr, check.load_terms()) == []


def test_math_blocks_are_left_to_the_translator(check):
    block = "\\begin{aligned}\n&\\text{standard deviation } \\sqrt{2/n}\n\\end{aligned}"
    assert check.markup_problems(block, block) == []
    assert check.term_problems(block, block, check.load_terms()) == []


def test_glued_values_are_read_from_the_html(check):
    html = (
        '<p>x <span class="pasted-text">0.494</span>, '
        '<span class="pasted-text"><span>9 × 10</span>¹⁴</span> <span>not</span></p>'
    )
    assert check.glued_values(html) == ["0.494", "9 × 10¹⁴"]


def test_the_editions_comparison_catches_a_changed_dropped_or_missing_value(check, tmp_path):
    english, japanese = tmp_path / "html", tmp_path / "html" / "ja"
    (english / "lecture").mkdir(parents=True)
    (japanese / "lecture").mkdir(parents=True)
    (english / "_static").mkdir()
    span = '<span class="pasted-text">{}</span>'.format
    (english / "index.html").write_text(f"<p>{span('0.5')} and {span('50')}</p>")
    (english / "_static" / "x.html").write_text(span("9"))  # not a page
    (english / "lecture" / "he.html").write_text(f"{span('0.494')}, {span('0.494')}")
    (japanese / "index.html").write_text(f"<p>{span('50')}と{span('0.5')}</p>")  # reordered
    (japanese / "lecture" / "he.html").write_text(f"{span('0.494')}、{span('0.494')}")
    assert check.compare_editions(english, japanese) == (4, [])

    (japanese / "lecture" / "he.html").write_text(f"{span('0.494')}、0.494")  # a dropped glue
    _, [problem] = check.compare_editions(english, japanese)
    assert problem == (
        "lecture/he.html: 2 glued values in English, 1 in Japanese; "
        "only in English: {'0.494': 1}; only in Japanese: {}"
    )
    (japanese / "index.html").write_text(f"<p>{span('50')}と{span('0.50')}</p>")  # changed
    assert any(
        "only in Japanese: {'0.50': 1}" in p for p in check.compare_editions(english, japanese)[1]
    )
    (japanese / "lecture" / "he.html").write_text(f"{span('0.494')}、{span('0.494')}")
    (english / "index.html").write_text(f"<p>{span('0.5')} and {span('50 to 60')}</p>")
    (japanese / "index.html").write_text(f"<p>{span('50〜60')}と{span('0.5')}</p>")
    assert check.compare_editions(english, japanese) == (4, [])  # the words are the edition's
    (japanese / "index.html").write_text(f"<p>{span('50〜61')}と{span('0.5')}</p>")
    problems = check.compare_editions(english, japanese)[1]
    assert any("only in English: {'60': 1}; only in Japanese: {'61': 1}" in p for p in problems)
    (japanese / "index.html").unlink()
    assert any(
        p.startswith("index.html: no Japanese page")
        for p in check.compare_editions(english, japanese)[1]
    )


# --- the bilingual glossary: a small Sphinx project with the site's conventions -----------------


def test_a_translated_glossary_keeps_the_english_keys_and_sorts_by_reading(tmp_path):
    """Translated pages reach glossary terms by their English names, with -W -n; the Japanese
    glossary shows 日本語（English） and is in the order of the readings its msgstrs give."""
    from sphinx.cmd.build import build_main

    (tmp_path / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "extensions = ['myst_parser', 'glossary_order']\n"
        "myst_enable_extensions = ['colon_fence']\n"
        "locale_dirs = ['locale']\ngettext_compact = False\nnitpicky = True\n"
    )
    (tmp_path / "index.md").write_text("# Index\n\n```{toctree}\nglossary\npage\n```\n")
    (tmp_path / "glossary.md").write_text(
        "# Glossary\n\n:::{glossary}\n:sorted:\n\nvanishing gradient\n  Shrinking gradients.\n\n"
        "hidden layer\n  A layer.\n\nfan-in\n  The inputs.\n\nnode\n  A unit.\n:::\n"
    )
    (tmp_path / "page.md").write_text(
        "# Page\n\nThe {term}`vanishing gradient` in {term}`hidden layers <hidden layer>`.\n"
    )
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    (tmp_path / "locale" / "ja" / "LC_MESSAGES" / "glossary.po").write_text(
        header
        + 'msgid "vanishing gradient"\n'
        + 'msgstr "勾配消失（vanishing gradient） : こうばいしょうしつ"\n\n'
        + 'msgid "hidden layer"\nmsgstr "隠れ層（hidden layer） : かくれそう"\n\n'
        + 'msgid "node"\nmsgstr "ノード（node）"\n\n'
        + 'msgid "Shrinking gradients."\nmsgstr "小さくなる勾配。"\n'
    )
    (tmp_path / "locale" / "ja" / "LC_MESSAGES" / "page.po").write_text(
        header
        + 'msgid "The {term}`vanishing gradient` in {term}`hidden layers <hidden layer>`."\n'
        + 'msgstr "{term}`隠れ層 <hidden layer>`の{term}`勾配消失 <vanishing gradient>`。"\n'
    )
    out = tmp_path / "_build"
    args = ["-q", "-W", "-n", "-b", "html", "-D", "language=ja", str(tmp_path), str(out)]
    assert build_main(args) == 0
    page = (out / "page.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-hidden-layer"' in page
    assert 'href="glossary.html#term-vanishing-gradient"' in page
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="term-([^"]+)">([^<]*)', glossary)
    # fan-in (Latin) first, then かくれそう, こうばいしょうしつ, ノード (のーど)
    assert terms == [
        ("fan-in", "fan-in"),
        ("hidden-layer", "隠れ層（hidden layer）"),
        ("vanishing-gradient", "勾配消失（vanishing gradient）"),
        ("node", "ノード（node）"),
    ]


def test_english_glued_phrases_on_japanese_pages_are_caught(check, tmp_path):
    span = '<span class="pasted-text">{}</span>'.format
    (tmp_path / "index.html").write_text(f"{span('1.99 × 10⁻³')}、{span('tanh')}、{span('12 %')}")
    (tmp_path / "theory.html").write_text(f"{span('12 of the 14')}、{span('0.5')}")
    assert check.english_in_japanese(tmp_path) == [
        "theory.html: glued values in English: ['12 of the 14']"
    ]


def test_the_editions_comparison_ignores_smart_quotes(check, tmp_path):
    """Sphinx makes quotes curly in English and not in Japanese: the same glued value."""
    english, japanese = tmp_path / "html", tmp_path / "html" / "ja"
    japanese.mkdir(parents=True)
    (english / "index.html").write_text('<span class="pasted-text">the input\u2019s 0.5</span>')
    (japanese / "index.html").write_text('<span class="pasted-text">the input\'s 0.5</span>')
    assert check.compare_editions(english, japanese) == (1, [])


def test_english_paragraphs_on_japanese_pages_are_caught(check, tmp_path):
    article = '<html><body><div>Menu of the site here</div><article class="bd-article">{}</article>'
    (tmp_path / "index.html").write_text(
        article.format(
            "<h1>勾配消失</h1><p>層ごとに<code>x @ W</code>を計算します。</p>"
            '<div class="cell_output"><p>an output of the cell here</p></div>'
            '<p class="docstring">Return the recommended gain for a nonlinearity.</p>'
            '<div class="citation"><p>Glorot and Bengio, Understanding the difficulty</p></div>'
            '<p><span class="math">\\(a + b = c\\)</span> PyTorch</p>'
        )
    )
    (tmp_path / "he.html").write_text(
        article.format("<h1>He initialization</h1><p>The ReLU sets every negative value to 0.</p>")
    )
    assert check.untranslated(tmp_path) == [
        "he.html: 2 paragraphs or headings in English: 'He initialization'; "
        "'The ReLU sets every negative value to 0.'"
    ]
