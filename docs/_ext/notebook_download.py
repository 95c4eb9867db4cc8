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

It also puts a short "Run this page yourself" box, folded under its title, on every page that
has a notebook (before the page's first subsection, after its opening box): the notebook and the
package's wheel (which ``package_wheel`` ships in ``_downloads/``) to download, and the exact
``pip install`` line, with the extras that ``notebook_install_extras`` (page name -> extras)
names for the page. The front page's box also names, in one sentence, the pages that need an
extra. ``scripts/check_notebooks.py`` runs every notebook in a
fresh environment made from the install line this box shows.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from html import escape
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from edition import ui
from myst_nb.sphinx_ import NbMetadataCollector
from package_wheel import DOWNLOADS, wheel_name
from sphinx.application import Sphinx

#: The class of the box, which scripts/check_notebooks.py looks for in the built pages.
BOX_CLASS = "run-this-page"


def executed_notebook(app: Sphinx, pagename: str) -> Path | None:
    """Return the notebook myst-nb wrote for ``pagename``, or None for a page without code."""
    if NbMetadataCollector.get_exec_data(app.env, pagename) is None:
        return None
    output_folder = Path(app.env.mystnb_config.output_folder)  # type: ignore[attr-defined]
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
        kept: list[nbformat.NotebookNode] = []
        first: dict[str, nbformat.NotebookNode] = {}
        later: dict[str, list[str]] = {}
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


def python_requirement(pyproject: Path, language: str = "en") -> str:
    """``Python 3.11 or newer`` from ``requires-python = ">=3.11"`` (else the raw specifier)."""
    spec = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["requires-python"]
    if spec.startswith(">="):
        return ui(language, "Python {version} or newer", version=spec[2:])
    return ui(language, "Python {version}", version=spec)


def _fill(template: str, **parts: list[nodes.Node]) -> list[nodes.Node]:
    """The nodes of ``template``, its text as Text and each ``{name}`` as ``parts[name]``."""
    out: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if index % 2:
            out.extend(parts[piece])
        elif piece:
            out.append(nodes.Text(piece))
    return out


def _link(text: str, href: str) -> nodes.raw:
    html = f'<a class="reference download" href="{escape(href)}" download>{escape(text)}</a>'
    return nodes.raw("", html, format="html")


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _page_link(title: str, href: str) -> list[nodes.Node]:
    return [
        nodes.raw("", f'<a class="reference internal" href="{escape(href)}">', format="html"),
        nodes.Text(title),
        nodes.raw("", "</a>", format="html"),
    ]


def _series(items: list[list[nodes.Node]], language: str = "en") -> list[nodes.Node]:
    """``a``, ``a and b``, ``a, b and c`` (in Japanese ``a、b、c``)."""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(ui(language, " and " if index == len(items) - 1 else ", ")))
        out.extend(item)
    return out


#: The fold's opening: a sphinx-design dropdown, closed, as the "Going further" parts.
FOLD_OPEN = (
    '<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3 run-this-page-fold">'
    '<summary class="sd-summary-title sd-card-header">'
    '<span class="sd-summary-text">{title}</span>'
    '<span class="sd-summary-state-marker sd-summary-chevron-right">'
    '<svg version="1.1" width="1.5em" height="1.5em" class="sd-octicon sd-octicon-chevron-right"'
    ' viewBox="0 0 24 24" aria-hidden="true"><path d="M8.72 18.78a.75.75 0 0 1 0-1.06L14.44 12'
    " 8.72 6.28a.751.751 0 0 1 .018-1.042.751.751 0 0 1 1.042-.018l6.25 6.25a.75.75 0 0 1 0"
    ' 1.06l-6.25 6.25a.75.75 0 0 1-1.06 0Z"></path></svg></span></summary>'
    '<div class="sd-summary-content sd-card-body docutils">'
)
FOLD_CLOSE = "</div></details>"


def run_box(
    pagename: str,
    wheel: str,
    extras: list[str],
    python: str,
    needing_extras: dict[str, tuple[str, list[str]]],
    language: str = "en",
    edition_extras: list[str] | tuple[str, ...] = (),
) -> nodes.container:
    """The box for ``pagename``; ``needing_extras`` (front page only) maps page -> title, extras.

    The box is folded (closed) under its title, so that it does not stand between the page's
    opening and its first section. Its text is in ``language``; ``edition_extras`` are the
    extras the edition's notebooks need (the Japanese edition's font), added to every install
    line without a note.
    """
    here = posixpath.dirname(pagename)
    notebook = f"{pagename}.ipynb"
    box = nodes.container(classes=[BOX_CLASS])
    title = escape(ui(language, "Run this page yourself"))
    box += nodes.raw("", FOLD_OPEN.format(title=title), format="html")
    intro = nodes.paragraph()
    intro.extend(
        _fill(
            ui(
                language,
                "Download this page as a notebook, {notebook}, and the package, {wheel}, "
                "into one folder; there, with {python}, run:",
            ),
            notebook=[
                _link(posixpath.basename(notebook), posixpath.relpath(f"_sources/{notebook}", here))
            ],
            wheel=[_link(wheel, posixpath.relpath(f"{DOWNLOADS}/{wheel}", here))],
            python=[nodes.Text(python)],
        )
    )
    box += intro
    commands = "\n".join(
        [
            install_line(wheel, [*extras, *edition_extras]),
            f"pip install jupyterlab  {ui(language, '# or any other Jupyter')}",
            f"jupyter lab {posixpath.basename(notebook)}",
        ]
    )
    box += nodes.literal_block(commands, commands, language="shell")
    if extras:
        note = nodes.paragraph()
        note.extend(
            _fill(
                ui(
                    language,
                    "This page needs the package's {extras} extra, which the first line installs.",
                ),
                extras=[_code(", ".join(extras))],
            )
        )
        box += note
    # The front page: one sentence per extra, naming every page that needs it.
    by_extras: dict[tuple[str, ...], list[list[nodes.Node]]] = {}
    for page, (page_title, page_extras) in needing_extras.items():
        link = _page_link(page_title, posixpath.relpath(f"{page}.html", here))
        by_extras.setdefault(tuple(sorted(page_extras)), []).append(link)
    for shared_extras, links in by_extras.items():
        verb = "need" if len(links) > 1 else "needs"
        noun = "extra" if len(shared_extras) == 1 else "extras"
        note = nodes.paragraph()
        note.extend(
            _fill(
                ui(language, f"{{pages}} {verb} the {{extras}} {noun}, which {{line}} installs."),
                pages=_series(links, language),
                extras=[_code(", ".join(shared_extras))],
                line=[_code(install_line(wheel, [*shared_extras, *edition_extras]))],
            )
        )
        box += note
    box += nodes.raw("", FOLD_CLOSE, format="html")
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
    language = app.config.language or "en"
    box = run_box(
        docname,
        wheel_name(app),
        list(extras.get(docname, [])),
        python_requirement(pyproject, language),
        needing,
        language,
        list(app.config.notebook_edition_extras.get(language, [])),
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
    # language -> the extras every notebook of that edition needs (the Japanese figures' font)
    app.add_config_value("notebook_edition_extras", {}, "env")
    app.connect("doctree-resolved", add_run_box)
    app.connect("html-page-context", add_notebook_download, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
