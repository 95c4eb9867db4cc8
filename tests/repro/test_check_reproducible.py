"""The comparison behind `make repro` (scripts/check_reproducible.py), on small fake builds."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_reproducible.py"


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_reproducible", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def fake_build(
    root: Path,
    figures: dict[str, bytes],
    glue: dict[str, str],
    printed: tuple[str, ...] = ("loss 0.123\n",),
    downloads: dict[str, bytes] | None = None,
) -> Path:
    """A build with one page showing ``figures`` (name -> bytes) and gluing ``glue``.

    The page's notebook has one cell per ``printed`` text, and the site offers ``downloads``
    (path under ``_downloads/`` -> bytes; by default one wheel). The Japanese edition, in
    ``html/ja/``, has the same page with one fixed figure and glued value (``fake_edition``).
    """
    fake_edition(root, "html", "jupyter_execute", figures, glue, printed, downloads)
    fake_edition(root, "html/ja", "jupyter_execute-ja", {"j1.png": b"ja"}, {"std": "1"})
    return root


def fake_edition(
    root, site, executed_dir, figures, glue, printed=("loss 0.123\n",), downloads=None
):
    """One edition of :func:`fake_build`: its site in ``root/site``, its notebooks in
    ``root/executed_dir``."""
    (root / site).mkdir(parents=True, exist_ok=True)
    (root / site / "searchindex.js").write_text("Search.setIndex({})", encoding="utf-8")
    images = root / site / "_images"
    images.mkdir(parents=True)
    tags = []
    for name, content in figures.items():
        (images / name).write_bytes(content)
        tags.append(f'<img alt="a figure" src="../_images/{name}" />')
    (root / site / "lecture").mkdir()
    (root / site / "lecture" / "page.html").write_text("\n".join(tags), encoding="utf-8")
    glued = {
        "data": {"application/papermill.record/text/plain": repr(next(iter(glue.values()), ""))},
        "metadata": {"scrapbook": {"name": "any", "mime_prefix": "application/papermill.record/"}},
    }
    executed = root / executed_dir / "lecture"
    executed.mkdir(parents=True)
    outputs = {
        key: {"output_type": "display_data", "data": {"text/plain": repr(value)}}
        for key, value in glue.items()
    }
    (executed / "page.glue.json").write_text(json.dumps(outputs), encoding="utf-8")
    cells = [
        {"cell_type": "markdown", "source": "# A page"},
        *(
            {"cell_type": "code", "outputs": [{"output_type": "stream", "text": text}]}
            for text in printed
        ),
        {"cell_type": "code", "outputs": [{"output_type": "display_data", **glued}]},
        {"cell_type": "code", "outputs": [figure_output(len(figures))]},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    sources = root / site / "_sources" / "lecture"
    sources.mkdir(parents=True)
    (sources / "page.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    if downloads is None:
        downloads = {"weightinit-0.1.0-py3-none-any.whl": b"PK wheel"}
    for name, content in downloads.items():
        target = root / site / "_downloads" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def figure_output(count: int, png: str = "iVBORw0K") -> dict:
    """A matplotlib figure's output: the PNG (compared as a figure file) and its text form."""
    return {
        "output_type": "display_data",
        "data": {"image/png": png, "text/plain": f"<Figure size 640x480 with {count} Axes>"},
        "metadata": {},
    }


def test_identical_builds_agree(checker, tmp_path):
    figures = {"f1.png": b"\x89PNG one", "f2.png": b"\x89PNG two"}
    glue = {"std": "0.0505", "ratio": "1.41"}
    a = fake_build(tmp_path / "a", figures, glue)
    b = fake_build(tmp_path / "b", figures, glue)
    report = checker.compare_builds(a, b)
    assert report.differences == []
    # the English edition's 2, 2, 2, 1 and the Japanese edition's 1, 1, 2, 1
    assert (report.figures, report.glued, report.text_outputs, report.downloads) == (3, 3, 4, 2)


def test_a_changed_figure_is_named_by_page_and_position(checker, tmp_path):
    a = fake_build(tmp_path / "a", {"f1.png": b"one", "f2.png": b"two"}, {"std": "1"})
    b = fake_build(tmp_path / "b", {"f1.png": b"one", "f3.png": b"two, redrawn"}, {"std": "1"})
    report = checker.compare_builds(a, b)
    assert report.differences == ["lecture/page.html: figure 2 differs (f2.png in A, f3.png in B)"]


