"""Write the notebook a page offers for download from the page itself, as the reader sees it.

myst-nb executes a page's MyST source as a notebook whose Markdown cells are still MyST:
``{glue:text}`` placeholders, ``{math}`` fences, ``:::{admonition}`` lines, roles, and the hidden
cells that compute and check the prose's numbers between the paragraphs. Jupyter shows all of
that as literal text. This module builds the reader's notebook instead from the *resolved*
doctree of the page (after glue, references, citations and numbering were resolved, at
``doctree-resolved``) and the executed notebook's code cells:

- the text between two code cells becomes one Markdown cell, written by :class:`MarkdownWriter`
  in plain Jupyter Markdown: glued values as the page shows them, display maths as ``$$ … $$``
  (with the page's equation number), admonitions as block quotes, exercises' solutions in
  ``<details>``, tables as Markdown tables, references as their text (a link to the site when
  ``html_baseurl`` is known);
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
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

GLUE_PREFIX = "application/papermill.record/"
#: The first cell of every reader notebook.
STYLE_CELL = (
    "from weightinit.notebook import use_site_style\n\nuse_site_style()  # the site's figure style"
)
HIDDEN_HEADER = "# Hidden on the site: the numbers the text quotes, and checks of what it claims."
#: Classes of page parts that have no place in the notebook (the download box itself).
SKIPPED_CLASSES = {"run-this-page"}
_ESCAPED = re.compile(r"([\\`*_$<>\[\]|])")


def escape(text: str) -> str:
    """Escape the characters Jupyter's Markdown (and MathJax) would read as syntax."""
    return _ESCAPED.sub(r"\\\1", text)


