"""Write the notebook a page offers for download from the page itself, as the reader sees it.

myst-nb executes a page's MyST source as a notebook whose Markdown cells are still MyST:
``{glue:text}`` placeholders, ``{math}`` fences, ``:::{admonition}`` lines, roles, and the hidden
cells that compute and check the prose's numbers between the paragraphs. Jupyter shows all of
that as literal text. This module builds the reader's notebook instead from the *resolved*
doctree of the page (after glue, references, citations and numbering were resolved, at
``doctree-resolved``) and the executed notebook's code cells:

- the text between two code cells becomes one Markdown cell, written by
  :class:`markdown_writer.MarkdownWriter` in plain Jupyter Markdown: glued values as the page
  shows them, display maths as ``$$ … $$`` (with the page's equation number), admonitions as
  block quotes, exercises' solutions in ``<details>``, tables as Markdown tables, references
  as their text (a link to the site when ``html_baseurl`` is known);
- the page's visible code cells keep their source and outputs (``remove-input`` cells their
  outputs, with the source collapsed);
- a figure the page shows through ``{glue:figure}`` becomes a short collapsed cell calling
  :func:`weightinit.notebook.show_glued` where the page shows it, followed by its caption;
- the hidden cells (``remove-cell``) keep running in order, so the notebook still checks its
  claims, but collapsed and merged into one cell just before the next code cell, so that they
  never split a paragraph from the next;
- a first cell applies the site's figure style (:func:`weightinit.notebook.use_site_style`).

The notebook's metadata (``weightinit``) records what the page showed: the page, its glued
values (``text/plain``) and how many figures it has, which ``scripts/check_notebooks.py``
compares with a fresh run.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from markdown_writer import SKIPPED_CLASSES, MarkdownWriter
from sphinx.application import Sphinx
from sphinx.util import logging

from weightinit.plotting.phone import PHONE_METADATA_KEY

logger = logging.getLogger(__name__)

#: The label before a numbered figure's or table's caption, per edition (English's is the
#: writer's default).
CAPTION_LABELS_BY_LANGUAGE = {"ja": {"figure": "図 %s：", "table": "表 %s："}}

GLUE_PREFIX = "application/papermill.record/"
#: The first cell of every reader notebook.
STYLE_CELL = (
    "from weightinit.notebook import use_site_style\n\nuse_site_style()  # the site's figure style"
)
#: The first cell of the Japanese edition's notebooks: the figures' labels in Japanese too
#: (weightinit.plotting.labels; written only when the package being built has it).
JAPANESE_STYLE_CELL = (
    "from weightinit.notebook import use_site_style\n"
    "from weightinit.plotting.labels import set_language\n\n"
    "use_site_style()  # the site's figure style\n"
    'set_language("ja")  # the figures\' labels in Japanese'
)
HIDDEN_HEADER = "# Hidden on the site: the numbers the text quotes, and checks of what it claims."


def _code_cell_index(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
        return node.get("cell_index")
    return None


def _contains_code(node: nodes.Node) -> bool:
    return any(_code_cell_index(child) is not None for child in node.findall(nodes.container))


class ReaderNotebook:
    """Collects the cells of a reader's notebook while walking a page's resolved doctree."""

    def __init__(
        self,
        executed: nbformat.NotebookNode,
        glue: dict[str, Any],
        writer: MarkdownWriter,
        first_cell: str = STYLE_CELL,
    ) -> None:
        self.executed = executed
        self.writer = writer
        self.cells: list[nbformat.NotebookNode] = [nbformat.v4.new_code_cell(first_cell)]
        self.cells[0].metadata["jupyter"] = {"source_hidden": True}
        self.markdown: list[str] = []
        self.next_index = 0  # the first executed cell not yet placed
        self.visible: set[int] = set()
        self.glue_image: dict[str, str] = {}  # sha256 of a glued PNG -> its glue name
        self.glued: dict[str, str] = {}  # glue name -> text/plain, for what is not an image
        for name, output in glue.items():
            data = {key.removeprefix(GLUE_PREFIX): v for key, v in output["data"].items()}
            if "image/png" in data:
                digest = hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest()
                self.glue_image[digest] = name
            elif "text/plain" in data:
                self.glued[name] = data["text/plain"]

    def glue_cell(self, name: str) -> int | None:
        """The cell that glues ``name``: the first whose source quotes it, or None."""
        quoted = (f'"{name}"', f"'{name}'")
        for index, cell in enumerate(self.executed.cells):
            if cell.cell_type == "code" and any(text in cell.source for text in quoted):
                return index
        return None

    def next_visible(self) -> int:
        """The index of the next visible code cell not placed yet (or past the last cell)."""
        later = [index for index in self.visible if index >= self.next_index]
        return min(later, default=len(self.executed.cells))

    def flush_markdown(self) -> None:
        text = "\n\n".join(block.strip("\n") for block in self.markdown if block.strip())
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(text))
        self.markdown = []

    def place_until(self, stop: int) -> None:
        """Place the executed cells before index ``stop`` not placed yet (hidden ones, merged)."""
        hidden = []
        while self.next_index < stop:
            cell = self.executed.cells[self.next_index]
            if cell.cell_type == "code" and self.next_index not in self.visible:
                hidden.append(cell)
            self.next_index += 1
        if not hidden:
            return
        self.flush_markdown()
        source = "\n\n".join([HIDDEN_HEADER, *(cell.source.strip() for cell in hidden)])
        merged = nbformat.v4.new_code_cell(source)
        merged.outputs = [output for cell in hidden for output in cell.get("outputs", [])]
        merged.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        merged.metadata["tags"] = ["remove-cell"]
        self.cells.append(merged)

    def code_cell(self, index: int, node: nodes.Element) -> None:
        self.place_until(index)
        self.flush_markdown()
        cell = nbformat.from_dict(dict(self.executed.cells[index]))
        for output in cell.get("outputs", []):
            # the site's phone layout of a figure: the reader's Jupyter shows the figure itself
            output.get("metadata", {}).get("image/png", {}).pop(PHONE_METADATA_KEY, None)
        shows_source = any(
            child.get("nb_element") == "cell_code_source"
            for child in node.children
            if isinstance(child, nodes.Element)
        )
        if not shows_source:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        self.cells.append(cell)
        self.next_index = max(self.next_index, index + 1)

    def glued_figure(self, name: str, node: nodes.figure) -> None:
        """Show the figure glued as ``name`` where the page does, after the cell that glues it.

        The hidden cells that come before the next visible one can move up freely (only
        Markdown lies between), so a figure the page shows before its hidden cell draws it is
        shown after that cell.
        """
        index = self.glue_cell(name)
        self.place_until(self.next_visible() if index is None else index + 1)
        self.flush_markdown()
        cell = nbformat.v4.new_code_cell(
            f'from weightinit.notebook import show_glued\n\nshow_glued("{name}")'
        )
        cell.metadata["jupyter"] = {"source_hidden": True}
        self.cells.append(cell)
        caption = [block for block in self.writer.figure(node) if block.startswith("*")]
        self.markdown.extend(caption[-1:])

    def glue_name(self, image: nodes.image, srcdir: Path) -> str | None:
        for uri in [image.get("uri", ""), *image.get("candidates", {}).values()]:
            for path in (Path(uri), srcdir / uri):
                if path.is_absolute() and path.is_file():
                    return self.glue_image.get(hashlib.sha256(path.read_bytes()).hexdigest())
        return None

    def figure_glue_name(self, figure: nodes.figure, srcdir: Path) -> str | None:
        """The glue name of the figure's image, or None. A figure the site draws twice holds
        its phone layout too (docs/_ext/phone_figures.py), which no glued PNG matches."""
        for image in figure.findall(nodes.image):
            if (name := self.glue_name(image, srcdir)) is not None:
                return name
        return None

    def has_cells(self, node: nodes.Node, srcdir: Path) -> bool:
        """Whether ``node`` holds a code cell or a glued figure (which becomes one)."""
        if _contains_code(node):
            return True
        return any(
            self.figure_glue_name(figure, srcdir) is not None
            for figure in node.findall(nodes.figure)
        )

    def walk(self, children: list[nodes.Node], depth: int, srcdir: Path) -> None:
        """Add ``children`` (block nodes) to the notebook, code cells as code cells."""
        for child in children:
            index = _code_cell_index(child)
            if index is not None and isinstance(child, nodes.Element):  # a container
                self.code_cell(index, child)
                continue
            if isinstance(child, nodes.figure):
                name = self.figure_glue_name(child, srcdir)
                if name is not None:
                    self.glued_figure(name, child)
                    continue
            if isinstance(child, nodes.Element) and SKIPPED_CLASSES & set(child["classes"]):
                continue
            if isinstance(child, nodes.section) and self.has_cells(child, srcdir):
                title = child.next_node(nodes.title)
                assert title is not None  # a section has a title
                self.markdown.append("#" * min(depth, 6) + " " + self.writer.inline(title).strip())
                rest = [c for c in child.children if c is not title]
                self.walk(rest, depth + 1, srcdir)
                continue
            if isinstance(child, nodes.Element) and self.has_cells(child, srcdir):
                # A fold around code cells (a "Going further" dropdown): its title, then its parts.
                fold_title, text = self.writer.fold_title(child)
                if text:
                    self.markdown.append(f"**{text}**")
                rest = [c for c in child.children if c is not fold_title]
                self.walk(rest, depth, srcdir)
                continue
            self.markdown.extend(self.writer.block(child, depth))

    def finish(self) -> nbformat.NotebookNode:
        self.place_until(len(self.executed.cells))
        self.flush_markdown()
        notebook = nbformat.v4.new_notebook(cells=self.cells, metadata=self.executed.metadata)
        notebook.metadata.pop("mystnb", None)
        return notebook


def visible_cells(doctree: nodes.Node) -> set[int]:
    """The indices of the executed cells the page shows (the others are ``remove-cell``)."""
    return {
        index
        for node in doctree.findall(nodes.container)
        if (index := _code_cell_index(node)) is not None
    }


def reader_notebook(
    executed: nbformat.NotebookNode,
    glue: dict[str, Any],
    doctree: nodes.document,
    *,
    pagename: str,
    site: str = "",
    fignumbers: dict[str, dict[str, tuple[int, ...]]] | None = None,
    srcdir: Path = Path(),
    language: str = "en",
) -> nbformat.NotebookNode:
    """The reader's notebook of a page, from its executed notebook and its resolved doctree.

    ``glue`` is what the page glued (myst-nb's ``<page>.glue.json``: name -> display output).
    The doctree is the page in its edition's ``language`` (the Japanese edition's is already
    translated), so the notebook's text is too; a Japanese notebook's first cell also sets the
    figures' labels in Japanese, and its captions' labels are the edition's.
    """
    labels = CAPTION_LABELS_BY_LANGUAGE.get(language)
    writer = MarkdownWriter(site, pagename, fignumbers or {}, labels)
    first = STYLE_CELL
    if language == "ja" and importlib.util.find_spec("weightinit.plotting.labels") is not None:
        first = JAPANESE_STYLE_CELL
    reader = ReaderNotebook(executed, glue, writer, first)
    reader.visible = visible_cells(doctree)
    reader.walk(list(doctree.children), 1, srcdir)
    notebook = reader.finish()
    if writer.unknown:
        logger.debug("reader notebook %s: nodes written as text: %s", pagename, writer.unknown)
    figures = sum(1 for image in doctree.findall(nodes.image) if not _is_phone_layout(image))
    notebook.metadata["weightinit"] = {
        "page": f"{pagename}.html",
        "glued": reader.glued,
        "figures": figures,
    }
    return notebook


def write_reader_notebook(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: write the page's reader notebook where the download box links."""
    from notebook_download import executed_notebook, merge_streams

    if app.builder.format != "html":
        return
    path = executed_notebook(app, docname)
    if path is None:
        return
    executed = merge_streams(nbformat.read(path, as_version=4))
    glue_file = path.with_name(path.stem + ".glue.json")
    glue = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}
    site = app.config.html_baseurl or ""
    notebook = reader_notebook(
        executed,
        glue,
        doctree,
        pagename=docname,
        site=site,
        fignumbers=app.env.toc_fignumbers.get(docname, {}),
        srcdir=Path(app.srcdir),
        language=app.config.language or "en",
    )
    target = Path(app.outdir, "_sources", *f"{docname}.ipynb".split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the reader notebooks after the download box was added (priority 500)."""
    app.connect("doctree-resolved", write_reader_notebook, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _is_phone_layout(image: nodes.image) -> bool:
    # the second drawing of a figure, for phones (phone_figures.phone_source): not a figure
    return type(image.parent).__name__ == "phone_source"
