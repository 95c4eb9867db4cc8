"""Figures, formulas, numbers and small layout details as a reader sees them.

What the page showed is gathered once per view by probe.js (see conftest.py). The figures'
resolution is read from the PNG files of the built site.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))
from figure_width import png_size

MATPLOTLIBRC = Path(__file__).resolve().parents[2] / "weightinit" / "matplotlibrc"
# The smallest text a figure may show, in CSS pixels, on the desktop column and on a phone.
MIN_TEXT_PX = {"desktop": 11.0, "phone": 11.0}
CSS_PX_PER_POINT = 96 / 72


def smallest_font_points() -> float:
    """The smallest font size the pages' matplotlibrc sets for a figure's text, in points."""
    names = ("font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize")
    sizes = {}
    for line in MATPLOTLIBRC.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("#")[0].partition(":")
        if key.strip() in names:
            sizes[key.strip()] = float(value)
    assert set(sizes) == set(names), f"weightinit/matplotlibrc must set {names}"
    return min(sizes.values())


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_figure_text_is_shown_large_enough(visitor, site, page_name, view):
    probe = visitor.visit(page_name, view).probe
    figures = probe["sizedFigures"]  # folded ones too, measured with their fold opened
    # every figure the article shows is one whose drawn size the site knows
    shown = [figure["src"] for figure in figures if not figure["folded"]]
    assert shown == probe["figures"], f"{page_name}: figures without a drawn size"
    points = smallest_font_points()
    for figure in figures:
        # the file the browser shows: on a phone, a figure's phone layout when it has one
        width, _, dpi = png_size(site / figure["shown"])
        assert dpi, f"{figure['shown']} carries no resolution"
        assert figure["naturalWidth"] == width
        # the figure's text, in CSS pixels, as shown: its size in the PNG times the shown scale
        shown = points / 72 * dpi * figure["width"] / width
        assert shown >= MIN_TEXT_PX[view], (
            f"{figure['shown']} on {page_name} ({view}): text shown at {shown:.1f}px"
        )
        if figure["scrolls"]:
            assert figure["scrollable"] and figure["hint"], (
                f"{figure['src']} on {page_name} ({view}) is cut off without a visible cue"
            )


def test_figures_show_whole_on_a_phone(visitor, page_name):
    """At 390 px every figure fits the column: no panel, legend entry or label is off-screen.

    A figure drawn for the desktop column (side-by-side panels) has a phone layout, its panels
    stacked; the browser must show that one, whole, without sideways scrolling.
    """
    cut = []
    for figure in visitor.visit(page_name, "phone").probe["sizedFigures"]:
        if figure["scrolls"]:
            cut.append(f"{figure['src']} scrolls sideways")
        elif figure["beyondWindow"] > 1:
            cut.append(f"{figure['src']} reaches {figure['beyondWindow']:.0f}px past the window")
    assert not cut, f"{page_name} at 390px hides part of a figure:\n" + "\n".join(cut)


def test_figures_are_sharp_and_not_enlarged(visitor, site, page_name):
    for figure in visitor.visit(page_name, "desktop").probe["sizedFigures"]:
        width, _, dpi = png_size(site / Path(page_name).parent / figure["src"])
        assert dpi >= 190, f"{figure['src']}: {dpi:.0f} dpi is blurry on a high-density screen"
        # two image pixels or more per CSS pixel on the desktop column
        assert width / figure["width"] >= 1.9, f"{figure['src']} is shown enlarged"
        # on a wide screen a figure is shown at its drawn size, or shrunk by a little at most
        assert figure["width"] >= 0.95 * width * 96 / dpi, f"{figure['src']} is shrunk"


def test_no_formula_is_cut_off_on_a_phone(visitor, page_name):
    probe = visitor.visit(page_name, "phone").probe
    assert probe["clippedMath"] == [], f"{page_name}: formulas cut off at 390px"
    for formula in probe["scrollingMath"]:
        assert formula["overflowX"] in ("auto", "scroll")
        assert "gradient" in formula["image"], "a scrolling formula shows no shadow at its edge"


@pytest.mark.parametrize("view", ["phone", "desktop"])
def test_display_equations_fit_their_column(visitor, page_name, view):
    # A display equation wider than its column scrolls sideways: on a phone the reader then
    # sees half a formula. Multi-part equations break into lines instead (one part a line),
    # and an equation's number moves under it on a narrow screen rather than over it.
    equations = visitor.visit(page_name, view).probe["displayMath"]
    too_wide = [
        f"{eq['where'] or eq['tex']}: {eq['width']:.0f}px in a {eq['column']}px column"
        for eq in equations
        if eq["width"] > eq["column"] + 1
    ]
    assert too_wide == [], f"{page_name} ({view}): display equations wider than the column"
    covered = [eq["where"] or eq["tex"] for eq in equations if eq["numberOverlaps"]]
    assert covered == [], f"{page_name} ({view}): equation numbers over their formula"


def test_numbers_restart_on_every_page(visitor, page_name):
    numbering = visitor.visit(page_name).probe["numbering"]
    figure, table = ("図", "表") if page_name.startswith("ja/") else ("Figure", "Table")
    for kind, pattern in [
        ("figures", rf"{figure} (\d+)"),
        ("tables", rf"{table} (\d+)"),
        ("equations", r"\((\d+)\)"),
    ]:
        found = [re.fullmatch(pattern, label.strip()) for label in numbering[kind]]
        assert all(found), f"{page_name}: {kind} numbered {numbering[kind]}"
        numbers = [int(match[1]) for match in found]
        assert numbers == list(range(1, len(numbers) + 1)), f"{page_name}: {kind} {numbers}"


def test_contents_sidebar_keeps_its_entries_inside(visitor, page_name):
    overflow = visitor.visit(page_name, "desktop").probe["tocOverflow"]
    assert overflow <= 0.5, f"{page_name}: contents entries reach {overflow:.0f}px past the edge"


def test_index_underlines_clear_the_underscores(visitor, site):
    offset = visitor.visit("genindex.html", "desktop").probe["underlineOffset"]
    assert offset and offset.endswith("px") and float(offset[:-2]) >= 4, offset
