"""The package's docstrings pass numpydoc's validation as docs/conf.py configures it.

The docs build runs the same checks on every object autodoc shows (a warning each, an error
under -W); this runs them on every public object of the package in seconds, before a build.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from pathlib import Path

import pytest

import weightinit

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def conf():
    """docs/conf.py's namespace (its environment variables kept out of this process)."""
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    saved = dict(os.environ)
    try:
        exec(compile((DOCS / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return namespace


def public_objects():
    """Every public module of the package, and what its ``__all__`` defines, with methods."""
    modules = [weightinit] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(weightinit.__path__, "weightinit.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    names = []
    for module in modules:
        names.append(module.__name__)
        for attribute in getattr(module, "__all__", []):
            obj = getattr(module, attribute)
            if getattr(obj, "__module__", None) != module.__name__:
                continue  # documented where it is defined
            names.append(f"{module.__name__}.{attribute}")
            if inspect.isclass(obj):
                names += [
                    f"{module.__name__}.{attribute}.{member}"
                    for member, value in vars(obj).items()
                    if not member.startswith("_")
                    and (callable(value) or isinstance(value, property))
                ]
    return names


def test_validation_is_on(conf):
    checks = conf["numpydoc_validation_checks"]
    assert "all" in checks and len(checks) < 12  # every check but a short, commented list


# fans' module docstring has its own section (the override in conf.py lets it pass); numpydoc's
# parser also warns about it while reading.
@pytest.mark.filterwarnings("ignore:Unknown section Weight Layout:UserWarning")
def test_every_public_docstring_passes(conf):
    import numpydoc.validate

    checks = conf["numpydoc_validation_checks"]
    overrides = {
        code: re.compile("|".join(patterns))
        for code, patterns in conf["numpydoc_validation_overrides"].items()
    }
    excluded = re.compile("|".join(conf["numpydoc_validation_exclude"]))
    problems = []
    for name in public_objects():
        if excluded.search(name):
            continue
        report = numpydoc.validate.validate(name)
        for code, message in report["errors"]:
            if (code in checks) == ("all" in checks):  # "all" turns the set into exclusions
                continue
            if code in overrides and overrides[code].search(report["docstring"]):
                continue
            problems.append(f"{name}: {code} {message}")
    assert not problems, "\n".join(problems)


def test_only_packages_and_constants_escape_validation(conf):
    excluded = re.compile("|".join(conf["numpydoc_validation_exclude"]))
    for name in public_objects():
        if not excluded.search(name):
            continue
        module, _, attribute = name.rpartition(".")
        obj = importlib.import_module(name) if not attribute.isupper() else None
        if obj is None:
            obj = getattr(importlib.import_module(module), attribute)
            assert not (inspect.isclass(obj) or callable(obj)), f"{name} is not validated"
        else:
            assert hasattr(obj, "__path__"), f"{name} is not validated"
