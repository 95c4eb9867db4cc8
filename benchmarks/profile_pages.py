"""Time every code cell of the site's executed notebooks, in CPU and wall-clock time.

Runs each notebook that the last docs build wrote to ``docs/_build/jupyter_execute`` again in a
fresh kernel with the build's environment (one BLAS thread, the package's matplotlibrc, the
kernel start-up file that attaches phone layouts), and prints per page: the kernel's start-up
(wall time from launching the kernel to the end of the first, empty cell, and the kernel's
CPU time by then), each code cell's CPU time (``time.process_time`` in the kernel) and wall
time, and how much of it went into drawing figures: the desktop PNGs, the phone layouts
(``weightinit.plotting.phone.phone_layout``) and their PNGs.

```console
.venv/bin/python benchmarks/profile_pages.py                      # every page
.venv/bin/python benchmarks/profile_pages.py lecture/mnist depth  # some pages
.venv/bin/python benchmarks/profile_pages.py --top 5              # the 5 slowest cells a page
```

CPU time is what a shared machine barely disturbs; the kernel runs on one BLAS thread, so on
an idle 2-core machine a cell's wall time is about its CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXECUTED = DOCS / "_build" / "jupyter_execute"

# Run first in the kernel: record each cell's CPU and wall time, and the figures' share.
SETUP = r"""
import json as _j, resource as _r, time as _t
from IPython import get_ipython as _gi
from matplotlib.figure import Figure as _F
import weightinit.plotting.phone as _ph
_P = {"cells": [], "desktop": 0.0, "layout": 0.0, "phone_png": 0.0, "figures": 0, "phones": 0}
_u = _r.getrusage(_r.RUSAGE_SELF)
_P["startup_cpu"] = _u.ru_utime + _u.ru_stime
_sh = _gi()
_fmt = _sh.display_formatter.formatters["image/png"]
_wrapped = _fmt.lookup_by_type(_F)
_free = list(_wrapped.__code__.co_freevars)
_orig = _wrapped.__closure__[_free.index("original")].cell_contents
_layout = _ph.phone_layout
def _timed(fig):
    import base64, matplotlib.pyplot as plt
    a = _t.process_time(); data = _orig(fig); b = _t.process_time()
    _P["desktop"] += b - a; _P["figures"] += 1
    phone = _layout(fig); c = _t.process_time(); _P["layout"] += c - b
    if phone is None or data is None:
        return data
    try:
        pdata = _orig(phone)
    finally:
        plt.close(phone)
    _P["phone_png"] += _t.process_time() - c; _P["phones"] += 1
    if isinstance(pdata, bytes):
        pdata = base64.b64encode(pdata).decode("ascii")
    return data, {_ph.PHONE_METADATA_KEY: pdata}
_fmt.for_type(_F, _timed)
def _pre(info):
    _P["_c"] = (_t.process_time(), _t.perf_counter())
def _post(result):
    if "_c" not in _P:
        return
    c, w = _P.pop("_c")
    _P["cells"].append((_t.process_time() - c, _t.perf_counter() - w, result.info.raw_cell[:60]))
_sh.events.register("pre_run_cell", _pre)
_sh.events.register("post_run_cell", _post)
"""
REPORT = "print('@@PROFILE@@' + _j.dumps(_P))"


def profile(page: str) -> dict:
    """Execute one page's notebook with timing hooks; return the kernel's measurements."""
    path = EXECUTED / f"{page}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    for cell in cells:
        cell.outputs = []
    nb.cells = [nbformat.v4.new_code_cell(SETUP), *cells, nbformat.v4.new_code_cell(REPORT)]
    env_dir = (DOCS / page).parent
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(env_dir)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        startup_wall = time.perf_counter() - start
        for index, cell in enumerate(nb.cells[1:], start=1):
            client.execute_cell(cell, index)
    total_wall = time.perf_counter() - start
    text = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    result = json.loads(text.split("@@PROFILE@@", 1)[1])
    result["startup_wall"] = startup_wall
    result["total_wall"] = total_wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages, e.g. lecture/mnist (default: all)")
    parser.add_argument("--top", type=int, default=3, help="slowest cells to list per page")
    args = parser.parse_args()
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    os.environ["MATPLOTLIBRC"] = str(ROOT / "weightinit" / "matplotlibrc")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.environ["PYTHONSTARTUP"] = str(DOCS / "_ext" / "kernel_startup.py")
    pages = args.pages or sorted(
        str(p.relative_to(EXECUTED).with_suffix("")) for p in EXECUTED.rglob("*.ipynb")
    )
    pages = [p if (EXECUTED / f"{p}.ipynb").exists() else f"lecture/{p}" for p in pages]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    header = "page", "wall", "cpu", "start", "s.cpu", "desk", "layout", "ph.png", "figs"
    print("{:<28}{:>7}{:>7}{:>7}{:>7}{:>7}{:>7}{:>7}{:>6}".format(*header))
    totals = [0.0] * 7
    for page in pages:
        r = profile(page)
        cpu = sum(c[0] for c in r["cells"]) + r["startup_cpu"]
        row = [
            r["total_wall"],
            cpu,
            r["startup_wall"],
            r["startup_cpu"],
            r["desktop"],
            r["layout"],
            r["phone_png"],
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        figures = f"{r['figures']:>3}/{r['phones']:<2}"
        print(f"{page:<28}" + "".join(f"{x:7.2f}" for x in row) + figures)
        for c in sorted(r["cells"], key=lambda c: -c[0])[: args.top]:
            snippet = c[2].replace("\n", " | ")
            print(f"    cpu {c[0]:6.2f}  wall {c[1]:6.2f}  {snippet}")
        sys.stdout.flush()
    print(f"{'total':<28}" + "".join(f"{x:7.2f}" for x in totals))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
