"""The pages key what they draw by the style map's names, so a scheme looks the same everywhere.

A plotting helper takes a series' colour and display label from its key
(:func:`weightinit.style.style_for`). A page that keys a series by its own wording ("Xavier
uniform", "std 0.01 (the book's baseline)") would draw it in a colour of the cycle and under a
name of its own; so every string key of a dictionary in a page's code cells that names a scheme
or an activation must be one of the style map's keys.
"""

import ast
import re
from pathlib import Path

import pytest

from weightinit.style import STYLES, style_for

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)
# Words that name a scheme or an activation in free text.
NAMES = re.compile(r"\b(xavier|glorot|he|kaiming|lecun|std|sigmoid|tanh|relu)\b", re.I)
KEYS = set(STYLES)


def code_cells(page: Path) -> list[str]:
    cells = []
    for cell in CELL.findall(page.read_text(encoding="utf-8")):
        if cell.startswith("---\n"):  # YAML metadata block
            cell = cell.split("\n---\n", 1)[1]
        lines = [line for line in cell.splitlines() if not line.startswith(":")]
        cells.append("\n".join(lines))
    return cells


def dict_keys(source: str) -> list[str]:
    keys = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys += [k.value for k in node.keys if isinstance(k, ast.Constant)]
    return [key for key in keys if isinstance(key, str)]


def test_the_pages_have_code_cells():
    assert sum(len(code_cells(page)) for page in PAGES) > 20


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_dictionary_keys_that_name_a_scheme_are_style_keys(page):
    for cell in code_cells(page):
        for key in dict_keys(cell):
            if style_for(key) is not None or NAMES.search(key):
                assert key in KEYS, f"{page.name}: key {key!r} is not a key of the style map"


def test_the_check_catches_a_page_of_its_own_wording():
    cell = 'weights = {"Xavier uniform (Glorot & Bengio)": w, "std 0.01": v, "he": u}'
    offending = [k for k in dict_keys(cell) if (style_for(k) or NAMES.search(k)) and k not in KEYS]
    assert offending == ["Xavier uniform (Glorot & Bengio)", "std 0.01"]
