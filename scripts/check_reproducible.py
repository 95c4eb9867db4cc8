"""Check that two clean builds of the site give byte-identical figures and identical numbers.

Clones the repository's HEAD twice into a temporary directory (so it sees committed work only),
builds the site from scratch in each clone with every notebook executed, and compares

- the figure files (``_images/`` of the built site, page by page in the order they appear),
- the glued values (``jupyter_execute/**/*.glue.json``, the numbers the prose quotes),
- the text outputs of the executed cells (printed tables and values, in the notebooks the site
  offers for download, ``_sources/**/*.ipynb``),
- the site's downloads (``_downloads/``, among them the package's wheel), byte for byte,

in both editions: the English site (``html/``) and the Japanese one (``html/ja/``, its
executed notebooks in ``jupyter_execute-ja/``), each built as ``make html`` builds it.

Run it with the project's virtual environment: ``make repro``, or
``.venv/bin/python scripts/check_reproducible.py [--keep] [--workdir DIR]``. Exits 1 when
anything differs. With ``--workdir`` it clones into ``DIR/a`` and ``DIR/b`` (refusing if either
exists) and removes only what it created there, and ``DIR`` itself only if it created it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*_images/[^\"]+)\"")


@dataclass
class Report:
    """What two builds disagree on, and how much they were compared on."""

    differences: list[str] = field(default_factory=list)
    figures: int = 0
    glued: int = 0
    text_outputs: int = 0
    downloads: int = 0


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_figures(html: Path) -> dict[str, list[str]]:
    """Map each page of a built site to the figure files it shows, in order.

    Another edition built into a folder of the site (one with its own ``searchindex.js``, as
    ``ja/``) is a site of its own, with its own ``_images/``: its pages are left out.
    """
    nested = [index.parent for index in html.rglob("searchindex.js") if index.parent != html]
    return {
        page.relative_to(html).as_posix(): [
            src.rsplit("/", 1)[-1] for src in IMG_SRC.findall(page.read_text(encoding="utf-8"))
        ]
        for page in sorted(html.rglob("*.html"))
        if not any(page.is_relative_to(folder) for folder in nested)
    }


def compare_figures(html_a: Path, html_b: Path, report: Report) -> None:
    """Compare the figure files of two built sites, byte for byte, page by page."""
    files_a = {p.name: digest(p) for p in sorted((html_a / "_images").glob("*"))}
    files_b = {p.name: digest(p) for p in sorted((html_b / "_images").glob("*"))}
    report.figures = len(files_a)
    pages_a, pages_b = page_figures(html_a), page_figures(html_b)
    for page in sorted(pages_a.keys() | pages_b.keys()):
        shown_a, shown_b = pages_a.get(page, []), pages_b.get(page, [])
        if len(shown_a) != len(shown_b):
            report.differences.append(
                f"{page}: {len(shown_a)} figures in build A, {len(shown_b)} in build B"
            )
            continue
        for number, (name_a, name_b) in enumerate(zip(shown_a, shown_b, strict=True), 1):
            if files_a.get(name_a) != files_b.get(name_b):
                report.differences.append(
                    f"{page}: figure {number} differs ({name_a} in A, {name_b} in B)"
                )
    on_pages = {name for pages in (pages_a, pages_b) for names in pages.values() for name in names}
    for name in sorted((files_a.keys() ^ files_b.keys()) - on_pages):
        side = "A" if name in files_a else "B"  # on no page: a difference not reported above
        report.differences.append(f"_images/{name} exists in build {side} only")
    for name in sorted(files_a.keys() & files_b.keys()):
        if files_a[name] != files_b[name]:
            report.differences.append(f"_images/{name} differs")


def glued_values(executed: Path) -> dict[str, object]:
    """Every glued value of a build, keyed ``page:name``."""
    values: dict[str, object] = {}
    for path in sorted(executed.rglob("*.glue.json")):
        page = path.relative_to(executed).as_posix().removesuffix(".glue.json")
        for name, output in json.loads(path.read_text(encoding="utf-8")).items():
            values[f"{page}:{name}"] = output.get("data", output)
    return values


def compare_glue(executed_a: Path, executed_b: Path, report: Report) -> None:
    """Compare the glued values of two builds."""
    values_a, values_b = glued_values(executed_a), glued_values(executed_b)
    report.glued = len(values_a)
    for key in sorted(values_a.keys() | values_b.keys()):
        a, b = values_a.get(key), values_b.get(key)
        if a != b:
            show_a = a.get("text/plain", a) if isinstance(a, dict) else a
            show_b = b.get("text/plain", b) if isinstance(b, dict) else b
            report.differences.append(f"glued {key}: {show_a!s:.60} in A, {show_b!s:.60} in B")


#: Output types whose content is compared as text; images are compared as figure files.
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def text_outputs(executed: Path) -> dict[str, str]:
    """The text outputs of every notebook under ``executed``, keyed ``page: cell N output M``.

    Streams (``print``) and the text forms of results and displays count; glued values (which
    :func:`compare_glue` compares) and images (the figure files) do not. Consecutive pieces of
    one stream are joined first: how the kernel splits printed text into outputs depends on
    timing. Read from the notebooks the site offers (``html/_sources``), whose streams the
    build has merged as the pages show them (docs/_ext/notebook_download.py).
    """
    found: dict[str, str] = {}
    for path in sorted(executed.rglob("*.ipynb")):
        page = path.relative_to(executed).as_posix()
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        code_cells = [cell for cell in cells if cell.get("cell_type") == "code"]
        for number, cell in enumerate(code_cells, 1):
            shown = _cell_texts(cell.get("outputs", []))
            for index, text in enumerate(shown, 1):
                found[f"{page}: cell {number} output {index}"] = text
    return found


def _cell_texts(outputs: list[dict]) -> list[str]:
    """The texts one cell shows, streams of the same name merged while they follow each other."""
    texts: list[str] = []
    last_stream = None
    for output in outputs:
        if output.get("output_type") == "stream":
            text = _joined(output.get("text", ""))
            if texts and last_stream == output.get("name", "stdout"):
                texts[-1] += text
            else:
                texts.append(text)
            last_stream = output.get("name", "stdout")
            continue
        if "scrapbook" in output.get("metadata", {}):
            continue  # a glued value, invisible in the page; compare_glue compares it
        data = output.get("data", {})
        shown = {kind: _joined(data[kind]) for kind in TEXT_TYPES if kind in data}
        if output.get("output_type") == "error":
            shown = {"error": _joined(output.get("traceback", []))}
        if shown:
            texts.append(json.dumps(shown, ensure_ascii=False, sort_keys=True))
            last_stream = None
    return texts


def _joined(text: object) -> str:
    """A notebook's multi-line string, stored either as one string or as a list of lines."""
    if isinstance(text, list):
        return "".join(map(str, text))
    return text if isinstance(text, str) else json.dumps(text, sort_keys=True)


