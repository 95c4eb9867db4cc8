"""Number figures, tables, code listings and equations per page, starting at 1 on every page.

With ``numfig``, Sphinx numbers the figures of every page that is not in a ``:numbered:``
toctree with one counter for the whole site, so a page's first figure could be "Figure 17".
After Sphinx has assigned its numbers, this extension renumbers each page's figures (and
tables, code listings and display equations) 1, 2, 3, ... in the order Sphinx numbered them,
which is their order on the page.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def restart_per_page(numbers: dict[str, dict[str, tuple[int, ...]]]) -> dict:
    """Renumber ``{figtype: {node id: number}}`` of one page from 1, keeping the order.

    >>> restart_per_page({"figure": {"fig-b": (18,), "fig-a": (17,)}, "table": {"t": (4,)}})
    {'figure': {'fig-a': (1,), 'fig-b': (2,)}, 'table': {'t': (1,)}}
    """
    renumbered = {}
    for figtype, by_id in numbers.items():
        ordered = sorted(by_id.items(), key=lambda item: item[1])
        renumbered[figtype] = {node_id: (n,) for n, (node_id, _) in enumerate(ordered, start=1)}
    return renumbered


def renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    for docname, numbers in env.toc_fignumbers.items():
        env.toc_fignumbers[docname] = restart_per_page(numbers)
    return []


def setup(app: Sphinx) -> dict:
    # After Sphinx's own numbering (TocTreeCollector, at the default priority 500).
    app.connect("env-get-updated", renumber, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
