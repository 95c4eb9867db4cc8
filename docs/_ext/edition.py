"""The site's two editions, English and Japanese: their UI strings and the links between them.

English is the source; the Japanese edition is the same pages translated through gettext and
built with ``-D language=ja`` (``docs/conf.py``). Two things live here:

- :func:`ui`: the reader-visible strings the site's own extensions write into the pages (the
  reading times, the "Going further" titles, the "Run this page yourself" box, the note under
  a rearranged figure, the execution table's statuses), in the language of the edition. The
  theme's own strings come from its translations; the static scripts pick theirs from
  ``<html lang>``.
- the language switcher (``_templates/language-switcher.html``, in the article header of
  every page) and ``<link rel="alternate" hreflang>`` for every edition, linking the same page
  in the other language. In a local build the editions sit in one tree, English at the root and
  each other language in a folder (:data:`LOCAL_ROOTS`), and the links are relative. On Read the
  Docs each language is a project of its own, served as ``/<language>/<version>/``: the links
  swap the language in the build's canonical URL (``html_baseurl``).
"""

from __future__ import annotations

import dataclasses
import posixpath
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.search.ja import SearchJapanese
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

#: The editions, each with its name as written in its own language.
EDITIONS = {"en": "English", "ja": "日本語"}
#: Where each edition's root is, relative to the English root, in a local build.
LOCAL_ROOTS = {"en": ".", "ja": "ja"}

#: The Japanese of every string the extensions write (English is the key).
JAPANESE = {
    "{main}\u00a0min": "{main}分",
    "{main}\u00a0min + {folded}\u00a0min optional": "{main}分＋省略できる部分{folded}分",
    "{words} words a minute": "1分あたり英語{words}語（英語版の語数から計算）",
    "Going further: ": "さらに詳しく：",
    "Run this page yourself": "このページを自分で実行する",
    "Download this page as a notebook, {notebook}, and the package, {wheel}, into one folder; "
    "there, with {python}, run:": "このページのノートブック{notebook}とパッケージ{wheel}を同じ"
    "フォルダーにダウンロードし、そのフォルダーで{python}を使って次のコマンドを実行してください。",
    "Python {version} or newer": "Python {version}以降",
    "Python {version}": "Python {version}",
    "# or any other Jupyter": "# ほかのJupyterでもかまいません",
    "This page needs the package's {extras} extra, which the first line installs.": "このページ"
    "にはパッケージの{extras}エクストラが必要です（1行目でインストールされます）。",
    "{pages} needs the {extras} extra, which {line} installs.": "{pages}には{extras}エクストラ"
    "が必要です。{line}でインストールできます。",
    "{pages} need the {extras} extra, which {line} installs.": "{pages}には{extras}エクストラ"
    "が必要です。{line}でインストールできます。",
    "{pages} need the {extras} extras, which {line} installs.": "{pages}には{extras}エクストラ"
    "が必要です。{line}でインストールできます。",
    "{pages} needs the {extras} extras, which {line} installs.": "{pages}には{extras}エクストラ"
    "が必要です。{line}でインストールできます。",
    " and ": "、",
    ", ": "、",
    "On a narrow screen the panels are rearranged to fit: where a caption says left, right, "
    "top or bottom, it means the figure as laid out on a wide screen.": "狭い画面ではパネルを"
    "並べ替えて表示しています。キャプションの「左」「右」「上」「下」は、広い画面での配置を指します。",
    "succeeded": "成功",
    "failed": "失敗",
    "Language": "言語",
}
CATALOGUES = {"ja": JAPANESE}


def japanese_persons() -> PersonStyle:
    """Authors in a Japanese citation: "Glorot & Bengio", "Saxe, McClelland & Ganguli", "Heら"."""
    return PersonStyle(sep=", ", sep2=" & ", last_sep=" & ", other="ら")


@dataclasses.dataclass
class JapaneseAuthorYear(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year citations with the authors as the translations write
    them (the Japanese edition's ``bibtex_reference_style``, ``"author_year_ja"``)."""

    person: PersonStyle = dataclasses.field(default_factory=japanese_persons)


def ui(language: str | None, text: str, **values: object) -> str:
    """``text`` in ``language`` (English if there is no translation), formatted with ``values``.

    >>> ui("ja", "{main}\\u00a0min", main=9)
    '9分'
    >>> ui("en", "Going further: ")
    'Going further: '
    """
    translated = CATALOGUES.get(language or "en", {}).get(text, text)
    return translated.format(**values) if values else translated


def edition_of(app: Sphinx) -> str:
    """The language of the edition being built."""
    return app.config.language or "en"


def page_url(pagename: str, source: str, target: str, baseurl: str = "") -> str:
    """The URL of ``pagename`` in the ``target`` edition, from the same page in ``source``.

    Relative in a local build; with a canonical URL that holds the language as a path
    segment (Read the Docs: ``https://…/en/latest/``), the same URL with the language swapped.

    >>> page_url("lecture/xavier", "en", "ja")
    '../ja/lecture/xavier.html'
    >>> page_url("lecture/xavier", "ja", "en")
    '../../lecture/xavier.html'
    >>> page_url("index", "en", "ja", "https://weightinit.readthedocs.io/en/latest/")
    'https://weightinit.readthedocs.io/ja/latest/index.html'
    """
    if baseurl and f"/{source}/" in baseurl:
        prefix, _, rest = baseurl.rpartition(f"/{source}/")
        return f"{prefix}/{target}/{rest}{pagename}.html"
    up = "../" * pagename.count("/")
    between = posixpath.relpath(LOCAL_ROOTS[target], LOCAL_ROOTS[source])
    return posixpath.normpath(f"{up or './'}{between}/{pagename}.html")


def add_edition_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The switcher's link and the ``hreflang`` alternates of the page, in its context."""
    here = edition_of(app)
    baseurl = app.config.html_baseurl
    urls = {
        language: page_url(pagename, here, language, baseurl) if language != here else None
        for language in EDITIONS
    }
    own = f"{baseurl}{pagename}.html" if baseurl else posixpath.basename(f"{pagename}.html")
    context["edition_switch"] = [
        {"language": language, "name": name, "url": urls[language]}
        for language, name in EDITIONS.items()
        if language != here
    ]
    context["edition_label"] = ui(here, "Language")
    links = "".join(
        f'<link rel="alternate" hreflang="{language}" href="{escape(urls[language] or own)}" />\n'
        for language in EDITIONS
    )
    context["metatags"] = context.get("metatags", "") + links


class SearchJapaneseQueries(SearchJapanese):
    """Sphinx's Japanese search, with a query splitter that cuts a query as the index is cut.

    Sphinx splits the index's Japanese text into words (TinySegmenter) but a query only at
    spaces and punctuation, so 勾配消失 typed as one word would find nothing; the splitter
    (``search_splitter_ja.js``) cuts it into the longest words the index holds. The same script
    fills the search summary that Sphinx's Japanese catalogue leaves empty.
    """

    js_splitter_code = (Path(__file__).with_name("search_splitter_ja.js")).read_text("utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page-context handler, the Japanese search's query splitter and the
    Japanese citation style."""
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_ja", JapaneseAuthorYear, force=True
    )
    app.add_search_language(SearchJapaneseQueries)
    app.connect("html-page-context", add_edition_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
