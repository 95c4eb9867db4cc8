"""Write small Sphinx inventories for Python, NumPy and Matplotlib, so intersphinx needs no network.

The site is built on machines without internet access, and nitpicky mode turns every
unresolved reference into an error. Instead of downloading ``objects.inv`` files, the build
writes inventories holding just the objects these docs refer to, with their real URLs on the
projects' sites. Add an entry here when a page or docstring refers to a new external object.
"""

from __future__ import annotations

import zlib
from pathlib import Path

PROJECTS: dict[str, tuple[str, str, str, list[tuple[str, str, str]]]] = {
    # name: (project, base URL, version, [(object name, domain:role, relative URI), ...])
    "python": (
        "Python",
        "https://docs.python.org/3/",
        "3",
        [
            *[
                (name, "py:class", f"library/functions.html#{name}")
                for name in ("int", "float", "str", "bool", "tuple", "list", "dict", "object")
            ],
            ("None", "py:data", "library/constants.html#None"),
            # Sphinx links a True or False default in a signature to this label.
            ("bltin-boolean-values", "std:label", "library/stdtypes.html#boolean-type-bool"),
            ("ValueError", "py:exception", "library/exceptions.html#ValueError"),
            ("TypeError", "py:exception", "library/exceptions.html#TypeError"),
            ("RuntimeError", "py:exception", "library/exceptions.html#RuntimeError"),
            ("OSError", "py:exception", "library/exceptions.html#OSError"),
            ("callable", "py:function", "library/functions.html#callable"),
            (
                "collections.abc.Sequence",
                "py:class",
                "library/collections.abc.html#collections.abc.Sequence",
            ),
            (
                "collections.abc.Callable",
                "py:class",
                "library/collections.abc.html#collections.abc.Callable",
            ),
            ("pathlib.Path", "py:class", "library/pathlib.html#pathlib.Path"),
            ("fractions.Fraction", "py:class", "library/fractions.html#fractions.Fraction"),
            ("sequence", "std:term", "glossary.html#term-sequence"),
            ("iterable", "std:term", "glossary.html#term-iterable"),
            ("mapping", "std:term", "glossary.html#term-mapping"),
            ("os.PathLike", "py:class", "library/os.html#os.PathLike"),
        ],
    ),
    "numpy": (
        "NumPy",
        "https://numpy.org/doc/stable/",
        "2",
        [
            ("array_like", "std:term", "glossary.html#term-array_like"),
            ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#numpy.ndarray"),
            ("numpy.dtype", "py:class", "reference/generated/numpy.dtype.html#numpy.dtype"),
            (
                "numpy.random.Generator",
                "py:class",
                "reference/random/generator.html#numpy.random.Generator",
            ),
            (
                "numpy.random.default_rng",
                "py:function",
                "reference/random/generator.html#numpy.random.default_rng",
            ),
            ("numpy.float32", "py:attribute", "reference/arrays.scalars.html#numpy.float32"),
            ("numpy.float64", "py:attribute", "reference/arrays.scalars.html#numpy.float64"),
            ("numpy.int64", "py:attribute", "reference/arrays.scalars.html#numpy.int64"),
            ("numpy.typing.ArrayLike", "py:data", "reference/typing.html#numpy.typing.ArrayLike"),
            ("numpy.typing.DTypeLike", "py:data", "reference/typing.html#numpy.typing.DTypeLike"),
        ],
    ),
    "matplotlib": (
        "Matplotlib",
        "https://matplotlib.org/stable/",
        "3",
        [
            ("matplotlib.axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html#$"),
            ("matplotlib.figure.Figure", "py:class", "api/figure_api.html#$"),
        ],
    ),
    "torch": (
        "PyTorch",
        "https://docs.pytorch.org/docs/stable/",
        "2",
        [
            (f"torch.nn.init.{name}", "py:function", f"nn.init.html#torch.nn.init.{name}")
            for name in (
                "calculate_gain",
                "uniform_",
                "normal_",
                "trunc_normal_",
                "constant_",
                "ones_",
                "zeros_",
                "xavier_uniform_",
                "xavier_normal_",
                "kaiming_uniform_",
                "kaiming_normal_",
                "orthogonal_",
            )
        ]
        + [("torch.nn.init", "py:module", "nn.init.html#module-torch.nn.init")],
    ),
}


def _inventory_bytes(project: str, version: str, entries: list[tuple[str, str, str]]) -> bytes:
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    lines = "".join(
        f"{name} {role} {-1 if role == 'std:term' else 1} {uri} -\n"
        for name, role, uri in sorted(entries)
    )
    return header + zlib.compress(lines.encode(), 9)


def write_inventories(directory: Path) -> dict[str, tuple[str, Path]]:
    """Write one ``objects.inv`` per project into ``directory``; return name -> (URL, path)."""
    directory.mkdir(parents=True, exist_ok=True)
    result = {}
    for name, (project, url, version, entries) in PROJECTS.items():
        path = directory / f"{name}.inv"
        data = _inventory_bytes(project, version, entries)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        result[name] = (url, path)
    return result
