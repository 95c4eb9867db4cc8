"""Every lecture page opens with "In one minute" and states its central result in a "Key idea".

A reader coming from the slides gets the page's point before its details; the boxes use one
class each on every page, so they look the same everywhere (docs/_static/lecture-boxes.css).
"""

import re

import pytest
from pages import DOCS, reader

PAGES = sorted((DOCS / "lecture").glob("*.md"))
#: Pages without a single central result: the list of notes on the slides.
NO_KEY_IDEA = {"errata.md"}

SECTION = re.compile(r"^## ", re.M)


def _boxes(text):
    """(title, class, opening) of a page's admonitions, as the site reads them; opening: before
    the page's first section."""
    boxes, in_sections = [], False
    for cell in reader.read_cells(text):
        if cell.kind != "markdown":
            continue
        for part in reader.split_prose(cell.source):
            if isinstance(part, str):
                in_sections = in_sections or bool(SECTION.search(part))
            elif part.name == "admonition":
                cls = str(part.options.get("class", ""))
                boxes.append((part.argument, cls, not in_sections))
    return boxes


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_in_one_minute_opens_the_page(page):
    text = page.read_text(encoding="utf-8")
    boxes = _boxes(text)
    minute = [box for box in boxes if box[0] == "In one minute"]
    assert len(minute) == 1, "one 'In one minute' box per lecture page"
    assert minute[0][1] == "in-one-minute"
    assert minute[0][2], "'In one minute' comes before the first section"


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.name not in NO_KEY_IDEA], ids=lambda p: p.stem
)
def test_a_key_idea_follows_the_central_result(page):
    boxes = _boxes(page.read_text(encoding="utf-8"))
    keys = [box for box in boxes if box[0] == "Key idea"]
    assert len(keys) >= 1
    assert all(cls == "key-idea" for _, cls, _ in keys), "one class for every Key idea box"


def test_the_box_classes_are_used_for_nothing_else():
    for page in PAGES:
        for title, cls, _ in _boxes(page.read_text(encoding="utf-8")):
            if "key-idea" in cls or "in-one-minute" in cls:
                assert title in ("Key idea", "In one minute"), (page.name, title)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_one_opening_box(page):
    # "In one minute" is the page's only box before its first section: a second summary
    # ("What you will learn") repeated the first and took a phone screen of its own.
    text = page.read_text(encoding="utf-8")
    opening = [title for title, _, first in _boxes(text) if first]
    assert opening == ["In one minute"], opening
    assert "What you will learn" not in text


def test_boxes_are_read_with_their_class_and_place():
    text = (
        "# T\n\n:::{admonition} In one minute\n:class: in-one-minute\nx\n:::\n\n## S\n\n"
        ":::{admonition} Key idea\n:class: key-idea\ny\n:::\n"
    )
    assert _boxes(text) == [
        ("In one minute", "in-one-minute", True),
        ("Key idea", "key-idea", False),
    ]
