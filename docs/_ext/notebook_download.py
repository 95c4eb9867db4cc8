"""Offer every executed page as a Jupyter notebook in the theme's download menu.

sphinx-book-theme lists a ``.ipynb`` entry in its download menu when the page context has an
``ipynb_source``, but nothing in myst-nb sets it any more, so a MyST page only offers its ``.md``
source (which Jupyter opens as a notebook only with jupytext installed). The menu points at
the reader's notebook, which ``reader_notebook`` writes from the page as shown (with its
outputs) next to the page source in ``_sources/``, so readers can open and run the page in any
Jupyter. Its printed output is shown as on the page: with ``nb_merge_streams`` myst-nb merges a
cell's stream outputs into the first one *in place* and writes the notebook with the other
pieces still there, so the executed notebook shows printed lines twice, split where the kernel
happened to split them; the reader's notebook keeps one merged stream per name
(:func:`merge_streams`).

It also puts a short "Run this page yourself" box on every page that has a notebook (before the
page's first subsection): the notebook and the package's wheel (which ``package_wheel`` ships
in ``_downloads/``) to download, and the exact ``pip install`` line, with the extras that
``notebook_install_extras`` (page name -> extras) names for the page. The front page's box also
names the pages that need an extra. ``scripts/check_notebooks.py`` runs every notebook in a
fresh environment made from the install line this box shows.
"""

from __future__ import annotations

import posixpath
import tomllib
from html import escape
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from package_wheel import DOWNLOADS, wheel_name
from sphinx.application import Sphinx

#: The class of the box, which scripts/check_notebooks.py looks for in the built pages.
BOX_CLASS = "run-this-page"


def executed_notebook(app: Sphinx, pagename: str) -> Path | None:
    """Return the notebook myst-nb wrote for ``pagename``, or None for a page without code."""
    if NbMetadataCollector.get_exec_data(app.env, pagename) is None:
        return None
    output_folder = Path(app.env.mystnb_config.output_folder)
    notebook = output_folder.joinpath(*f"{pagename}.ipynb".split("/"))
    return notebook if notebook.is_file() else None


def merge_streams(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep one stream output per name in each cell, holding all its text, as the page shows.

    When the first piece already ends with the later pieces (myst-nb merged them into it), the
    later ones are dropped; otherwise they are appended to it (as myst-nb's merge would).
    """
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept, first, later = [], {}, {}
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                if output.name in first:
                    later[output.name].append(output.text)
                    continue
                first[output.name], later[output.name] = output, []
            kept.append(output)
        for name, pieces in later.items():
            suffix = "".join(piece.rstrip() + "\n" for piece in pieces if piece.rstrip())
            if not first[name].text.endswith(suffix):
                first[name].text = first[name].text.rstrip() + "\n" + suffix
        cell.outputs = kept
    return notebook


def add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Name the page's reader notebook in ``_sources/`` (``reader_notebook``) in the context."""
    if doctree is None or str(context.get("page_source_suffix", "")) == ".ipynb":
        return  # generated pages have no source; a notebook page already offers itself
    name = f"{pagename}.ipynb"
    if executed_notebook(app, pagename) is None:
        return
    if not Path(app.outdir, "_sources", *name.split("/")).is_file():
        return
    context["ipynb_source"] = name


def install_line(wheel: str, extras: list[str] | tuple[str, ...] = ()) -> str:
    """The ``pip install`` line for ``wheel`` with ``extras``, quoted for any shell."""
    if not extras:
        return f"pip install {wheel}"
    return f'pip install "{wheel}[{",".join(sorted(extras))}]"'


def python_requirement(pyproject: Path) -> str:
    """``Python 3.11 or newer`` from ``requires-python = ">=3.11"`` (else the raw specifier)."""
    spec = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["requires-python"]
    return f"Python {spec[2:]} or newer" if spec.startswith(">=") else f"Python {spec}"


def _link(text: str, href: str) -> nodes.raw:
    html = f'<a class="reference download" href="{escape(href)}" download>{escape(text)}</a>'
    return nodes.raw("", html, format="html")


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def run_box(
    pagename: str,
    wheel: str,
    extras: list[str],
    python: str,
    needing_extras: dict[str, tuple[str, list[str]]],
) -> nodes.admonition:
    """The box for ``pagename``; ``needing_extras`` (front page only) maps page -> title, extras."""
    here = posixpath.dirname(pagename)
    notebook = f"{pagename}.ipynb"
    box = nodes.admonition(classes=[BOX_CLASS])
    box += nodes.title("", "Run this page yourself")
    intro = nodes.paragraph()
    intro += nodes.Text("Download this page as a notebook, ")
    intro += _link(posixpath.basename(notebook), posixpath.relpath(f"_sources/{notebook}", here))
    intro += nodes.Text(", and the package, ")
    intro += _link(wheel, posixpath.relpath(f"{DOWNLOADS}/{wheel}", here))
    intro += nodes.Text(f", into one folder; there, with {python}, run:")
    box += intro
    commands = "\n".join(
        [
            install_line(wheel, extras),
            "pip install jupyterlab  # or any other Jupyter",
            f"jupyter lab {posixpath.basename(notebook)}",
        ]
    )
    box += nodes.literal_block(commands, commands, language="shell")
    if extras:
        note = nodes.paragraph()
        note += nodes.Text("This page needs the package's ")
        note += _code(", ".join(extras))
        note += nodes.Text(" extra, which the first line installs.")
        box += note
    for page, (title, page_extras) in needing_extras.items():
        note = nodes.paragraph()
        href = posixpath.relpath(f"{page}.html", here)
        note += nodes.raw(
            "", f'<a class="reference internal" href="{escape(href)}">', format="html"
        )
        note += nodes.Text(title)
        note += nodes.raw("", "</a>", format="html")
        note += nodes.Text(" needs the ")
        note += _code(", ".join(page_extras))
        note += nodes.Text(" extra: ")
        note += _code(install_line(wheel, page_extras))
        note += nodes.Text(".")
        box += note
    return box


def add_run_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the box before the first subsection of a page that has a notebook."""
    if app.builder.format != "html" or executed_notebook(app, docname) is None:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    extras = dict(app.config.notebook_install_extras)
    needing = {}
    if docname == app.config.root_doc:
        needing = {
            page: (app.env.titles[page].astext(), list(page_extras))
            for page, page_extras in sorted(extras.items())
            if page in app.env.titles
        }
    pyproject = Path(app.config.package_wheel_root or Path(app.srcdir).parent) / "pyproject.toml"
    box = run_box(
        docname,
        wheel_name(app),
        list(extras.get(docname, [])),
        python_requirement(pyproject),
        needing,
    )
    subsection = next((child for child in top.children if isinstance(child, nodes.section)), None)
    if subsection is None:
        top += box
    else:
        top.insert(top.index(subsection), box)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handlers; the download one ahead of the theme's header buttons (501)."""
    app.setup_extension("package_wheel")
    app.setup_extension("reader_notebook")
    app.add_config_value("notebook_install_extras", {}, "env")
    app.connect("doctree-resolved", add_run_box)
    app.connect("html-page-context", add_notebook_download, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