def _code_cell_index(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
        return node.get("cell_index")
    return None


def _contains_code(node: nodes.Node) -> bool:
    return any(_code_cell_index(child) is not None for child in node.findall(nodes.container))


class MarkdownWriter:
    """Plain Jupyter Markdown for docutils nodes (the subset the pages use).

    ``site`` is the site's base URL ('' when unknown: internal references become their text);
    ``pagename`` is the page's name; ``fignumbers`` maps a figure or table id to its number.
    ``glued_image`` maps an image file to the glue name whose figure it is.
    """

    def __init__(
        self,
        site: str,
        pagename: str,
        fignumbers: dict[str, dict[str, tuple[int, ...]]],
        image_glue: Any,
    ) -> None:
        self.site = site.rstrip("/") + "/" if site else ""
        self.pagename = pagename
        self.fignumbers = fignumbers
        self.image_glue = image_glue
        self.unknown: set[str] = set()

    # --- inline ------------------------------------------------------------------------------
    def inline(self, node: nodes.Node) -> str:
        """The Markdown of an inline node and its children."""
        if isinstance(node, nodes.Text):
            return escape(str(node).replace("\n", " "))
        if isinstance(node, nodes.math):
            return "$" + node.astext().replace("\n", " ") + "$"
        if isinstance(node, nodes.literal):
            text = node.astext()
            fence = "``" if "`" in text else "`"
            return f"{fence}{text}{fence}"
        inner = "".join(self.inline(child) for child in node.children)
        if isinstance(node, nodes.strong):
            return f"**{inner}**" if inner.strip() else inner
        if isinstance(node, nodes.emphasis):
            return f"*{inner}*" if inner.strip() else inner
        if isinstance(node, nodes.reference):
            return self.link(node, inner)
        if isinstance(node, nodes.raw):  # HTML, but not the theme's icons
            html = node.astext()
            return html if node.get("format") == "html" and "<svg" not in html else ""
        if isinstance(node, nodes.footnote_reference):
            return f"[{inner}]"
        if isinstance(node, nodes.image):
            return self.image(node)
        if isinstance(node, (nodes.target, addnodes.index, nodes.substitution_definition)):
            return inner if isinstance(node, nodes.target) else ""
        return inner  # inline, abbreviation, literal_strong, title_reference, ...

    def link(self, node: nodes.reference, text: str) -> str:
        """A reference: external links stay links, internal ones link the site or are text."""
        uri = node.get("refuri", "")
        if uri.startswith(("http://", "https://", "mailto:")):
            return f"[{text}]({uri})"
        if not uri or uri.startswith("#") or not self.site or "refid" in node:
            return text
        here = posixpath.dirname(self.pagename)
        target = posixpath.normpath(posixpath.join(here, uri))
        return f"[{text}]({self.site}{target})"

    def image(self, node: nodes.image) -> str:
        alt = escape(node.get("alt", ""))
        uri = node.get("uri", "")
        if uri.startswith(("http://", "https://", "data:")):
            return f"![{alt}]({uri})"
        if self.site:
            return f"![{alt}]({self.site}_images/{posixpath.basename(uri)})"
        return f"*[{alt}]*"

    # --- blocks --------------------------------------------------------------------------------
    def blocks(self, children: list[nodes.Node], depth: int) -> list[str]:
        """The Markdown blocks of a list of block nodes (one string per block)."""
        out: list[str] = []
        for child in children:
            out.extend(self.block(child, depth))
        return [block for block in out if block.strip()]

    def block(self, node: nodes.Node, depth: int) -> list[str]:
        """The Markdown blocks of one block node; ``depth`` is the heading level of sections."""
        if SKIPPED_CLASSES & set(
            node.get("classes", []) if isinstance(node, nodes.Element) else []
        ):
            return []
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            heading = "#" * min(depth, 6) + " " + self.inline(title).strip()
            rest = [child for child in node.children if child is not title]
            return [heading, *self.blocks(rest, depth + 1)]
        if isinstance(node, (nodes.paragraph, nodes.line)):
            return [self.inline(node).strip()]
        if isinstance(node, nodes.rubric):
            return [f"**{self.inline(node).strip()}**"]
        if isinstance(node, nodes.math_block):
            return [self.math_block(node)]
        if isinstance(node, nodes.literal_block):
            language = node.get("language", "")
            language = "" if language in ("default", "none", "text") else language
            return [f"```{language}\n{node.astext().rstrip()}\n```"]
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return [self.list(node, depth)]
        if isinstance(node, nodes.definition_list):
            items = []
            for item in node.children:
                term = "".join(self.inline(c) for c in item.children if isinstance(c, nodes.term))
                body = [c for c in item.children if isinstance(c, nodes.definition)]
                text = "\n\n".join(self.blocks(body[0].children, depth)) if body else ""
                items.append(f"**{term.strip()}**\n" + self.indent(text, "> "))
            return items
        if isinstance(node, nodes.block_quote):
            return [self.indent("\n\n".join(self.blocks(node.children, depth)), "> ")]
        if isinstance(node, nodes.figure):
            return self.figure(node)
        if isinstance(node, nodes.table):
            return [self.table(node)]
        if isinstance(node, nodes.Admonition):
            return [self.admonition(node, depth)]
        if type(node).__name__ == "dropdown_main" or (
            isinstance(node, nodes.container) and node.get("design_component") == "dropdown"
        ):
            return [self.dropdown(node, depth)]
        if isinstance(node, nodes.image):
            return [self.image(node)]
        if isinstance(node, nodes.raw):
            return [node.astext()] if node.get("format") == "html" else []
        if isinstance(node, nodes.transition):
            return ["---"]
        if isinstance(
            node,
            (
                nodes.target,
                nodes.comment,
                addnodes.index,
                nodes.substitution_definition,
                addnodes.toctree,
                nodes.system_message,
            ),
        ):
            return []
        if isinstance(node, (nodes.container, nodes.compound, nodes.Part, nodes.Element)):
            if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.container):
                self.unknown.add(type(node).__name__)
                return [self.inline(node).strip()]
            if not isinstance(node, (nodes.container, nodes.compound, addnodes.only)):
                self.unknown.add(type(node).__name__)
            return self.blocks(list(node.children), depth)
        return [escape(node.astext())]

    @staticmethod
    def indent(text: str, prefix: str, first: str | None = None) -> str:
        """Prefix each line of ``text`` (the first with ``first``); blank lines stay bare."""
        lines = []
        for number, line in enumerate(text.split("\n")):
            lead = first if number == 0 and first is not None else prefix
            lines.append(lead + line if line else lead.rstrip())
        return "\n".join(lines)

    def list(self, node: nodes.Element, depth: int) -> str:
        items = []
        start = node.get("start", 1)
        for number, item in enumerate(node.children, start=start):
            marker = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
            text = "\n\n".join(self.blocks(item.children, depth))
            items.append(self.indent(text, " " * len(marker), first=marker))
        loose = any(len(item.children) > 1 for item in node.children)
        return ("\n\n" if loose else "\n").join(items)

    def math_block(self, node: nodes.math_block) -> str:
        latex = node.astext().strip()
        number = node.get("number")
        if number is not None and "\\tag" not in latex:
            if node.get("nowrap"):
                latex = latex.replace("\\end{", f"\\tag{{{number}}}\\end{{", 1)
            else:
                latex = f"{latex} \\tag{{{number}}}"
        return f"$$\n{latex}\n$$"

    def number(self, node: nodes.Element, kind: str) -> str:
        for node_id in node.get("ids", []):
            numbers = self.fignumbers.get(kind, {}).get(node_id)
            if numbers:
                return ".".join(str(n) for n in numbers)
        return ""

    def figure(self, node: nodes.figure) -> list[str]:
        """A figure: its image (or a glued figure's display cell, by the caller) and caption."""
        out = []
        for image in node.findall(nodes.image):
            out.append(self.image(image))
        caption = node.next_node(nodes.caption)
        legend = node.next_node(nodes.legend)
        number = self.number(node, "figure")
        text = self.inline(caption).strip() if caption else ""
        if legend:
            text += " " + " ".join(self.blocks(legend.children, 1))
        if text or number:
            label = f"Figure {number}. " if number else ""
            out.append(f"*{label}{text.strip()}*" if text else f"*{label.strip()}*")
        return out

    def cell_text(self, entry: nodes.Element) -> str:
        return " ".join(self.blocks(entry.children, 1)).replace("\n", " ").strip()

    def table(self, node: nodes.table) -> str:
        rows: list[list[str]] = []
        head_rows = 0
        for group in node.findall(nodes.tgroup):
            for part in group.children:
                if isinstance(part, (nodes.thead, nodes.tbody)):
                    for row in part.children:
                        rows.append([self.cell_text(entry) for entry in row.children])
                    if isinstance(part, nodes.thead):
                        head_rows += len(part.children)
            break
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        header = rows[0] if head_rows else [""] * width
        body = rows[1:] if head_rows else rows
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        title = node.next_node(nodes.title)
        number = self.number(node, "table")
        caption = ""
        if title or number:
            label = f"Table {number}. " if number else ""
            text = self.inline(title).strip() if title else ""
            caption = f"*{label}{text}*".replace("**", "") + "\n\n"
        return caption + "\n".join(lines)

    def admonition(self, node: nodes.Element, depth: int) -> str:
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            heading = self.inline(title).strip()
        else:
            heading = type(node).__name__.capitalize()
        body = [child for child in node.children if not isinstance(child, nodes.title)]
        text = "\n\n".join([f"**{heading}**", *self.blocks(body, depth)])
        return self.indent(text, "> ")

    def fold_title(self, node: nodes.Element) -> tuple[nodes.Element | None, str]:
        """The title node of a fold (a sphinx-design dropdown, before or after its HTML
        transform) and its text."""
        for child in node.children:
            if type(child).__name__ == "dropdown_title":
                text = child.next_node(
                    lambda n: isinstance(n, nodes.inline) and "sd-summary-text" in n["classes"]
                )
                return child, self.inline(text if text is not None else child).strip()
            if isinstance(child, (nodes.rubric, nodes.title)):
                return child, self.inline(child).strip()
        return None, ""

    def dropdown(self, node: nodes.Element, depth: int) -> str:
        """A fold (an exercise's solution): a ``<details>`` element, closed as on the page."""
        title_node, title = self.fold_title(node)
        body = [child for child in node.children if child is not title_node]
        text = "\n\n".join(self.blocks(body, depth))
        return f"<details>\n<summary>{title or 'Details'}</summary>\n\n{text}\n\n</details>"