def test_same_name_different_bytes_is_a_difference(checker, tmp_path):
    a = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "1"})
    b = fake_build(tmp_path / "b", {"f1.png": b"one!"}, {"std": "1"})
    report = checker.compare_builds(a, b)
    assert "lecture/page.html: figure 1 differs (f1.png in A, f1.png in B)" in report.differences
    assert "_images/f1.png differs" in report.differences


def test_a_changed_or_missing_glued_number_is_reported(checker, tmp_path):
    a = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "0.0505", "gone": "3"})
    b = fake_build(tmp_path / "b", {"f1.png": b"one"}, {"std": "0.0506"})
    report = checker.compare_builds(a, b)
    assert report.differences == [
        "glued lecture/page:gone: '3' in A, None in B",
        "glued lecture/page:std: '0.0505' in A, '0.0506' in B",
    ]


def test_a_changed_printed_table_is_reported_with_where_it_differs(checker, tmp_path):
    table = "scheme     loss\nxavier    0.215\nhe        0.198\n"
    a = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "1"}, printed=("x\n", table))
    b = fake_build(
        tmp_path / "b",
        {"f1.png": b"one"},
        {"std": "1"},
        printed=("x\n", table.replace("0.198", "0.199")),
    )
    report = checker.compare_builds(a, b)
    assert report.differences == [
        "lecture/page.ipynb: cell 2 output 1 differs: "
        "'0.215\\nhe        0.198\\n' in A, '0.215\\nhe        0.199\\n' in B"
    ]
    # two printed texts and the figure's text form, and the Japanese edition's two
    assert report.text_outputs == 5


def test_a_missing_text_output_is_reported(checker, tmp_path):
    a = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "1"}, printed=("x\n", "y\n"))
    b = fake_build(tmp_path / "b", {"f1.png": b"one"}, {"std": "1"}, printed=("x\n",))
    differences = checker.compare_builds(a, b).differences
    assert "lecture/page.ipynb: cell 2 output 1 differs: present in A, absent in B" in differences


def test_text_outputs_skip_glue_and_images_but_keep_the_figures_text(checker, tmp_path):
    build = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "0.0505"}, printed=("p\n",))
    outputs = checker.text_outputs(build / "html" / "_sources")
    assert outputs == {
        "lecture/page.ipynb: cell 1 output 1": "p\n",
        "lecture/page.ipynb: cell 3 output 1": json.dumps(
            {"text/plain": "<Figure size 640x480 with 1 Axes>"}
        ),
    }


def test_text_outputs_join_lists_of_lines(checker, tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "code", "outputs": [{"output_type": "stream", "text": ["a\n", "b\n"]}]},
            {
                "cell_type": "code",
                "outputs": [
                    {"output_type": "execute_result", "data": {"text/html": ["<t", "able>"]}},
                    {"output_type": "error", "traceback": ["Trace", "back"]},
                ],
            },
        ]
    }
    (tmp_path / "p.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert checker.text_outputs(tmp_path) == {
        "p.ipynb: cell 1 output 1": "a\nb\n",
        "p.ipynb: cell 2 output 1": '{"text/html": "<table>"}',
        "p.ipynb: cell 2 output 2": '{"error": "Traceback"}',
    }


def test_a_changed_or_missing_download_is_reported(checker, tmp_path):
    wheel = "weightinit-0.1.0-py3-none-any.whl"
    a = fake_build(
        tmp_path / "a",
        {"f1.png": b"one"},
        {"std": "1"},
        downloads={wheel: b"PK 1", "x/n.txt": b"n"},
    )
    b = fake_build(tmp_path / "b", {"f1.png": b"one"}, {"std": "1"}, downloads={wheel: b"PK 2"})
    report = checker.compare_builds(a, b)
    assert report.differences == [
        f"_downloads/{wheel} differs",
        "_downloads/x/n.txt exists in build A only",
    ]
    assert report.downloads == 3  # and the Japanese edition's wheel


