"""The pages call the package's helpers instead of keeping their own copies.

A hidden cell that defines its own ``sci`` or ``arrow`` drifts from the package's (the depth page's
``sci`` and ``spread`` differed from weightinit.notebook's); one that pins the BLAS threads repeats
the docs build's one setting (``docs/conf.py``). Both are read from the cells as myst-nb reads
them, with Python's own parser.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from weightinit import notebook
from weightinit._threads import plan_threads

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if not {"_build", "_intersphinx"} & set(p.parts))
THREAD_VARIABLES = {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}


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


def thread_settings(trees: list[ast.Module]) -> list[str]:
    """What in these cells sets the BLAS threads: threadpoolctl, or a *_NUM_THREADS variable."""
    found = []
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
                found += [name for name in names if name.startswith("threadpoolctl")]
            elif isinstance(node, ast.Constant) and node.value in THREAD_VARIABLES:
                found.append(node.value)
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_defines_a_helper_of_weightinit_notebook(page):
    copies = defined_functions(code_trees(page)) & set(notebook.__all__)
    assert not copies, f"{page.name} defines {sorted(copies)}: import them from weightinit.notebook"


#: The only functions a page may define, each with its reason: a computation on results belongs
#: with the results (a method or a function of the package), a number format in notebook.
PAGE_FUNCTIONS = {
    # a cell the reader sees: how to give the book's network nn.Linear's weights and biases
    "lecture/diagnostics.md": {"pytorch_default"},
    # a standard error of the playground's embedded numbers, for one assert
    "lecture/symmetry.md": {"se"},
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_defines_a_helper_of_its_own(page):
    key = page.relative_to(DOCS).as_posix()
    trees = code_trees(page)
    extra = defined_functions(trees) - PAGE_FUNCTIONS.get(key, set())
    lambdas = sum(isinstance(node, ast.Lambda) for tree in trees for node in ast.walk(tree))
    assert not extra, f"{key} defines {sorted(extra)}: put them on the results or in the package"
    assert not lambdas, f"{key} has {lambdas} lambda(s): put them on the results or in the package"


def test_the_listed_page_functions_are_still_there():
    for key, names in PAGE_FUNCTIONS.items():
        assert names <= defined_functions(code_trees(DOCS / key)), key


def test_the_check_finds_a_definition():
    tree = ast.parse(
        "def sci(value):\n    return str(value)\n\nclass A:\n    def arrow(self):\n        pass\n"
    )
    assert defined_functions([tree]) == {"sci", "arrow"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_sets_the_blas_threads(page):
    found = thread_settings(code_trees(page))
    assert not found, f"{page.name} sets the BLAS threads ({found}); docs/conf.py does, once"


def test_the_build_sets_one_blas_thread_whatever_the_environment(monkeypatch, tmp_path):
    import os

    # conf.py sets variables for the kernels: keep them out of this process's environment
    monkeypatch.setattr(os, "environ", {**os.environ, **dict.fromkeys(THREAD_VARIABLES, "4")})
    monkeypatch.setenv("WEIGHTINIT_DOCS_CACHE", str(tmp_path))
    assert plan_threads(3, cores=64, busy=0.0).blas == 4  # the chooser reads the variables
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    exec(compile((DOCS / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    assert {variable: os.environ[variable] for variable in THREAD_VARIABLES} == dict.fromkeys(
        THREAD_VARIABLES, "1"
    )
    # and the package's one choice of threads honours it, on any machine, quiet or busy
    for cores, busy in ((2, 0.0), (64, 0.0), (2, 30.0)):
        assert plan_threads(3, cores=cores, busy=busy).blas == 1


def test_the_thread_check_finds_what_it_looks_for():
    tree = ast.parse(
        "from threadpoolctl import threadpool_limits\n"
        "import os\nos.environ['OMP_NUM_THREADS'] = '1'\n"
    )
    assert thread_settings([tree]) == ["threadpoolctl", "OMP_NUM_THREADS"]
    assert not thread_settings([ast.parse("import threading\nx = 'OMP'\n")])
