"""A hash of the weightinit package's code, used to key the notebook execution cache."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def code_of(source: str) -> str:
    """Return what Python runs of ``source``: its syntax tree without docstrings.

    Comments, docstrings, blank lines and layout do not change the result; any change to what
    the code does, a constant's value included, does.

    >>> code_of("def f():\\n    '''Add one.'''\\n    return x + 1  # the step\\n") == code_of(
    ...     "def f():\\n    return (x +\\n            1)\\n")
    True
    >>> code_of("y = 1\\n") == code_of("y = 2\\n")
    False
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, _DOCUMENTED) or not node.body:
            continue
        first = node.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def package_hash(package_dir: Path, length: int = 16, extra: Path | None = None) -> str:
    """Return a hex digest of every ``.py`` file's path and code under ``package_dir``.

    The code is :func:`code_of` the file, so that editing a docstring or a comment keeps the
    hash (and the pages' executed notebooks), while editing code changes it. The bytes of the
    file ``extra``, when given (e.g. the matplotlibrc the pages draw with), are part of the
    digest too.
    """
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(code_of(path.read_text(encoding="utf-8")).encode())
        digest.update(b"\0")
    if extra is not None:
        digest.update(b"extra\0")
        digest.update(Path(extra).read_bytes())
    return digest.hexdigest()[:length]