class ReaderNotebook:
    """Collects the cells of a reader's notebook while walking a page's resolved doctree."""

    def __init__(
        self, executed: nbformat.NotebookNode, glue: dict[str, Any], writer: MarkdownWriter
    ) -> None:
        self.executed = executed
        self.writer = writer
        self.cells: list[nbformat.NotebookNode] = [nbformat.v4.new_code_cell(STYLE_CELL)]
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

    def has_cells(self, node: nodes.Node, srcdir: Path) -> bool:
        """Whether ``node`` holds a code cell or a glued figure (which becomes one)."""
        if _contains_code(node):
            return True
        return any(
            self.glue_name(image, srcdir) is not None
            for figure in node.findall(nodes.figure)
            if (image := figure.next_node(nodes.image)) is not None
        )

    def walk(self, children: list[nodes.Node], depth: int, srcdir: Path) -> None:
        """Add ``children`` (block nodes) to the notebook, code cells as code cells."""
        for child in children:
            index = _code_cell_index(child)
            if index is not None:
                self.code_cell(index, child)
                continue
            if isinstance(child, nodes.figure):
                image = child.next_node(nodes.image)
                name = self.glue_name(image, srcdir) if image is not None else None
                if name is not None:
                    self.glued_figure(name, child)
                    continue
            if isinstance(child, nodes.Element) and SKIPPED_CLASSES & set(child["classes"]):
                continue
            if isinstance(child, nodes.section) and self.has_cells(child, srcdir):
                title = child.next_node(nodes.title)
                self.markdown.append("#" * min(depth, 6) + " " + self.writer.inline(title).strip())
                rest = [c for c in child.children if c is not title]
                self.walk(rest, depth + 1, srcdir)
                continue
            if isinstance(child, nodes.Element) and self.has_cells(child, srcdir):
                # A fold around code cells (a "Going further" dropdown): its title, then its parts.
                title, text = self.writer.fold_title(child)
                if text:
                    self.markdown.append(f"**{text}**")
                rest = [c for c in child.children if c is not title]
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
) -> nbformat.NotebookNode:
    """The reader's notebook of a page, from its executed notebook and its resolved doctree.

    ``glue`` is what the page glued (myst-nb's ``<page>.glue.json``: name -> display output).
    """
    writer = MarkdownWriter(site, pagename, fignumbers or {}, None)
    reader = ReaderNotebook(executed, glue, writer)
    reader.visible = visible_cells(doctree)
    reader.walk(list(doctree.children), 1, srcdir)
    notebook = reader.finish()
    if writer.unknown:
        logger.debug("reader notebook %s: nodes written as text: %s", pagename, writer.unknown)
    figures = sum(1 for _ in doctree.findall(nodes.image))
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
    )
    target = Path(app.outdir, "_sources", *f"{docname}.ipynb".split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the reader notebooks after the download box was added (priority 500)."""
    app.connect("doctree-resolved", write_reader_notebook, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
