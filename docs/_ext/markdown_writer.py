"""Plain Jupyter Markdown from docutils nodes: the text of a page as the reader saw it.

:class:`MarkdownWriter` writes the resolved doctree of a page (glue, references and numbers
resolved) as the Markdown a Jupyter notebook shows: emphasis, code and inline maths as such,
display maths as ``$$ … $$`` with the page's equation number, admonitions as block quotes with
their title, folds (sphinx-design dropdowns) as ``<details>``, tables as Markdown tables with
their number and caption, figures as their image and caption, and references as their text, or
as links when the site's address is known. ``reader_notebook`` uses it for the text between a
page's code cells.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes

#: Classes of page parts that have no place in the notebook (the download box itself).
SKIPPED_CLASSES = {"run-this-page"}
_ESCAPED = re.compile(r"([\\`*_$<>\[\]|])")


def escape(text: str) -> str:
    """Escape the characters Jupyter's Markdown (and MathJax) would read as syntax."""
    return _ESCAPED.sub(r"\\\1", text)


#: A numbered figure's or table's label before its caption, in the English edition.
CAPTION_LABELS = {"figure": "Figure %s. ", "table": "Table %s. "}


class MarkdownWriter:
    """Plain Jupyter Markdown for docutils nodes (the subset the pages use).

    ``site`` is the site's base URL ('' when unknown: internal references become their text);
    ``pagename`` is the page's name; ``fignumbers`` maps a figure or table id to its number;
    ``labels`` gives the label of a numbered figure or table, before its caption (the
    edition's: ``図 %s：`` in the Japanese one).
    """

    def __init__(
        self,
        site: str,
        pagename: str,
        fignumbers: dict[str, dict[str, tuple[int, ...]]],
        labels: dict[str, str] | None = None,
    ) -> None:
        self.site = site.rstrip("/") + "/" if site else ""
        self.pagename = pagename
        self.fignumbers = fignumbers
        self.labels = {**CAPTION_LABELS, **(labels or {})}
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
    def blocks(self, children: Sequence[nodes.Node], depth: int) -> list[str]:
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
            assert title is not None  # a section has a title
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
            return [self.list_block(node, depth)]
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

    def list_block(self, node: nodes.Element, depth: int) -> str:
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
        for node_id in node["ids"]:
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
            label = self.labels["figure"] % number if number else ""
            out.append(f"*{label}{text.strip()}*" if text else f"*{label.strip()}*")
        return out

    def cell_text(self, entry: nodes.Node) -> str:
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
            label = self.labels["table"] % number if number else ""
            text = self.inline(title).strip() if title else ""
            caption = f"*{label}{text}*".replace("**", "") + "\n\n"
        return caption + "\n".join(lines)

    def admonition(self, node: nodes.Node, depth: int) -> str:
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            heading = self.inline(title).strip()
        else:
            heading = type(node).__name__.capitalize()
        body = [child for child in node.children if not isinstance(child, nodes.title)]
        text = "\n\n".join([f"**{heading}**", *self.blocks(body, depth)])
        return self.indent(text, "> ")

    def fold_title(self, node: nodes.Node) -> tuple[nodes.Node | None, str]:
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

    def dropdown(self, node: nodes.Node, depth: int) -> str:
        """A fold (an exercise's solution): a ``<details>`` element, closed as on the page."""
        title_node, title = self.fold_title(node)
        body = [child for child in node.children if child is not title_node]
        text = "\n\n".join(self.blocks(body, depth))
        return f"<details>\n<summary>{title or 'Details'}</summary>\n\n{text}\n\n</details>"
