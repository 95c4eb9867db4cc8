"""The pages key what they draw by the style map's names, so a scheme looks the same everywhere.

A plotting helper takes a series' colour and display label from its key
(:func:`weightinit.style.style_for`). A page that keys a series by its own wording ("Xavier
uniform", "std 0.01 (the book's baseline)") would draw it in a colour of the cycle and under a
name of its own; so every string key of a dictionary in a page's code cells that names a scheme
or an activation must be one of the style map's keys.
"""

import ast
import re

import pytest
from pages import PAGES, code_sources, page_id

from weightinit.style import ACTIVATION_STYLES, SCHEME_STYLES, style_for

# Words that name a scheme or an activation in free text.
NAMES = re.compile(r"\b(xavier|glorot|he|kaiming|lecun|std|sigmoid|tanh|relu)\b", re.I)
KEYS = {*SCHEME_STYLES, *ACTIVATION_STYLES}


def dict_keys(source: str) -> list[str]:
    keys = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys += [k.value for k in node.keys if isinstance(k, ast.Constant)]
    return [key for key in keys if isinstance(key, str)]


def own_wording(source: str) -> list[str]:
    """The dictionary keys of ``source`` that name a scheme or an activation in words of their
    own, not by a key of the style map."""
    return [
        key
        for key in dict_keys(source)
        if (style_for(key) is not None or NAMES.search(key)) and key not in KEYS
    ]


def test_the_pages_have_code_cells():
    assert sum(len(code_sources(page)) for page in PAGES) > 20


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_dictionary_keys_that_name_a_scheme_are_style_keys(page):
    for cell in code_sources(page):
        assert own_wording(cell) == [], f"{page.name}: keys that are not keys of the style map"


def test_the_check_catches_a_page_of_its_own_wording():
    cell = 'weights = {"Xavier uniform (Glorot & Bengio)": w, "std 0.01": v, "he": u, 3: x}'
    assert own_wording(cell) == ["Xavier uniform (Glorot & Bengio)", "std 0.01"]
    assert own_wording('styles = {"he": 1, "relu": 2, "depth": 3}') == []
