"""Tests of docs/_ext/edition.py (the editions' links and UI strings) and conf.py's editions."""

import importlib
import posixpath
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def edition():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        yield importlib.import_module("edition")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


PAGES = ["index", "quick-tour", "lecture/xavier", "api/experiments/stacks", "genindex"]


@pytest.mark.parametrize("page", PAGES)
def test_local_links_lead_to_the_same_page_both_ways(edition, page):
    # resolve each link against the page's own folder in a tree where ja/ sits in the root
    roots = {"en": "", "ja": "ja/"}
    for source, target in (("en", "ja"), ("ja", "en")):
        url = edition.page_url(page, source, target)
        assert not url.startswith("/") and "://" not in url
        here = posixpath.dirname(roots[source] + page)
        assert posixpath.normpath(posixpath.join(here, url)) == f"{roots[target]}{page}.html"


def test_read_the_docs_links_swap_the_language_of_the_canonical_url(edition):
    base = "https://weightinit.readthedocs.io/en/latest/"
    assert edition.page_url("lecture/he", "en", "ja", base) == (
        "https://weightinit.readthedocs.io/ja/latest/lecture/he.html"
    )
    back = "https://weightinit.readthedocs.io/ja/v0.1/"
    assert edition.page_url("lecture/he", "ja", "en", back) == (
        "https://weightinit.readthedocs.io/en/v0.1/lecture/he.html"
    )


def test_every_ui_string_has_its_japanese_with_the_same_placeholders(edition):
    import re

    for english, japanese in edition.JAPANESE.items():
        assert japanese != english or re.fullmatch(r"[\W\d{}a-zA-Z ]*", english), english
        assert sorted(re.findall(r"\{\w+\}", japanese)) == sorted(re.findall(r"\{\w+\}", english))
    assert edition.ui("ja", "{main}\u00a0min + {folded}\u00a0min optional", main=9, folded=4) == (
        "9分＋省略できる部分4分"
    )
    assert edition.ui("en", "succeeded") == "succeeded"
    assert edition.ui("fr", "succeeded") == "succeeded"  # no catalogue: English


def _conf():
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    exec(compile((DOCS / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    return namespace


def test_the_japanese_edition_gets_its_settings_after_the_command_line(monkeypatch):
    import os

    # conf.py sets variables for the kernels: keep them out of this process's environment
    monkeypatch.setattr(os, "environ", dict(os.environ))
    conf = _conf()
    config = SimpleNamespace(language="ja", nb_execution_cache_path=conf["nb_execution_cache_path"])
    conf["apply_edition"](None, config)
    assert config.numfig_format == {"figure": "図 %s", "table": "表 %s", "code-block": "リスト %s"}
    assert config.html_search_language == "ja"
    # its own execution cache: the code cells are the same, the figures' labels are not
    assert config.nb_execution_cache_path == conf["nb_execution_cache_path"] + "-ja"
    assert os.environ["WEIGHTINIT_LANGUAGE"] == "ja"
    english = SimpleNamespace(language="en", nb_execution_cache_path="x")
    conf["apply_edition"](None, english)
    assert english.nb_execution_cache_path == "x" and os.environ["WEIGHTINIT_LANGUAGE"] == "en"
    with pytest.raises(ValueError, match="language"):
        conf["apply_edition"](None, SimpleNamespace(language="fr", nb_execution_cache_path="x"))
