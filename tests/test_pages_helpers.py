"""The pages call the package's helpers instead of keeping their own copies.

A hidden cell that defines its own ``sci`` or ``arrow`` drifts from the package's (the depth page's
``sci`` and ``spread`` differed from weightinit.notebook's). The definitions are read from the
cells as myst-nb reads them, with Python's own parser.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from weightinit import notebook

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def code_trees(path: Path) -> list[ast.Module]:
    """The syntax trees of a MyST page's code cells, as myst-nb reads them."""
    from myst_nb.core.read import read_myst_markdown_notebook

    cells = read_myst_markdown_notebook(path.read_text(encoding="utf-8")).cells
    return [ast.parse(cell.source) for cell in cells if cell.cell_type == "code"]


def defined_functions(trees: list[ast.Module]) -> set[str]:
    return {
        node.name
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_defines_a_helper_of_weightinit_notebook(page):
    copies = defined_functions(code_trees(page)) & set(notebook.__all__)
    assert not copies, f"{page.name} defines {sorted(copies)}: import them from weightinit.notebook"


def test_the_check_finds_a_definition():
    tree = ast.parse(
        "def sci(value):\n    return str(value)\n\nclass A:\n    def arrow(self):\n        pass\n"
    )
    assert defined_functions([tree]) == {"sci", "arrow"}
