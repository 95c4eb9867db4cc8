"""The MNIST page as online readers get it: executed on real MNIST digits.

Offline builds (every CI machine) run the page on scikit-learn's 8 × 8 digits. This test runs
the page's MNIST branch instead, on MNIST's 10,000 test digits (hash-checked, split for
training and testing by :func:`weightinit.datasets.load_mnist_test_digits`), from the directory
named by ``WEIGHTINIT_MNIST_DIR``. Without that variable it skips, except under CI, where a
skip would hide the branch readers see, so it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "lecture" / "mnist.md"
VARIABLE = "WEIGHTINIT_MNIST_DIR"


def _mnist_dir() -> Path:
    value = os.environ.get(VARIABLE)
    if not value:
        reason = (
            f"{VARIABLE} is not set: point it at a directory with MNIST's "
            "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz to run the MNIST page on "
            "real digits"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the MNIST page on real digits, but {reason}")
        pytest.skip(reason)
    return Path(value)


def _notebook(data_dir: Path) -> nbformat.NotebookNode:
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(PAGE.read_text(encoding="utf-8"))
    setup = (
        "import weightinit.datasets as _datasets\n"
        f"_mnist = _datasets.load_mnist_test_digits({str(data_dir)!r})\n"
        "_datasets.load_training_data = lambda **options: _mnist\n"
    )
    notebook.cells.insert(0, nbformat.v4.new_code_cell(setup))
    return notebook


def _glued(notebook: nbformat.NotebookNode) -> dict[str, str]:
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            for mime, value in output.get("data", {}).items():
                if name and mime.endswith("text/plain"):  # glue prefixes the mime type
                    values[name] = value
    return values


def test_mnist_page_runs_on_real_mnist(tmp_path):
    data_dir = _mnist_dir()
    from nbclient import NotebookClient

    notebook = _notebook(data_dir)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()  # raises if any cell fails, including every assertion of the page
    stderr = [
        output["text"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]
    assert not stderr, stderr  # no RuntimeWarning or other noise, as in the docs build
    glued = _glued(notebook)
    assert glued["mnist_data_title"] == "'MNIST'"
    assert "built with MNIST" in glued["mnist_data_sentence"]
    assert glued["mnist_iterations"] == "'2,000'"
