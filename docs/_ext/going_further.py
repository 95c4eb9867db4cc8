"""Fold optional depth into "Going further" dropdowns, even around code cells.

A MyST directive cannot contain a notebook's code cells (each cell is a top-level block), so a
dropdown cannot wrap a side section with its computations. These two directives mark where a
folded part starts and ends instead::

    :::{going-further} Fan-in or fan-out
    :::

    ...prose, code cells and their figures...

    :::{end-going-further}
    :::

After parsing, :class:`WrapGoingFurther` moves everything between the two markers into a
sphinx-design dropdown (closed, with the title "Going further: <title>"), so it looks and
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
from edition import ui
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The class every folded part carries (on the dropdown's <details> element).
CLASS = "going-further"
PREFIX = "Going further: "


class going_further_start(nodes.TextElement):
    """Marks the start of a folded part; holds its title. Removed by the transform.

    A text element with the title as its source text, so that gettext extracts the title and
    Sphinx's ``Locale`` transform (which runs before :class:`WrapGoingFurther`) translates it.
    """


class going_further_end(nodes.Element):
    """Marks the end of a folded part. Removed by the transform."""


class GoingFurtherDirective(Directive):
    """``going-further``: start a folded part; the argument is its title."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict] = {"open": directives.flag}

    def run(self) -> list[nodes.Node]:
        title, messages = self.state.inline_text(self.arguments[0], self.lineno)
        marker = going_further_start(self.arguments[0], "", *title, opened="open" in self.options)
        marker.source, marker.line = self.state_machine.get_source_and_line(self.lineno)
        return [marker, *messages]


class EndGoingFurtherDirective(Directive):
    """``end-going-further``: end the folded part started before it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        marker = going_further_end()
        marker.source, marker.line = self.state_machine.get_source_and_line(self.lineno)
        return [marker]


def _dropdown(title: nodes.rubric, opened: bool, body: list[nodes.Node]) -> nodes.container:
    """A sphinx-design dropdown component, as its ``dropdown`` directive builds one."""
    container = nodes.container(
        "",
        is_div=True,
        design_component="dropdown",
        classes=[],
        opened=opened,
        type="dropdown",
        has_title=True,
        icon=None,
        chevron=None,
        container_classes=["sd-mb-3", CLASS],
        title_classes=[],
        body_classes=[],
    )
    container += title
    container.extend(body)
    return container


def wrap(document: nodes.Node, prefix: str = PREFIX) -> list[str]:
    """Replace each start marker, what follows it and its end marker with a dropdown.

    The dropdown's title is ``prefix`` and the marker's (translated) title; it keeps the
    marker's source text, so that gettext still finds the title after the transform. Returns
    the problems found (unbalanced or nested markers), one message each; a marker with a
    problem is removed and its content left in place.
    """
    problems = []
    for start in list(document.findall(going_further_start)):
        parent = start.parent
        index = parent.index(start)
        end_index = None
        for position in range(index + 1, len(parent)):
            sibling = parent[position]
            if isinstance(sibling, going_further_start):
                break
            if isinstance(sibling, going_further_end):
                end_index = position
                break
        where = f"{start.source}:{start.line}"
        if end_index is None:
            problems.append(
                f"{where}: going-further has no end-going-further in the same section "
                "(a heading may not sit inside a folded part)"
            )
            parent.remove(start)
            continue
        body = list(parent.children[index + 1 : end_index])
        end = parent[end_index]
        for child in body:
            parent.remove(child)
        parent.remove(end)
        title = nodes.rubric(start.rawsource, "", nodes.Text(prefix), *start.children)
        title.source, title.line = start.source, start.line
        parent.replace(start, _dropdown(title, start["opened"], body))
    for end in list(document.findall(going_further_end)):
        problems.append(f"{end.source}:{end.line}: end-going-further without a going-further")
        end.parent.remove(end)
    return problems


class WrapGoingFurther(SphinxTransform):
    """Fold what the markers enclose; runs before sphinx-design's HTML transform of dropdowns."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for problem in wrap(self.document, ui(self.config.language, PREFIX)):
            logger.warning(problem, type="going-further")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives, the transform and the script that opens linked dropdowns."""
    app.add_node(going_further_start)
    app.add_node(going_further_end)
    app.add_directive("going-further", GoingFurtherDirective)
    app.add_directive("end-going-further", EndGoingFurtherDirective)
    app.add_transform(WrapGoingFurther)
    app.add_js_file("going-further.js", defer="defer")
    # the lecture's boxes: "In one minute", "Key idea" and the "Going further" dropdowns
    app.add_css_file("lecture-boxes.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
