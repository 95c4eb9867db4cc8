"""Show every notebook figure at the size it was drawn for, sharp on high-density screens.

The notebooks save their figures at 192 dpi (``weightinit/matplotlibrc``). A browser shows a PNG
without a width at one CSS pixel per image pixel, so such a figure would be drawn twice too
large and shrunk to the column, with its text at an unpredictable size. This extension reads
each PNG's size and resolution (its ``pHYs`` chunk, which matplotlib writes) and gives the
image the width the figure has at 96 CSS pixels per inch: a figure 4.7 inches wide is shown
451 CSS pixels wide, its 10-point text 13.3 CSS pixels high, on any screen density. The
theme's ``max-width: 100%`` still shrinks a figure that is wider than the column.
"""

from __future__ import annotations

import struct
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

CSS_PIXELS_PER_INCH = 96
INCHES_PER_METRE = 1 / 0.0254


def png_size(path: Path) -> tuple[int, int, float | None]:
    """Return a PNG's width and height in pixels and its resolution in dots per inch.

    The resolution is None when the file has no ``pHYs`` chunk in metres.
    """
    return png_data_size(path.read_bytes(), str(path))


def png_data_size(data: bytes, name: str = "data") -> tuple[int, int, float | None]:
    """:func:`png_size` of a PNG file's bytes; ``name`` says what they are in an error."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{name} is not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    dpi = None
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"pHYs":
            per_metre_x, _, unit = struct.unpack(">IIB", data[offset + 8 : offset + 17])
            if unit == 1:
                dpi = per_metre_x / INCHES_PER_METRE
            break
        if kind in (b"IDAT", b"IEND"):
            break
        offset += 12 + length
    return width, height, dpi


def css_width(path: Path) -> int | None:
    """The width in CSS pixels at which the PNG at ``path`` shows its drawn size."""
    width, _, dpi = png_size(path)
    if not dpi:
        return None
    return round(width * CSS_PIXELS_PER_INCH / dpi)


def set_figure_widths(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not uri.endswith(".png") or "width" in image or "scale" in image:
            continue
        # Sphinx's image collector (also on doctree-read) may already have rewritten the URI
        # relative to the source directory; its candidates say so.
        candidates: dict[str, str] = image.get("candidates", {})
        relative = candidates.get("*")
        if relative:
            path = Path(app.srcdir) / relative
        else:
            path = Path(app.env.relfn2path(uri, docname)[1])
        if not path.is_file():
            continue
        width = css_width(path)
        if width:
            image["width"] = f"{width}px"
            image["classes"].append("sized-figure")


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", set_figure_widths)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