class TestWorkdir:
    """--workdir: the check removes what it created there and nothing else."""

    @pytest.fixture
    def fake_builds(self, checker, monkeypatch):
        """Replace the clone-and-build step by fake builds written into the clone directories."""

        class Done:
            def wait(self):
                return 0

        def start_build(repo, commit, clone):
            (clone / "src").mkdir(parents=True)
            (clone.parent / f"{clone.name}-build.log").write_text("built\n")
            build = fake_build(clone / "docs" / "_build", {"f1.png": b"one"}, {"std": "1"})
            return Done(), build

        monkeypatch.setattr(checker, "start_build", start_build)

    def test_an_existing_directory_and_its_files_are_kept(self, checker, fake_builds, tmp_path):
        workdir = tmp_path / "mine"
        (workdir / "notes").mkdir(parents=True)
        (workdir / "keep.txt").write_text("mine\n")
        assert checker.main(["--workdir", str(workdir)]) == 0
        assert sorted(p.name for p in workdir.iterdir()) == ["keep.txt", "notes"]
        assert (workdir / "keep.txt").read_text() == "mine\n"

    def test_a_directory_it_created_is_removed(self, checker, fake_builds, tmp_path):
        workdir = tmp_path / "new" / "dir"
        assert checker.main(["--workdir", str(workdir)]) == 0
        assert not workdir.exists()
        assert (tmp_path / "new").is_dir()  # the parent it did not create stays

    def test_keep_keeps_the_clones(self, checker, fake_builds, tmp_path):
        workdir = tmp_path / "kept"
        assert checker.main(["--workdir", str(workdir), "--keep"]) == 0
        assert (workdir / "a" / "src").is_dir() and (workdir / "b-build.log").is_file()

    @pytest.mark.parametrize("taken", ["a", "b-build.log"])
    def test_refuses_a_directory_holding_a_clone_name(self, checker, fake_builds, tmp_path, taken):
        workdir = tmp_path / "busy"
        workdir.mkdir()
        (workdir / taken).write_text("earlier work\n")
        with pytest.raises(SystemExit, match=f"already holds {taken}.*nothing was deleted"):
            checker.main(["--workdir", str(workdir)])
        assert (workdir / taken).read_text() == "earlier work\n"

    def test_refuses_a_file(self, checker, fake_builds, tmp_path):
        path = tmp_path / "file"
        path.write_text("x")
        with pytest.raises(SystemExit, match="is not a directory"):
            checker.main(["--workdir", str(path)])
        assert path.read_text() == "x"


def test_printed_text_split_differently_by_the_kernel_is_the_same(checker, tmp_path):
    def cell(*pieces):
        return {"cell_type": "code", "outputs": list(pieces)}

    def stream(text, name="stdout"):
        return {"output_type": "stream", "name": name, "text": text}

    glued = {"output_type": "display_data", "data": {}, "metadata": {"scrapbook": {}}}
    shown = {"output_type": "execute_result", "data": {"text/plain": "3"}}
    one = [cell(stream("a\nb\n"), stream("w\n", "stderr"), shown, stream("c\n"))]
    two = [
        cell(
            stream("a\n"), glued, stream(["b", "\n"]), stream("w\n", "stderr"), shown, stream("c\n")
        )
    ]
    for name, cells in (("one", one), ("two", two)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    expected = {
        "p.ipynb: cell 1 output 1": "a\nb\n",
        "p.ipynb: cell 1 output 2": "w\n",
        "p.ipynb: cell 1 output 3": '{"text/plain": "3"}',
        "p.ipynb: cell 1 output 4": "c\n",
    }
    assert checker.text_outputs(tmp_path / "one") == expected
    assert checker.text_outputs(tmp_path / "two") == expected


def test_the_japanese_edition_is_compared_too(checker, tmp_path):
    import shutil

    a = fake_build(tmp_path / "a", {"f1.png": b"one"}, {"std": "1"})
    b = fake_build(tmp_path / "b", {"f1.png": b"one"}, {"std": "1"})
    (b / "html" / "ja" / "_images" / "j1.png").write_bytes(b"ja, redrawn")
    assert checker.compare_builds(a, b).differences == [
        "[ja] lecture/page.html: figure 1 differs (j1.png in A, j1.png in B)",
        "[ja] _images/j1.png differs",
    ]
    for build in (a, b):  # not built at all: nothing to compare is a failure too
        shutil.rmtree(build / "html" / "ja")
        shutil.rmtree(build / "jupyter_execute-ja")
    assert checker.compare_builds(a, b).differences == ["[ja] the edition is missing or empty"]
