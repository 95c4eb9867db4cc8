"""Run every notebook the built site offers in a fresh environment, as a reader would.

Reads the "Run this page yourself" box of every built page (``docs/_build/html``, or the
Japanese edition's ``docs/_build/html/ja``, each on its own: ``make notebooks`` runs both): the
notebook to download, the wheel, and the ``pip install`` line. Copies the notebooks and the wheel
into one folder, creates a fresh virtual environment (no packages of the developer's), runs the
documented install line there, adds a Jupyter kernel and executor (``ipykernel``, ``nbclient``)
and executes each notebook in that kernel. Pages whose install lines differ (extras) run in
turn, fewest extras first, each after its own line was installed. Any failing cell, a notebook
offered without a box, or a kernel that is not the fresh environment's fails the check.

Then it checks that each notebook is the page a reader saw (:func:`reader_problems`): no MyST
syntax or glue placeholder left in its Markdown, at least as many figures after the fresh run
as the page shows, every number of its Markdown present in the page's text, every value the
fresh run glues equal to the page's, and every printed output equal to the page's.

Needs a built site and a package index (PyPI) for the dependencies. Run it with the project's
virtual environment: ``make notebooks``, or
``.venv/bin/python scripts/check_notebooks.py [--html DIR] [--keep]``. Exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOX_CLASS = "run-this-page"  # docs/_ext/notebook_download.py
KERNEL_TOOLS = ["ipykernel", "nbclient"]

# Executes notebooks (argv[2:]) in the folder argv[1] with the environment's own kernel; prints
# one line per notebook and exits 1 if any failed. Runs with the fresh environment's Python.
RUNNER = r"""
import sys, time, traceback
import nbclient, nbformat
folder, failed = sys.argv[1], []
GLUED = sys.argv.pop(2)
for path in sys.argv[2:]:
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": folder}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport notice per kernel
    )
    # One more cell reports what the run glued (weightinit.notebook.glued), as text.
    notebook.cells.append(nbformat.v4.new_code_cell(GLUED))
    try:
        client.execute()
    except Exception as error:
        failed.append(path)
        print(f"FAILED {path}:\n{error}", flush=True)
        continue
    cells = sum(cell.cell_type == "code" for cell in notebook.cells) - 1
    print(f"ok {path}: {cells} code cells in {time.perf_counter() - start:.1f} s", flush=True)
    nbformat.write(notebook, path.removesuffix(".ipynb") + ".run.ipynb")
sys.exit(1 if failed else 0)
"""
GLUED = (
    "import json\n"
    "from IPython.core.formatters import format_display_data\n"
    "try:\n"
    "    from weightinit.notebook import glued\n"
    "except ImportError:  # a package that keeps no glued values: the comparison says so\n"
    "    glued = dict\n"
    "print(json.dumps({k: format_display_data(v)[0].get('text/plain', '') for k, v in "
    "glued().items()}))"
)

PROBE = "import sys, weightinit\nprint(sys.prefix)\nprint(weightinit.__file__)"


@dataclass(frozen=True)
class Box:
    """What a page's box tells the reader: the notebook, the wheel (site paths), the install."""

    page: str
    notebook: str
    wheel: str
    install: str


