"""The reader's notebook (docs/_ext/reader_notebook.py): plain Markdown from a page's doctree,
its code cells in order, hidden cells gathered, glued figures shown where the page shows them."""

from __future__ import annotations

import base64
import importlib
import sys
from pathlib import Path

import nbformat
import pytest
from docutils import frontend, nodes
from docutils.core import publish_doctree
from docutils.utils import new_document

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def reader():
    """reader_notebook, with markdown_writer's MarkdownWriter, as docs/conf.py imports them."""
    sys.path.insert(0, str(EXT))
    try:
        yield importlib.import_module("reader_notebook")
    finally:
        sys.path.remove(str(EXT))


def markdown(reader, rst: str, site: str = "") -> str:
    writer = reader.MarkdownWriter(site, "lecture/page", {"figure": {"fig-a": (3,)}})
    doctree = publish_doctree(rst, settings_overrides={"report_level": 5})
    return "\n\n".join(writer.blocks(list(doctree.children), 1))


def test_inline_markup_maths_and_escapes(reader):
    text = markdown(
        reader, "Some *emphasis*, **bold**, ``x @ W`` and :math:`\\sqrt{2/n}` at 5*3 $."
    )
    assert text == "Some *emphasis*, **bold**, `x @ W` and $\\sqrt{2/n}$ at 5\\*3 \\$."


def test_display_maths_is_dollar_dollar_with_its_number(reader):
    block = nodes.math_block("", "a = b", number=2)
    writer = reader.MarkdownWriter("", "p", {})
    assert writer.block(block, 1) == ["$$\na = b \\tag{2}\n$$"]
    aligned = nodes.math_block("", "\\begin{align}a &= b\\end{align}", number=1, nowrap=True)
    assert writer.block(aligned, 1) == ["$$\n\\begin{align}a &= b\\tag{1}\\end{align}\n$$"]


def test_admonitions_become_block_quotes_with_their_title(reader):
    text = markdown(reader, ".. admonition:: In one minute\n\n   - one\n   - two\n")
    assert text == "> **In one minute**\n>\n> - one\n> - two"
    assert markdown(reader, ".. note::\n\n   Careful.\n") == "> **Note**\n>\n> Careful."


def test_tables_become_markdown_tables(reader):
    rst = """
.. table:: Final loss

   ====  =====
   init  loss
   ====  =====
   he    0.1
   ====  =====
"""
    assert markdown(reader, rst) == "*Final loss*\n\n| init | loss |\n|---|---|\n| he | 0.1 |"


def test_internal_links_are_text_or_links_to_the_site(reader):
    ref = nodes.reference("", "", nodes.Text("He's rule"), refuri="he.html#rule", internal=True)
    offline = reader.MarkdownWriter("", "lecture/page", {})
    online = reader.MarkdownWriter("https://example.org/site", "lecture/page", {})
    assert offline.inline(ref) == "He's rule"
    assert online.inline(ref) == "[He's rule](https://example.org/site/lecture/he.html#rule)"
    external = nodes.reference("", "", nodes.Text("paper"), refuri="https://doi.org/x")
    assert offline.inline(external) == "[paper](https://doi.org/x)"


def test_nested_lists_keep_their_indentation(reader):
    text = markdown(reader, "1. first\n\n   - inner\n\n2. second\n")
    assert text == "1. first\n\n   - inner\n\n2. second"


def cell(source, outputs=(), tags=()):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = list(outputs)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def code_container(index):
    container = nodes.container(nb_element="cell_code", cell_index=index)
    container += nodes.container(nb_element="cell_code_source")
    return container


