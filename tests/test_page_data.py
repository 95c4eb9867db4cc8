"""One data set, real, in every build: the pages that train all read the shipped MNIST digits.

Every page that trains a network gets its images from
:func:`weightinit.datasets.load_mnist_test_digits` called with no argument, the copy of MNIST's
test set that ships with the package, so the docs build, CI, Read the Docs and a reader's
notebook all run the same cells on the same digits. This test reads every page's code cells
and fails if one calls another loader (or the shipped one with arguments), or looks at which
data set it got (``.name``, ``.source``), which is how a page would branch on it.
"""

from __future__ import annotations

import ast

import pytest
from pages import DOCS, PAGES, code_sources, page_id

import weightinit.datasets as datasets

#: The one loader pages may call, with no argument.
SHIPPED = "load_mnist_test_digits"
#: Every loader a page could call instead: the package's, the ones it once had, scikit-learn's.
LOADERS = {name for name in dir(datasets) if name.startswith("load_")} | {
    "load_training_data",
    "load_digits",
    "fetch_openml",
}
#: What tells one data set from another; a page reading it is branching on the data.
WHICH_DATA = {"name", "source", "note"}
#: The pages that train networks on the digits.
TRAINING_PAGES = {
    "activations",
    "symmetry",
    "depth",
    "gradients",
    "mnist",
    "diagnostics",
    "beyond",
    "theory",
    "transformers",
}


def data_problems(sources: list[str]) -> tuple[list[str], int]:
    """Return what in these cells branches on the data set, and how often the shipped loader is
    called as the pages must call it."""
    problems, shipped = [], 0
    trees = [ast.parse(source) for source in sources]
    data_names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in LOADERS:
                continue
            if name != SHIPPED:
                problems.append(f"line {node.lineno}: calls {name}()")
            elif node.args or node.keywords:
                problems.append(f"line {node.lineno}: calls {SHIPPED}() with arguments")
            else:
                shipped += 1
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in LOADERS:
                    data_names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for tree in trees:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in WHICH_DATA
                and isinstance(node.value, ast.Name)
                and node.value.id in data_names
            ):
                problems.append(f"line {node.lineno}: reads {node.value.id}.{node.attr}")
    return problems, shipped


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_page_branches_on_the_data_set(page):
    problems, _ = data_problems(code_sources(page))
    assert not problems, problems


@pytest.mark.parametrize("stem", sorted(TRAINING_PAGES))
def test_every_training_page_reads_the_shipped_digits(stem):
    page = DOCS / "lecture" / f"{stem}.md"
    cells = code_sources(page)
    problems, shipped = data_problems(cells)
    assert not problems and shipped >= 1, (problems, shipped)
    # and trains on them: the images it passes on come from that data set
    assert any(".x_train" in cell for cell in cells)


def test_no_other_page_trains_on_digits():
    others = [p for p in PAGES if p.parent.name != "lecture" or p.stem not in TRAINING_PAGES]
    assert all(not any("x_train" in cell for cell in code_sources(p)) for p in others)


@pytest.mark.parametrize(
    ("cells", "found"),
    [
        (["data = load_mnist_test_digits()\nx = data.x_train"], []),
        (["from weightinit.datasets import load_mnist\ndata = load_mnist()"], ["load_mnist()"]),
        (["data = wi.datasets.load_training_data()"], ["load_training_data()"]),
        (["data = load_mnist_test_digits('/tmp/elsewhere')"], ["with arguments"]),
        (["data = load_mnist_test_digits(rng=3)"], ["with arguments"]),
        (
            ["data = load_mnist_test_digits()", "if data.name == 'MNIST':\n    steps = 2000"],
            ["reads data.name"],
        ),
        (["d = load_mnist_test_digits()", "print(d.source)"], ["reads d.source"]),
    ],
)
def test_the_checker_finds_what_it_looks_for(cells, found):
    problems, _ = data_problems(cells)
    assert len(problems) == len(found)
    for problem, expected in zip(problems, found, strict=True):
        assert expected in problem