class _BoxParser(HTMLParser):
    """Collects the download links and the code lines inside the box of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.box_tag = ""  # the element that carries the box's class (a div, or an aside)
        self.depth = 0  # how many such elements are open inside the box; 0 outside it
        self.in_pre = False
        self.links: list[str] = []
        self.code = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self.depth and BOX_CLASS in (values.get("class") or "").split():
            self.box_tag, self.depth = tag, 1
        elif self.depth and tag == self.box_tag:
            self.depth += 1
        elif self.depth and tag == "a" and "download" in values and values.get("href"):
            self.links.append(str(values["href"]))
        elif self.depth and tag == "pre":
            self.in_pre = True

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == self.box_tag:
            self.depth -= 1
        elif tag == "pre":
            self.in_pre = False

    def handle_data(self, data: str) -> None:
        if self.in_pre:
            self.code += data


def read_box(html: Path, page: Path) -> Box | None:
    """The box of ``page`` (a built HTML file under ``html``), or None if it has none."""
    parser = _BoxParser()
    parser.feed(page.read_text(encoding="utf-8"))
    if not parser.links and not parser.code:
        return None
    name = page.relative_to(html).as_posix()
    here = posixpath.dirname(name)
    targets = [posixpath.normpath(posixpath.join(here, link)) for link in parser.links]
    notebooks = [target for target in targets if target.endswith(".ipynb")]
    wheels = [target for target in targets if target.endswith(".whl")]
    installs = [
        line.strip()
        for line in parser.code.splitlines()
        if line.strip().startswith("pip install") and ".whl" in line
    ]
    if len(notebooks) != 1 or len(wheels) != 1 or len(installs) != 1:
        raise ValueError(
            f"{name}: the run-this-page box must link one notebook and one wheel and give one "
            f"pip install line for the wheel; found {notebooks}, {wheels}, {installs}"
        )
    return Box(name, notebooks[0], wheels[0], installs[0])


def site_pages(html: Path) -> list[Path]:
    """The pages of the site at ``html``, without another edition built into one of its folders.

    Such an edition (a folder with its own ``searchindex.js``: the Japanese one in ``ja/``) is
    checked on its own.
    """
    nested = [index.parent for index in html.rglob("searchindex.js") if index.parent != html]
    return [
        page
        for page in sorted(html.rglob("*.html"))
        if not any(page.is_relative_to(folder) for folder in nested)
    ]


def read_site(html: Path) -> list[Box]:
    """Every box of the site; fails if a notebook is offered without one or a link is dead."""
    boxes = [box for page in site_pages(html) if (box := read_box(html, page))]
    offered = {path.relative_to(html).as_posix() for path in (html / "_sources").rglob("*.ipynb")}
    explained = {box.notebook for box in boxes}
    problems = [
        f"{name} is offered for download but no page's box says how to run it"
        for name in sorted(offered - explained)
    ]
    for box in boxes:
        for target in (box.notebook, box.wheel):
            if not (html / target).is_file():
                problems.append(f"{box.page}: the box links {target}, which the site lacks")
    if problems:
        raise ValueError("\n".join(problems))
    return boxes


#: MyST that Jupyter shows as literal text: roles (``{glue:text}`x```, ``{eq}`x```), directive
#: fences (```` ```{math} ````, ``:::{admonition}``), directive options, targets, comments.
MYST_SYNTAX = {
    "a role or glue placeholder": re.compile(r"\{[\w:.+-]+\}`"),
    "a directive fence": re.compile(r"^\s*(```+|~~~+|:::+)\s*\{", re.MULTILINE),
    "a colon fence": re.compile(r"^\s*:::+", re.MULTILINE),
    "a directive option": re.compile(r"^\s*:(name|class|label|tags|alt|width|align):", re.M),
    "a target": re.compile(r"^\s*\([\w:.-]+\)=\s*$", re.MULTILINE),
    "a MyST comment or cell break": re.compile(r"^(%|\+\+\+)", re.MULTILINE),
}
#: A number as the prose writes it: digits with thousands commas, decimals, or superscripts.
#: Japanese text writes a number against its word (画像10,000枚): only a Latin letter, a digit
#: or a point before it makes it part of another token.
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:,\d{3})*(?:\.\d+)?|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


class _ArticleParser(HTMLParser):
    """The text and the images of a built page's article (its main content, without the box)."""

    SKIP = ("script", "style", "mjx-container")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # how many <article> elements are open
        self.skip_tag, self.skip_depth = "", 0  # the box, a script or rendered maths
        self.images = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.depth += tag == "article"
        if not self.depth:
            return
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
        elif BOX_CLASS in classes or tag in self.SKIP:
            self.skip_tag, self.skip_depth = tag, 1
        elif tag == "img":
            self.images += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"
        if self.skip_depth and tag == self.skip_tag:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_depth:
            self.text.append(data)


def page_article(html: str) -> tuple[str, int]:
    """The text (without maths, scripts or the box) and the image count of a page's article."""
    parser = _ArticleParser()
    parser.feed(html)
    return " ".join(parser.text), parser.images


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _text_outputs(cell: dict) -> list[str]:
    """A cell's printed text (each stream joined, as the page merges it) and text results."""
    streams: dict[str, str] = {}
    texts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            text = "".join(output["text"])
            streams[output["name"]] = streams.get(output["name"], "") + text
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "text/plain" in data and not any(key.startswith("image/") for key in data):
                texts.append("".join(data["text/plain"]))
    texts = [streams[name] for name in sorted(streams)] + texts
    return [ADDRESS.sub("", text).rstrip() for text in texts]


def _figures(notebook: dict) -> int:
    outputs = sum(
        any(key.startswith("image/") for key in output.get("data", {}))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
        if "scrapbook" not in output.get("metadata", {})  # glue's record, not a display
    )
    markdown = sum(text.count("![") for text in _markdown(notebook))
    return outputs + markdown


