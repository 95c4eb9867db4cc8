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


def fake_build(root: Path, figures: dict[str, bytes], glue: dict[str, str]) -> Path:
    """A build with one page showing ``figures`` (name -> bytes) and gluing ``glue``."""
    images = root / "html" / "_images"
    images.mkdir(parents=True)
    tags = []
    for name, content in figures.items():
        (images / name).write_bytes(content)
        tags.append(f'<img alt="a figure" src="../_images/{name}" />')
    (root / "html" / "lecture").mkdir()
    (root / "html" / "lecture" / "page.html").write_text("\n".join(tags), encoding="utf-8")
    executed = root / "jupyter_execute" / "lecture"
    executed.mkdir(parents=True)
    outputs = {
        key: {"output_type": "display_data", "data": {"text/plain": repr(value)}}
        for key, value in glue.items()
    }
    (executed / "page.glue.json").write_text(json.dumps(outputs), encoding="utf-8")
    return root


def test_identical_builds_agree(checker, tmp_path):
    figures = {"f1.png": b"\x89PNG one", "f2.png": b"\x89PNG two"}
    glue = {"std": "0.0505", "ratio": "1.41"}
    a = fake_build(tmp_path / "a", figures, glue)
    b = fake_build(tmp_path / "b", figures, glue)
    report = checker.compare_builds(a, b)
    assert report.differences == []
    assert (report.figures, report.glued) == (2, 2)


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