def compare_text_outputs(executed_a: Path, executed_b: Path, report: Report) -> None:
    """Compare the printed and displayed text of every executed cell of two builds."""
    outputs_a, outputs_b = text_outputs(executed_a), text_outputs(executed_b)
    report.text_outputs = len(outputs_a)
    for key in sorted(outputs_a.keys() | outputs_b.keys()):
        a, b = outputs_a.get(key), outputs_b.get(key)
        if a != b:
            report.differences.append(f"{key} differs: {_first_difference(a, b)}")


def _first_difference(a: str | None, b: str | None) -> str:
    """Show where two texts part, e.g. ``'... 0.0505' in A, '... 0.0506' in B``."""
    if a is None or b is None:
        return "absent in A, present in B" if a is None else "present in A, absent in B"
    pairs = enumerate(zip(a, b, strict=False))
    start = next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))
    start = max(0, start - 20)
    return f"{a[start : start + 60]!r} in A, {b[start : start + 60]!r} in B"


def compare_downloads(html_a: Path, html_b: Path, report: Report) -> None:
    """Compare the files a reader downloads from the site (``_downloads/``), byte for byte."""
    files_a, files_b = (
        {
            path.relative_to(html / "_downloads").as_posix(): digest(path)
            for path in sorted((html / "_downloads").rglob("*"))
            if path.is_file()
        }
        for html in (html_a, html_b)
    )
    report.downloads = len(files_a)
    for name in sorted(files_a.keys() | files_b.keys()):
        if name not in files_b or name not in files_a:
            side = "A" if name in files_a else "B"
            report.differences.append(f"_downloads/{name} exists in build {side} only")
        elif files_a[name] != files_b[name]:
            report.differences.append(f"_downloads/{name} differs")


#: Each edition's site and executed notebooks, relative to the build directory.
EDITIONS = {"en": ("html", "jupyter_execute"), "ja": ("html/ja", "jupyter_execute-ja")}


def compare_builds(build_a: Path, build_b: Path) -> Report:
    """Compare two build directories (each holding every edition's site and notebooks)."""
    total = Report()
    for site, executed in EDITIONS.values():
        report = Report()
        compare_figures(build_a / site, build_b / site, report)
        compare_glue(build_a / executed, build_b / executed, report)
        compare_text_outputs(build_a / site / "_sources", build_b / site / "_sources", report)
        compare_downloads(build_a / site, build_b / site, report)
        if 0 in (report.figures, report.glued, report.text_outputs, report.downloads):
            report.differences.append("the edition is missing or empty")
        prefix = "" if site == "html" else f"[{site.removeprefix('html/')}] "
        total.differences += [prefix + line for line in report.differences]
        total.figures += report.figures
        total.glued += report.glued
        total.text_outputs += report.text_outputs
        total.downloads += report.downloads
    return total


