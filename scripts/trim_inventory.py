"""Trim a Sphinx inventory (``objects.inv``) to the objects the site refers to.

The docs build resolves its links to Python, NumPy, Matplotlib and PyTorch from the inventories
committed in ``docs/_intersphinx/`` (the build has no network; see the README there). To refresh
one, or to add an object the docs now refer to, download the project's full inventory and run::

    .venv/bin/python scripts/trim_inventory.py FULL.inv docs/_intersphinx/numpy.inv \
        [--add py:class numpy.ndarray ...]

It keeps, verbatim, the lines of FULL.inv whose object (role and name) the committed file
already holds, plus those given with ``--add``, and writes them (sorted) under FULL.inv's own
header. Then update the source and version in ``docs/_intersphinx/README.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from pathlib import Path

#: One object line: name, domain:role, priority, URI, display name (Sphinx's own pattern).
LINE = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")
HEADER_LINES = 4


def read(path: Path) -> tuple[list[str], list[str]]:
    """Return an inventory's four header lines and its object lines."""
    data = path.read_bytes()
    lines = data.split(b"\n", HEADER_LINES)
    header = [line.decode() for line in lines[:HEADER_LINES]]
    if header[0] != "# Sphinx inventory version 2" or "zlib" not in header[3]:
        raise SystemExit(f"{path}: not a Sphinx inventory of version 2")
    body = zlib.decompress(lines[HEADER_LINES]).decode().splitlines()
    return header, [line for line in body if line.strip() and not line.startswith("#")]


def objects(lines: list[str]) -> set[tuple[str, str]]:
    """The (role, name) of each object line, e.g. ``("py:class", "numpy.ndarray")``."""
    return {(m.group(2), m.group(1)) for line in lines if (m := LINE.fullmatch(line))}


def trim(full: Path, target: Path, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Write ``target`` from ``full``; return the wanted objects ``full`` does not hold."""
    header, lines = read(full)
    wanted = set(extra) | (objects(read(target)[1]) if target.exists() else set())
    kept = sorted(line for line in lines if objects([line]) <= wanted and objects([line]))
    body = zlib.compress("".join(f"{line}\n" for line in kept).encode(), 9)
    target.write_bytes("".join(f"{line}\n" for line in header).encode() + body)
    return sorted(wanted - objects(kept))


def main(argv: list[str] | None = None) -> int:
    """Trim FULL into TARGET; exit with 1 if an object wanted is not in FULL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("full", type=Path, help="the project's full objects.inv")
    parser.add_argument("target", type=Path, help="the trimmed inventory to (re)write")
    parser.add_argument(
        "--add",
        nargs=2,
        action="append",
        default=[],
        metavar=("ROLE", "NAME"),
        help="an object to add to those the target holds, e.g. --add py:class numpy.ndarray",
    )
    args = parser.parse_args(argv)
    missing = trim(args.full, args.target, [tuple(pair) for pair in args.add])
    for role, name in missing:
        print(f"not in {args.full}: {role} {name}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
