"""Fold optional depth into "Going further" dropdowns, even around code cells.

A MyST directive cannot contain a notebook's code cells (each cell is a top-level block), so a
dropdown cannot wrap a side section with its computations. These two directives mark where a
folded part starts and ends instead::

    :::{going-further} Fan-in or fan-out
    :::

    ...prose, code cells and their figures...

    :::{end-going-further}
    :::

The start directive runs sphinx-design's own ``dropdown`` directive (closed unless ``:open:``,
with the container class ``going-further``) with the title and no content, behind a marker; after
parsing (and translation), :class:`WrapGoingFurther` moves everything between the marker and the
end marker into that dropdown and prefixes its title with "Going further: ", so it looks and
behaves like the exercises' solutions. The markers must be siblings: a heading between them
(a new section) is an error, so the headings, and the references to them, stay in the main
line. ``going-further.js`` opens a dropdown when a link points inside it, and
``lecture-boxes.css`` styles the folded parts and the lecture's "In one minute" and "Key idea"
boxes.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from edition import ui
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The class every folded part carries (on the dropdown's <details> element).
CLASS = "going-further"
PREFIX = "Going further: "


class going_further_start(nodes.Element):
    """Marks the start of a folded part; the dropdown after it takes what follows. Removed."""


class going_further_end(nodes.Element):
    """Marks the end of a folded part. Removed by the transform."""


class GoingFurtherDirective(Directive):
    """``going-further``: start a folded part; the argument is its title."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict] = {"open": directives.flag}

    def run(self) -> list[nodes.Node]:
        # sphinx-design's dropdown, as registered, with the title and the class; empty for now
        dropdown, messages = directives.directive(
            "dropdown", self.state.memo.language, self.state.document
        )
        if dropdown is None:
            raise self.error("going-further needs sphinx_design's dropdown directive")
        options = {"class-container": [CLASS], **({"open": None} if "open" in self.options else {})}
        folded = dropdown(
            "dropdown",
            [self.arguments[0]],
            options,
            StringList(),
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()
        marker = going_further_start()
        marker.source, marker.line = self.state_machine.get_source_and_line(self.lineno)
        for title in folded[0].findall(nodes.rubric):  # gettext extracts a title with a source
            title.source, title.line = marker.source, marker.line
        return [marker, *folded, *messages]


class EndGoingFurtherDirective(Directive):
    """``end-going-further``: end the folded part started before it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        marker = going_further_end()
        marker.source, marker.line = self.state_machine.get_source_and_line(self.lineno)
        return [marker]


def _is_dropdown(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.get("design_component") == "dropdown"


def wrap(document: nodes.Node, prefix: str = PREFIX) -> list[str]:
    """Move what lies between each start marker's dropdown and its end marker into the dropdown.

    The dropdown's title gets ``prefix`` in front of its (translated) title. Returns the
    problems found (unbalanced or nested markers), one message each; a start with a problem is
    removed with its empty dropdown, and its content left in place.
    """
    problems = []
    for start in list(document.findall(going_further_start)):
        parent = start.parent
        index = parent.index(start)
        where = f"{start.source}:{start.line}"
        if index + 1 >= len(parent) or not _is_dropdown(parent[index + 1]):
            problems.append(f"{where}: going-further is not followed by its dropdown")
            parent.remove(start)
            continue
        dropdown = parent[index + 1]
        end_index = None
        for position in range(index + 2, len(parent)):
            sibling = parent[position]
            if isinstance(sibling, going_further_start):
                break
            if isinstance(sibling, going_further_end):
                end_index = position
                break
        if end_index is None:
            problems.append(
                f"{where}: going-further has no end-going-further in the same section "
                "(a heading may not sit inside a folded part)"
            )
            parent.remove(dropdown)
            parent.remove(start)
            continue
        body = list(parent.children[index + 2 : end_index])
        end = parent[end_index]
        for child in body:
            parent.remove(child)
        parent.remove(end)
        parent.remove(start)
        title = next(iter(dropdown.findall(nodes.rubric)))
        title.insert(0, nodes.Text(prefix))
        dropdown.extend(body)
    for end in list(document.findall(going_further_end)):
        problems.append(f"{end.source}:{end.line}: end-going-further without a going-further")
        end.parent.remove(end)
    return problems


class WrapGoingFurther(SphinxTransform):
    """Fold what the markers enclose; after translation, before sphinx-design's HTML transform."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for problem in wrap(self.document, ui(self.config.language, PREFIX)):
            logger.warning(problem, type="going-further")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives, the transform and the script that opens linked dropdowns."""
    app.setup_extension("sphinx_design")  # the dropdown directive the folds are made with
    app.add_node(going_further_start)
    app.add_node(going_further_end)
    app.add_directive("going-further", GoingFurtherDirective)
    app.add_directive("end-going-further", EndGoingFurtherDirective)
    app.add_transform(WrapGoingFurther)
    app.add_js_file("going-further.js", defer="defer")
    # the lecture's boxes: "In one minute", "Key idea" and the "Going further" dropdowns
    app.add_css_file("lecture-boxes.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
