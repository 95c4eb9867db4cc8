"""Keep a page's heading anchors when its paragraphs are translated.

MyST records the slugs of a page's headings (``myst_heading_anchors``) in the build
environment's metadata, ``env.metadata[docname]["myst_slugs"]``, where links such as
``[text](page.md#the-title-slide)`` and ``[text](#the-title-slide)`` are resolved. In the
Japanese edition each translated paragraph is parsed as a little document of its own, and MyST
overwrites that record with the slugs of the fragment (usually none), so every link to a
heading of a translated page would fail. The section ids in the HTML keep the English slugs;
this extension puts the page's own record back once the page has been read, so the links resolve
to those ids in both editions.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def restore_slugs(app: Sphinx, doctree: nodes.document) -> None:
    """Put the page's heading slugs, kept on its doctree by MyST, back in the metadata."""
    slugs = getattr(doctree, "myst_slugs", None)
    if slugs:
        app.env.metadata[app.env.docname]["myst_slugs"] = slugs


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", restore_slugs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
