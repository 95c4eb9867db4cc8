"""Offer every executed page as a Jupyter notebook in the theme's download menu.

sphinx-book-theme lists a ``.ipynb`` entry in its download menu when the page context has an
``ipynb_source``, but nothing in myst-nb sets it any more, so a MyST page only offers its ``.md``
source (which Jupyter opens as a notebook only with jupytext installed). This extension copies
the notebook that myst-nb executed for the page (with its outputs) next to the page source in
``_sources/`` and points the menu at it, so readers can open and run the page in any Jupyter.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx


def executed_notebook(app: Sphinx, pagename: str) -> Path | None:
    """Return the notebook myst-nb wrote for ``pagename``, or None for a page without code."""
    if NbMetadataCollector.get_exec_data(app.env, pagename) is None:
        return None
    output_folder = Path(app.env.mystnb_config.output_folder)
    notebook = output_folder.joinpath(*f"{pagename}.ipynb".split("/"))
    return notebook if notebook.is_file() else None


def add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Copy the executed notebook into ``_sources/`` and name it in the page context."""
    if doctree is None or str(context.get("page_source_suffix", "")) == ".ipynb":
        return  # generated pages have no source; a notebook page already offers itself
    notebook = executed_notebook(app, pagename)
    if notebook is None:
        return
    name = f"{pagename}.ipynb"
    target = Path(app.outdir, "_sources", *name.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target)
    context["ipynb_source"] = name


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler ahead of the theme's header buttons (priority 501)."""
    app.connect("html-page-context", add_notebook_download, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
