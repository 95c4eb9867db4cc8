"""Tests of weightinit._submodules: every module of the package is reachable from ``weightinit``.

Each check runs in a fresh interpreter, where nothing but ``import weightinit`` has run, so a
module another test imported first cannot make its attribute exist by accident.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from weightinit._submodules import submodule_getattr

PACKAGE = Path(__file__).resolve().parent.parent / "weightinit"


def every_module() -> list[str]:
    """Every module and subpackage under weightinit/, by dotted name, from the files."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names - {"weightinit"})


def run_fresh(code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(done.stdout)


RESOLVE = """
import json, sys
import weightinit
lazy = sorted(name for name in sys.modules if name.startswith("weightinit."))
failures = {}
for name in NAMES:
    obj = weightinit
    try:
        for part in name.split(".")[1:]:
            obj = getattr(obj, part)
        if getattr(obj, "__name__", None) != name:
            failures[name] = f"resolves to {obj!r}"
    except AttributeError as error:
        failures[name] = str(error)
print(json.dumps({"failures": failures, "loaded_by_import": lazy}))
"""


def test_the_walk_sees_every_family_and_subpackage():
    modules = every_module()
    assert len(modules) > 50
    for name in (
        "weightinit.frameworks.defaults",
        "weightinit.experiments.propagation.stacks",
        "weightinit.experiments.symmetry.starts",
        "weightinit.experiments.training.mnist",
        "weightinit.plotting.phone",
        "weightinit.explorers.playground",
        "weightinit.lsuv",
        "weightinit.notebook",
    ):
        assert name in modules


def test_every_module_resolves_attribute_by_attribute_from_import_weightinit():
    result = run_fresh(f"NAMES = {every_module()!r}\n{RESOLVE}")
    assert result["failures"] == {}


def test_import_weightinit_leaves_the_heavy_submodules_unloaded():
    result = run_fresh(RESOLVE.replace("for name in NAMES:", "for name in []:"))
    loaded = set(result["loaded_by_import"])
    assert not loaded & {"weightinit.plotting", "weightinit.experiments", "weightinit.datasets"}
    assert "weightinit.initializers" in loaded  # the core is imported eagerly


def test_a_name_that_is_no_submodule_raises_attribute_error():
    import weightinit

    with pytest.raises(AttributeError, match="'weightinit' has no attribute 'plotter'"):
        weightinit.plotter  # noqa: B018
    getattr_ = submodule_getattr("weightinit.frameworks", weightinit.frameworks.__path__)
    assert getattr_("defaults") is weightinit.frameworks.defaults
    with pytest.raises(
        AttributeError, match=r"'weightinit\.frameworks' has no attribute 'DEFAULT'"
    ):
        getattr_("DEFAULT")
