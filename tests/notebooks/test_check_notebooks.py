"""The pieces of `make notebooks` (scripts/check_notebooks.py) that need no network."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_notebooks.py"
WHEEL = "weightinit-0.1.0-py3-none-any.whl"


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_notebooks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def download_ext():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        import notebook_download

        yield notebook_download
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))


def box_html(page: str, extras=(), lines=None) -> str:
    """A box as the built site shows it (sphinx-book-theme, highlighted shell code)."""
    depth = "../" * page.count("/")
    install = f'pip install "{WHEEL}[{",".join(extras)}]"' if extras else f"pip install {WHEEL}"
    lines = lines or [install, "pip install jupyterlab  # or any other Jupyter", "jupyter lab x"]
    code = "\n".join(
        line.replace(" ", '<span class="w"> </span>').replace('"', "&quot;") for line in lines
    )
    name = page.rsplit("/", 1)[-1]
    return (
        '<div class="run-this-page admonition"><p class="admonition-title">Run this page '
        f'yourself</p><p>Download <a class="reference download" href="{depth}_sources/'
        f'{page}.ipynb" download>{name}.ipynb</a> and <a class="reference download" '
        f'href="{depth}_downloads/{WHEEL}" download>{WHEEL}</a>:</p>'
        '<div class="highlight-shell notranslate"><div class="highlight"><pre><span></span>'
        f"{code}\n</pre></div></div><p>More.</p></div><section><pre>pip install other.whl</pre>"
        '<a href="elsewhere.ipynb" download>not in the box</a></section>'
    )


def fake_site(root: Path, pages: dict[str, str], offered: list[str]) -> Path:
    """A built site: ``pages`` (name -> HTML) and the notebooks it offers, plus the wheel."""
    for name, html in pages.items():
        (root / f"{name}.html").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{name}.html").write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    for name in offered:
        (root / "_sources" / f"{name}.ipynb").parent.mkdir(parents=True, exist_ok=True)
        (root / "_sources" / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    (root / "_downloads").mkdir(exist_ok=True)
    (root / "_downloads" / WHEEL).write_bytes(b"PK")
    return root


def test_reads_each_box_with_paths_relative_to_the_site(checker, tmp_path):
    site = fake_site(
        tmp_path,
        {"index": box_html("index"), "lecture/mnist": box_html("lecture/mnist", ["data"]),
         "glossary": "<p>no code here</p>"},
        ["index", "lecture/mnist"],
    )  # fmt: skip
    assert checker.read_site(site) == [
        checker.Box("index.html", "_sources/index.ipynb", f"_downloads/{WHEEL}",
                    f"pip install {WHEEL}"),
        checker.Box(
            "lecture/mnist.html",
            "_sources/lecture/mnist.ipynb",
            f"_downloads/{WHEEL}",
            f'pip install "{WHEEL}[data]"',
        ),
    ]  # fmt: skip


def test_a_notebook_offered_without_a_box_fails(checker, tmp_path):
    site = fake_site(tmp_path, {"index": box_html("index")}, ["index", "lecture/he"])
    with pytest.raises(ValueError, match=r"lecture/he\.ipynb is offered .* no page's box"):
        checker.read_site(site)


def test_a_dead_link_in_a_box_fails(checker, tmp_path):
    site = fake_site(tmp_path, {"lecture/he": box_html("lecture/he")}, [])
    with pytest.raises(
        ValueError, match=r"lecture/he\.html: the box links _sources/lecture/he\.ipynb"
    ):
        checker.read_site(site)


def test_a_box_must_give_exactly_one_install_line_for_the_wheel(checker, tmp_path):
    lines = [f"pip install {WHEEL}", f'pip install "{WHEEL}[data]"']
    site = fake_site(tmp_path, {"index": box_html("index", lines=lines)}, ["index"])
    with pytest.raises(ValueError, match=r"index\.html: the run-this-page box must"):
        checker.read_site(site)


def test_reads_the_box_the_extension_renders(checker, download_ext, tmp_path):
    from docutils.core import publish_from_doctree
    from docutils.utils import new_document

    assert checker.BOX_CLASS == download_ext.BOX_CLASS
    document = new_document("page")
    document += download_ext.run_box("lecture/mnist", WHEEL, ["data"], "Python 3.11 or newer", {})
    html = publish_from_doctree(document, writer="html5").decode()
    page = tmp_path / "lecture" / "mnist.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    box = checker.read_box(tmp_path, page)
    assert box == checker.Box(
        "lecture/mnist.html",
        "_sources/lecture/mnist.ipynb",
        f"_downloads/{WHEEL}",
        download_ext.install_line(WHEEL, ["data"]),
    )


@pytest.mark.parametrize(
    ("line", "arguments"),
    [
        (f"pip install {WHEEL}", [WHEEL]),
        (f'pip install "{WHEEL}[data]"', [f"{WHEEL}[data]"]),
        (f"pip install '{WHEEL}[data,test]' extra", [f"{WHEEL}[data,test]", "extra"]),
    ],
)
def test_install_command_runs_the_line_with_the_fresh_python(checker, line, arguments):
    python = Path("/fresh/bin/python")
    assert checker.install_command(line, python) == [
        str(python),
        "-m",
        "pip",
        "install",
        *arguments,
    ]


@pytest.mark.parametrize(
    "line", ["pip download x.whl", "conda install x", "python -m pip install x"]
)
def test_install_command_rejects_other_lines(checker, line):
    with pytest.raises(ValueError, match="not a pip install line"):
        checker.install_command(line, Path("python"))


@pytest.mark.parametrize(
    ("line", "count"),
    [(f"pip install {WHEEL}", 0), (f'pip install "{WHEEL}[data]"', 1), ("pip install 'w[a,b]'", 2)],
)
def test_extras_count(checker, line, count):
    assert checker.extras_count(line) == count


def test_the_reader_environment_keeps_nothing_of_the_developers(checker, monkeypatch, tmp_path):
    for name, value in {
        "PYTHONPATH": str(ROOT),
        "VIRTUAL_ENV": str(ROOT / ".venv"),
        "JUPYTER_PATH": "/somewhere",
        "MATPLOTLIBRC": str(ROOT / "weightinit" / "matplotlibrc"),
        "WEIGHTINIT_DATA_DIR": "/data",
        "OPENBLAS_NUM_THREADS": "4",
    }.items():
        monkeypatch.setenv(name, value)
    env = checker.reader_environment(tmp_path)
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env and "MATPLOTLIBRC" not in env
    assert env["JUPYTER_PATH"] == ""
    assert env["PYTHONNOUSERSITE"] == "1"
    assert env["JUPYTER_DATA_DIR"].startswith(str(tmp_path))
    assert env["WEIGHTINIT_DATA_DIR"] == "/data"  # the data location is the reader's, as in a build
    assert env["OPENBLAS_NUM_THREADS"] == "4"


def test_main_without_a_built_site_says_so(checker, tmp_path, capsys):
    assert checker.main(["--html", str(tmp_path)]) == 1
    assert "no built site" in capsys.readouterr().out


PAGE_HTML = (
    "<html><body><nav><img src='logo.png'></nav><article class='bd-article'>"
    "<h1>Title</h1><p>The loss is 2.303 after 1,000 steps.</p>"
    "<div class='run-this-page admonition'><p>pip install weightinit-0.1.0.whl</p></div>"
    "<figure><img src='_images/a.png'><figcaption>Figure 1. A.</figcaption></figure>"
    "<span class='math'><mjx-container>99</mjx-container></span></article></body></html>"
)


def reader_notebook(markdown: str, glued: dict, outputs: list) -> dict:
    code = {"cell_type": "code", "source": "print(x)", "outputs": outputs, "metadata": {}}
    text = {"cell_type": "markdown", "source": markdown, "metadata": {}}
    return {"cells": [text, code], "metadata": {"weightinit": {"glued": glued}}}


def stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def image() -> dict:
    return {"output_type": "display_data", "data": {"image/png": "x"}, "metadata": {}}


def fresh_run(notebook: dict, outputs: list, glued: dict) -> dict:
    report: dict[str, Any] = {"cell_type": "code", "source": "", "metadata": {}}
    report["outputs"] = [stream(json.dumps(glued))]
    cells = [notebook["cells"][0], {**notebook["cells"][1], "outputs": outputs}, report]
    return {"cells": cells, "metadata": notebook["metadata"]}


def test_page_article_reads_text_and_images_without_box_maths_or_chrome(checker):
    text, images = checker.page_article(PAGE_HTML)
    assert images == 1
    assert "2.303" in text and "pip install" not in text and "99" not in text


def test_a_notebook_that_is_the_page_passes(checker):
    notebook = reader_notebook("The loss is 2.303 after 1,000 steps.", {"n": "'2.303'"}, [])
    run = fresh_run(notebook, [stream("2.303\n"), image()], {"n": "'2.303'"})
    notebook["cells"][1]["outputs"] = [stream("2.303\n")]
    assert checker.reader_problems(PAGE_HTML, notebook, run) == []


@pytest.mark.parametrize(
    "markdown, what",
    [
        ("The loss is {glue:text}`mnist_loss`.", "a role or glue placeholder"),
        ("See {numref}`fig-a`.", "a role or glue placeholder"),
        ("```{math}\na\n```", "a directive fence"),
        (":::{admonition} In one minute\n:::", "a directive fence"),
        ("(mnist-training)=\n## Training", "a target"),
        ("text\n:class: tip", "a directive option"),
        ("% a comment", "a MyST comment"),
    ],
)
def test_leftover_myst_fails(checker, markdown, what):
    notebook = reader_notebook(markdown, {}, [])
    problems = checker.reader_problems(PAGE_HTML, notebook, fresh_run(notebook, [image()], {}))
    assert problems and all(what in p or "colon fence" in p for p in problems), problems


def test_fewer_figures_than_the_page_fails(checker):
    notebook = reader_notebook("Title", {}, [])
    problems = checker.reader_problems(PAGE_HTML, notebook, fresh_run(notebook, [], {}))
    assert problems == ["the run shows 0 figures, the page 1"]


def test_a_number_the_page_lacks_fails_but_maths_and_code_do_not_count(checker):
    notebook = reader_notebook("The loss is 2.31, $x_3$, `f(7)`, $$\n8\n$$.", {}, [])
    problems = checker.reader_problems(PAGE_HTML, notebook, fresh_run(notebook, [image()], {}))
    assert problems == ["numbers in the Markdown that the page lacks: ['2.31']"]


def test_a_glued_value_or_a_printed_output_that_differs_fails(checker):
    notebook = reader_notebook("Title", {"n": "'2.303'", "m": "'1'"}, [stream("0.5\n")])
    run = fresh_run(notebook, [stream("0.6\n"), image()], {"n": "'2.304'"})
    problems = checker.reader_problems(PAGE_HTML, notebook, run)
    assert problems == [
        "the run glues nothing under 'm' (the page shows \"'1'\")",
        "'n': the run glues \"'2.304'\", the page \"'2.303'\"",
        "code cell 1 ('print(x)') prints ['0.6'], the page ['0.5']",
    ]


def test_a_notebook_without_the_pages_values_fails(checker):
    notebook = reader_notebook("Title", {}, [])
    del notebook["metadata"]["weightinit"]
    problems = checker.reader_problems(PAGE_HTML, notebook, fresh_run(notebook, [image()], {}))
    assert problems == ["the notebook does not record the page's glued values"]


def test_printed_text_split_into_chunks_is_the_pages_and_list_numbers_are_not_numbers(checker):
    notebook = reader_notebook("1. The loss is 2.303.\n11. After 1,000 steps.", {}, [])
    notebook["cells"][1]["outputs"] = [stream("a\nb\n")]
    run = fresh_run(notebook, [stream("a\n"), image(), stream("b\n")], {})
    assert checker.reader_problems(PAGE_HTML, notebook, run) == []