def build_commands(build: Path) -> list[list[str]]:
    """The clean builds of every edition into ``build``, as ``make html`` runs them."""
    sphinx = [sys.executable, "-m", "sphinx", "-b", "html", "-E"]
    japanese = ["-D", "language=ja", "-d", str(build / "doctrees-ja")]
    return [
        [*sphinx, "docs", str(build / "html")],
        [*sphinx, *japanese, "docs", str(build / "html" / "ja")],
    ]


def git(*args: str, cwd: Path) -> str:
    """Run git and return its output."""
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def start_build(repo: Path, commit: str, clone: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """Clone ``commit`` into ``clone`` and start a clean build of its site there."""
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(repo), str(clone)], check=True)
    git("checkout", "--quiet", "--detach", commit, cwd=clone)
    env = dict(os.environ)
    env.pop("WEIGHTINIT_DOCS_CACHE", None)  # each clone keeps its cache in its own docs/_build
    env["PYTHONPATH"] = os.pathsep.join([str(clone), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    found = subprocess.run(
        [sys.executable, "-c", "import weightinit; print(weightinit.__file__)"],
        env=env,
        cwd=clone,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(clone.resolve()):
        sys.exit(f"the build in {clone} would import weightinit from {found}, not from the clone")
    build = clone / "docs" / "_build"
    log = clone.parent / f"{clone.name}-build.log"
    # one edition after the other (a shell joins them), both clones at once
    command = ["sh", "-c", " && ".join(shlex.join(step) for step in build_commands(build))]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=clone, env=env, stdout=output, stderr=output)
    return process, build


class Workdir:
    """The directory the two clones go into; removes only what this run created in it."""

    def __init__(self, path: Path | None) -> None:
        if path is None:
            self.path, self.created = Path(tempfile.mkdtemp(prefix="weightinit-repro-")), True
        else:
            self.path, self.created = path, not path.exists()
            if path.exists() and not path.is_dir():
                raise SystemExit(f"--workdir {path} exists and is not a directory")
            taken = [name for name in self.entries if (path / name).exists()]
            if taken:
                raise SystemExit(
                    f"--workdir {path} already holds {', '.join(taken)}; "
                    "remove them or choose another directory (nothing was deleted)"
                )
            path.mkdir(parents=True, exist_ok=True)

    entries = ("a", "b", "a-build.log", "b-build.log")

    def clean(self) -> None:
        """Remove the clones and logs, and the directory itself if this run made it."""
        if self.created:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        for name in self.entries:
            entry = self.path / name
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.exists() or entry.is_symlink():
                entry.unlink()


def main(argv: list[str] | None = None) -> int:
    """Build HEAD twice from fresh clones and compare figures and glued numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the two clones and builds")
    parser.add_argument("--workdir", type=Path, help="where to clone (default: a temp dir)")
    args = parser.parse_args(argv)

    repo = Path(git("rev-parse", "--show-toplevel", cwd=Path(__file__).parent))
    commit = git("rev-parse", "HEAD", cwd=repo)
    if git("status", "--porcelain", "--untracked-files=no", cwd=repo):
        print("note: uncommitted changes are not part of this check (it builds HEAD)")
    work = Workdir(args.workdir)
    workdir = work.path
    print(f"building {commit[:12]} twice from fresh clones in {workdir} ...", flush=True)
    try:
        builds = [start_build(repo, commit, workdir / name) for name in ("a", "b")]
        for (process, _), name in zip(builds, ("a", "b"), strict=True):
            if process.wait() != 0:
                log = (workdir / f"{name}-build.log").read_text(encoding="utf-8", errors="replace")
                print(log[-3000:])
                print(f"build {name.upper()} failed (log above)")
                return 1
        report = compare_builds(builds[0][1], builds[1][1])
    finally:
        if not args.keep:
            work.clean()
    for line in report.differences:
        print(f"DIFFERS: {line}")
    if report.differences:
        print(f"{len(report.differences)} differences between two clean builds of {commit[:12]}")
        return 1
    counts = (
        f"{report.figures} figure files, {report.glued} glued values, "
        f"{report.text_outputs} text outputs and {report.downloads} downloads"
    )
    if 0 in (report.figures, report.glued, report.text_outputs, report.downloads):
        print(f"nothing to compare: {counts}")
        return 1
    print(f"reproducible: {counts} are identical in two clean builds of {commit[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
