"""The two editions of the built site show the same numbers.

Every glued value (``{glue:text}``, written as ``<span class="pasted-text">``) on an English page
appears identically on its Japanese page: the same values, as many times (a Japanese sentence may
put them in another order). Both come from the page's one notebook, so a difference means a
translation dropped, added or changed a glue role, or the editions were built from different code.

The English site is ``docs/_build/html`` (or ``WEIGHTINIT_SITE``), the Japanese one
``<site>/ja`` (or ``WEIGHTINIT_SITE_JA``). Without both the test is skipped, and fails on CI.
It needs no browser: it reads the HTML files (scripts/check_translations.compare_editions, whose
own tests are in tests/test_translations.py).
"""

from __future__ import annotations

import importlib
import sys

from .harness import ROOT, SITE, SITE_JA, unavailable


def test_every_glued_number_is_the_same_in_both_editions():
    if not (SITE / "index.html").is_file():
        unavailable(f"no English site at {SITE} (run `make html`, or set WEIGHTINIT_SITE)")
    if not (SITE_JA / "index.html").is_file():
        unavailable(
            f"no Japanese site at {SITE_JA} (build it with -D language=ja, "
            "or set WEIGHTINIT_SITE_JA)"
        )
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        check = importlib.import_module("check_translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    compared, problems = check.compare_editions(SITE, SITE_JA)
    assert compared > 0, f"the English site at {SITE} shows no glued value at all"
    assert not problems, f"{len(problems)} pages differ:\n" + "\n".join(problems)


def test_no_glued_value_on_a_japanese_page_is_english():
    """A glued phrase ("12 of the 14", "at least a factor of 2") would show English words in the
    Japanese text: glue the numbers, and let each edition's sentence say the rest."""
    if not (SITE_JA / "index.html").is_file():
        unavailable(f"no Japanese site at {SITE_JA} (set WEIGHTINIT_SITE_JA)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        check = importlib.import_module("check_translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    problems = check.english_in_japanese(SITE_JA)
    assert not problems, "\n".join(problems)


def test_every_japanese_page_is_in_japanese():
    """No paragraph or heading of a Japanese page is English: none is missing from its catalogue
    (an English page changed without `make update-po`) or left untranslated. The API docstrings,
    code, maths, outputs and the bibliography stay as they are."""
    if not (SITE_JA / "index.html").is_file():
        unavailable(f"no Japanese site at {SITE_JA} (set WEIGHTINIT_SITE_JA)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        check = importlib.import_module("check_translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    problems = check.untranslated(SITE_JA)
    assert not problems, "\n".join(problems)