def _without_maths(text: str) -> str:
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"(?<!\\)\$[^$]*?(?<!\\)\$", " ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"(?m)^[ >]*\d+\. ", " ", text)  # list numbers, which the page's <ol> draws
    return re.sub(r"<[^>]+>", " ", text)


def reader_problems(page_html: str, notebook: dict, run: dict) -> list[str]:
    """How the downloaded ``notebook`` (and its fresh ``run``) differs from the page it offers.

    Fails on MyST syntax or a glue placeholder left in its Markdown, fewer figures after the
    run than the page's article shows, a number in its Markdown that the page's text lacks, a
    glued value of the run that differs from the page's (``metadata.weightinit.glued``), and a
    printed output of the run that differs from the page's (the downloaded outputs).
    """
    problems = []
    for number, text in enumerate(_markdown(notebook), start=1):
        for what, pattern in MYST_SYNTAX.items():
            if match := pattern.search(text):
                line = text[: match.end()].rsplit("\n", 1)[-1] + text[match.end() :].split("\n")[0]
                problems.append(f"Markdown cell {number} has {what}: {line.strip()[:80]!r}")
    article, images = page_article(page_html)
    figures = _figures(run)
    if figures < images:
        problems.append(f"the run shows {figures} figures, the page {images}")
    page_numbers = set(NUMBER.findall(article))
    for text in _markdown(notebook):
        missing = sorted(set(NUMBER.findall(_without_maths(text))) - page_numbers)
        if missing:
            problems.append(f"numbers in the Markdown that the page lacks: {missing[:10]}")
    page_glued = notebook.get("metadata", {}).get("weightinit", {}).get("glued")
    if page_glued is None:
        problems.append("the notebook does not record the page's glued values")
    else:
        printed = "".join(
            text for text in _text_outputs(run["cells"][-1])
        )  # the last cell: the run's glued values as JSON
        try:
            run_glued = json.loads(printed)
        except json.JSONDecodeError:
            run_glued = {}
            problems.append("the run did not report its glued values")
        for name, value in sorted(page_glued.items()):
            if name not in run_glued:
                problems.append(f"the run glues nothing under {name!r} (the page shows {value!r})")
            elif run_glued[name] != value:
                problems.append(f"{name!r}: the run glues {run_glued[name]!r}, the page {value!r}")
    page_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    run_cells = [c for c in run["cells"] if c["cell_type"] == "code"][: len(page_cells)]
    for number, (page_cell, run_cell) in enumerate(
        zip(page_cells, run_cells, strict=False), start=1
    ):
        if _text_outputs(page_cell) != _text_outputs(run_cell):
            first = "".join(page_cell["source"]).strip().split("\n")[0][:60]
            problems.append(
                f"code cell {number} ({first!r}) prints {_text_outputs(run_cell)!r}, "
                f"the page {_text_outputs(page_cell)!r}"
            )
    return problems


def install_command(line: str, python: Path) -> list[str]:
    """The documented ``pip install ...`` line as a command for the environment's ``python``."""
    words = shlex.split(line)
    if words[:2] != ["pip", "install"]:
        raise ValueError(f"not a pip install line: {line!r}")
    return [str(python), "-m", "pip", *words[1:]]


def extras_count(line: str) -> int:
    """How many extras an install line asks for: ``"x.whl[a,b]"`` asks for 2."""
    if "[" not in line:
        return 0
    return line[line.index("[") + 1 : line.index("]")].count(",") + 1


