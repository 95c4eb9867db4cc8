"""Serve each figure's phone layout to narrow screens, in a ``<picture>``.

The notebook kernels attach to every figure wider than a phone's column a second PNG, the
same panels laid out for a phone (``weightinit.plotting.phone``; ``kernel_startup.py`` turns
it on, ``docs/conf.py`` points the kernels at it). myst-nb writes a figure's PNG and makes an
image node of it; this extension wraps that step: when the output carries a phone layout, it
writes that PNG too and makes a ``picture`` node, written to HTML as

.. code-block:: html

   <picture class="phone-figure">
     <source media="(max-width: 600px)" srcset="…phone.png" width="355" height="…">
     <img src="…wide.png" class="sized-figure" width="653" height="…" alt="…">
   </picture>

so a browser at most :data:`PHONE_MEDIA` wide loads and shows the phone layout and any wider
one the figure as drawn for the desktop column; on the narrow screens a line under the figure
(:data:`PHONE_NOTE`) says that the panels are rearranged, since captions say "left" and
"right" or "top" and "bottom" of the wide layout. Both are given the size they were drawn
for at 96 CSS pixels per inch (as ``figure_width.py`` does for other figures) as ``width``
and ``height`` attributes, which a ``<source>`` can carry and the selected one sets.
Outside HTML the phone layout is left out.
"""

from __future__ import annotations

import hashlib
import posixpath
import urllib.parse
from binascii import a2b_base64
from typing import Any

from docutils import nodes
from edition import ui
from figure_width import CSS_PIXELS_PER_INCH, png_data_size
from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx

from weightinit.plotting.phone import PHONE_METADATA_KEY

#: The screens that get a figure's phone layout: a phone's, up to a small tablet's portrait.
#: From 601 pixels on, the column holds a figure drawn for the desktop at 0.82 of its drawn
#: size or more, so its 10-point text stays above 11 CSS pixels.
PHONE_MEDIA = "(max-width: 600px)"


class picture(nodes.General, nodes.Element):
    """A figure drawn twice: its phone layout (a ``phone_source``) and its image."""


class phone_source(nodes.General, nodes.Element):
    """The phone layout of a figure, holding its image node (which Sphinx copies)."""


def css_size(png: bytes) -> tuple[int, int]:
    """The size in CSS pixels at which a PNG shows its drawn size."""
    width, height, dpi = png_data_size(png)
    if not dpi:
        raise ValueError("a figure's PNG carries no resolution")
    return round(width * CSS_PIXELS_PER_INCH / dpi), round(height * CSS_PIXELS_PER_INCH / dpi)


def _with_phone_layout(render_image):
    def render(self: NbElementRenderer, data: MimeData) -> list[nodes.Element]:
        rendered = render_image(self, data)
        phone_data = data.output_metadata.get(data.mime_type, {}).get(PHONE_METADATA_KEY)
        if data.mime_type != "image/png" or not phone_data or len(rendered) != 1:
            return rendered
        image = rendered[0]
        phone_png = a2b_base64(phone_data)
        name = f"{hashlib.sha256(phone_png).hexdigest()}.png"
        uri = self.write_file([name], phone_png, overwrite=False, exists_ok=True)
        phone = nodes.image(uri=uri, alt=image.get("alt", ""))
        for node, png in ((image, a2b_base64(data.content)), (phone, phone_png)):
            width, height = css_size(png)
            node["width"], node["height"] = str(width), str(height)  # unitless: attributes
            node["classes"] += ["sized-figure", "no-scaled-link"]
        return [picture("", phone_source("", phone), image)]

    render._phone_layout = True
    return render


def visit_picture(self, node: picture) -> None:
    self.body.append('<picture class="phone-figure">')


#: Shown under a figure on the screens that get its phone layout (custom.css, same media query).
PHONE_NOTE = (
    "On a narrow screen the panels are rearranged to fit: where a caption says left, right, "
    "top or bottom, it means the figure as laid out on a wide screen."
)


def depart_picture(self, node: picture) -> None:
    note = ui(self.builder.config.language, PHONE_NOTE)
    self.body.append(f'</picture><span class="phone-figure-note">{note}</span>')


def visit_phone_source(self, node: phone_source) -> None:
    image = node[0]
    assert isinstance(image, nodes.image)
    uri = image["uri"]
    if uri in self.builder.images:
        uri = posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[uri]))
    self.body.append(
        f'<source media="{PHONE_MEDIA}" srcset="{uri}" '
        f'width="{image["width"]}" height="{image["height"]}">'
    )
    raise nodes.SkipNode


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def ignore(self, node: nodes.Element) -> None:
    pass


def setup(app: Sphinx) -> dict:
    if not getattr(NbElementRenderer.render_image, "_phone_layout", False):
        NbElementRenderer.render_image = _with_phone_layout(NbElementRenderer.render_image)
    formats = ("latex", "text", "man", "texinfo")
    others: dict[str, Any] = {name: (ignore, ignore) for name in formats}
    skipped: dict[str, Any] = {name: (skip, ignore) for name in formats}
    app.add_node(picture, html=(visit_picture, depart_picture), **others)
    app.add_node(phone_source, html=(visit_phone_source, ignore), **skipped)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