def glue_output(name, data):
    return nbformat.v4.new_output(
        "display_data",
        data={f"application/papermill.record/{key}": value for key, value in data.items()},
        metadata={"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}},
    )


def test_cells_in_order_hidden_ones_gathered_before_the_next_code(reader, tmp_path):
    image = tmp_path / "fig.png"
    image.write_bytes(PNG)
    executed = nbformat.v4.new_notebook(
        cells=[
            cell("import x", tags=["remove-cell"]),
            cell("a = 1"),
            cell("glue('n', '2')", tags=["remove-cell"]),
            cell("assert a", tags=["remove-cell"]),
            cell("glue('fig', f)"),
        ]
    )
    glue = {
        "n": glue_output("n", {"text/plain": "'2'"}),
        "fig": glue_output("fig", {"image/png": base64.b64encode(PNG).decode()}),
    }
    doc = new_document("page", frontend.get_default_settings())
    section = nodes.section("", nodes.title("", "Title"), nodes.paragraph("", "First."))
    doc += section
    section += code_container(1)
    section += nodes.paragraph("", "Between two code cells, the value 2.")
    section += code_container(4)
    figure = nodes.figure("", nodes.image(uri=str(image), alt="a dot"), ids=["fig-a"])
    figure += nodes.caption("", "A dot.")
    section += figure
    section += nodes.paragraph("", "After.")
    notebook = reader.reader_notebook(
        executed, glue, doc, pagename="p", fignumbers={"figure": {"fig-a": (1,)}}
    )
    kinds = [(c.cell_type, c.source.splitlines()[-1] if c.source else "") for c in notebook.cells]
    assert kinds == [
        ("code", "use_site_style()  # the site's figure style"),
        ("markdown", "First."),
        ("code", "import x"),
        ("code", "a = 1"),
        ("markdown", "Between two code cells, the value 2."),
        ("code", "assert a"),
        ("code", "glue('fig', f)"),
        ("code", 'show_glued("fig")'),
        ("markdown", "After."),
    ]
    assert notebook.cells[1].source == "# Title\n\nFirst."
    hidden = notebook.cells[5]
    assert hidden.metadata.jupyter == {"source_hidden": True, "outputs_hidden": True}
    assert "glue('n', '2')" in hidden.source
    assert notebook.cells[8].source == "*Figure 1. A dot.*\n\nAfter."
    assert notebook.metadata.weightinit == {"page": "p.html", "glued": {"n": "'2'"}, "figures": 1}


def test_the_phone_layout_of_a_figure_stays_on_the_site(reader):
    from weightinit.plotting.phone import PHONE_METADATA_KEY

    encoded = base64.b64encode(PNG).decode()
    output = nbformat.v4.new_output(
        "display_data",
        data={"image/png": encoded},
        metadata={"image/png": {"width": 500, PHONE_METADATA_KEY: encoded}},
    )
    executed = nbformat.v4.new_notebook(cells=[cell("plot()", outputs=[output])])
    doc = new_document("page", frontend.get_default_settings())
    section = nodes.section("", nodes.title("", "Title"))
    doc += section
    section += code_container(0)
    notebook = reader.reader_notebook(executed, {}, doc, pagename="p", fignumbers={})
    (shown,) = [c for c in notebook.cells if c.source == "plot()"]
    assert shown.outputs[0].metadata["image/png"] == {"width": 500}
    assert shown.outputs[0].data["image/png"] == encoded
    # the executed notebook the site keeps is left as it was
    assert PHONE_METADATA_KEY in executed.cells[0].outputs[0].metadata["image/png"]


def test_a_figure_drawn_twice_is_shown_by_its_glued_drawing(reader, tmp_path):
    # docs/_ext/phone_figures.py puts a figure's phone layout (another PNG) before its image
    phone_source = type("phone_source", (nodes.General, nodes.Element), {})
    picture = type("picture", (nodes.General, nodes.Element), {})
    wide, narrow = tmp_path / "wide.png", tmp_path / "narrow.png"
    wide.write_bytes(PNG)
    narrow.write_bytes(PNG + b"phone")
    executed = nbformat.v4.new_notebook(cells=[cell("glue('fig', f)", tags=["remove-cell"])])
    glue = {"fig": glue_output("fig", {"image/png": base64.b64encode(PNG).decode()})}
    doc = new_document("page", frontend.get_default_settings())
    section = nodes.section("", nodes.title("", "Title"), nodes.paragraph("", "Text."))
    doc += section
    drawn = picture("", phone_source("", nodes.image(uri=str(narrow))), nodes.image(uri=str(wide)))
    figure = nodes.figure("", drawn, ids=["fig-a"])
    figure += nodes.caption("", "A dot.")
    section += figure
    notebook = reader.reader_notebook(
        executed, glue, doc, pagename="p", fignumbers={"figure": {"fig-a": (1,)}}
    )
    assert [c.source for c in notebook.cells if 'show_glued("fig")' in c.source]
    assert notebook.metadata.weightinit["figures"] == 1


def test_the_japanese_editions_captions_carry_its_labels(reader):
    figure = nodes.figure("", nodes.image(uri="a.png", alt="代替テキスト"), ids=["fig-a"])
    figure += nodes.caption("", "キャプション")
    numbers = {"figure": {"fig-a": (3,)}}
    labels = reader.CAPTION_LABELS_BY_LANGUAGE["ja"]
    writer = reader.MarkdownWriter("", "lecture/page", numbers, labels)
    assert writer.figure(figure)[-1] == "*図 3：キャプション*"
    english = reader.MarkdownWriter("", "lecture/page", numbers)
    assert english.figure(figure)[-1] == "*Figure 3. キャプション*"
    assert "[代替テキスト]" in writer.figure(figure)[0]  # the image, by its (translated) alt