def reader_environment(work: Path) -> dict[str, str]:
    """The environment for pip and the kernel: nothing of the developer's Python or Jupyter."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "JUPYTER", "IPYTHON", "VIRTUAL_ENV", "CONDA"))
        and key not in ("MATPLOTLIBRC", "MPLBACKEND", "MPLCONFIGDIR")
    }
    env |= {
        "PYTHONNOUSERSITE": "1",
        "JUPYTER_PATH": "",
        "JUPYTER_CONFIG_DIR": str(work / "jupyter" / "config"),
        "JUPYTER_DATA_DIR": str(work / "jupyter" / "data"),
        "JUPYTER_RUNTIME_DIR": str(work / "jupyter" / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": str(work / "ipython"),
        "MPLCONFIGDIR": str(work / "matplotlib"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_PROGRESS_BAR": "off",
    }
    # As in the docs build (docs/conf.py): one BLAS thread, faster for these small matrices on a
    # busy machine. The reader's default differs only in speed.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    return env


def run(
    command: list[str], *, cwd: Path, env: dict[str, str], label: str = ""
) -> subprocess.CompletedProcess:
    """Run a command, echoing it (or ``label``); output is captured and shown on failure."""
    print(label or f"$ {shlex.join(command)}", flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    return done


def check(html: Path, work: Path) -> int:
    """Run every notebook of the site at ``html`` in a fresh environment under ``work``."""
    boxes = read_site(html)
    if not boxes:
        print(f"no page of {html} has a run-this-page box: build the site first (make html)")
        return 1
    folder, env = work / "reader", reader_environment(work)
    folder.mkdir(parents=True)
    for box in boxes:
        for target in (box.notebook, box.wheel):
            copy = folder / posixpath.basename(target)
            if copy.exists() and copy.read_bytes() != (html / target).read_bytes():
                print(f"two different downloads are both called {copy.name}")
                return 1
            shutil.copyfile(html / target, copy)
    print(f"creating a fresh virtual environment in {work / 'venv'} ...", flush=True)
    start = time.perf_counter()
    venv.EnvBuilder(with_pip=True, clear=True).create(work / "venv")
    print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    python = work / "venv" / "bin" / "python"
    groups: dict[str, list[Box]] = {}
    for box in boxes:
        groups.setdefault(box.install, []).append(box)
    # Fewest extras first: each group runs with its own line installed and the earlier ones'.
    # The kernel tools join the first install (one pip run is quicker than two); they bring
    # IPython and Jupyter's libraries, which every reader's Jupyter has anyway.
    for number, line in enumerate(sorted(groups, key=lambda line: (extras_count(line), line))):
        command = install_command(line, python) + (KERNEL_TOOLS if number == 0 else [])
        done = run(command, cwd=folder, env=env)
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:])
            print(f"installing failed: {shlex.join(command)}")
            return 1
        if number == 0 and not probe_kernel(python, folder, env, work):
            return 1
        notebooks = [str(folder / posixpath.basename(box.notebook)) for box in groups[line]]
        print(f"running {len(notebooks)} notebooks installed with: {line}", flush=True)
        start = time.perf_counter()
        done = subprocess.run(
            [str(python), "-c", RUNNER, str(folder), GLUED, *notebooks],
            cwd=folder,
            env=env,
            check=False,
        )
        print(f"({time.perf_counter() - start:.0f} s)")
        if done.returncode != 0:
            print(f"a notebook failed in the fresh environment made with: {line}")
            return 1
    lines = "; ".join(sorted(groups))
    print(f"every one of the site's {len(boxes)} notebooks runs in a fresh environment ({lines})")
    problems = []
    for box in boxes:
        copy = folder / posixpath.basename(box.notebook)
        run_copy = copy.with_name(copy.stem + ".run.ipynb")
        problems += [
            f"{box.notebook}: {problem}"
            for problem in reader_problems(
                (html / box.page).read_text(encoding="utf-8"),
                json.loads(copy.read_text(encoding="utf-8")),
                json.loads(run_copy.read_text(encoding="utf-8")),
            )
        ]
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} differences between the notebooks and their pages")
        return 1
    print(f"each of the {len(boxes)} notebooks reads and computes as its page")
    return 0


def probe_kernel(python: Path, folder: Path, env: dict[str, str], work: Path) -> bool:
    """Check that the kernel nbclient starts is the fresh environment's, with the wheel's code."""
    code = (
        "import nbformat, nbclient, sys\n"
        f"nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell({PROBE!r})])\n"
        "nbclient.NotebookClient(nb, kernel_name='python3').execute()\n"
        "print(nb.cells[0].outputs[0]['text'], end='')\n"
    )
    done = run([str(python), "-c", code], cwd=folder, env=env, label="probing the kernel")
    lines = done.stdout.splitlines()
    prefix = Path(lines[0]).resolve() if lines else None
    package = Path(lines[1]).resolve() if len(lines) > 1 else None
    fresh = (work / "venv").resolve()
    if prefix != fresh or package is None or fresh not in package.parents:
        print(done.stdout[-2000:], done.stderr[-2000:])
        print(f"the kernel is not the fresh environment's (prefix {prefix}, weightinit {package})")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the check in a temporary directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--keep", action="store_true", help="keep the environment and folder")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"no built site in {args.html}: run make html first")
        return 1
    work = Path(tempfile.mkdtemp(prefix="weightinit-notebooks-"))
    start = time.perf_counter()
    try:
        return check(args.html.resolve(), work)
    except ValueError as error:
        print(error)
        return 1
    finally:
        print(f"{time.perf_counter() - start:.0f} s in total")
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
