"""Every public module of the experiments and the plotting helpers has its API page.

The modules moved into families and were renamed; this holds the reference to the package: each
module found on disk is named by an ``automodule`` directive under ``docs/api/``.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def documented() -> set[str]:
    pages = (ROOT / "docs" / "api").rglob("*.md")
    return {
        name
        for page in pages
        for name in re.findall(r"automodule:: ([\w.]+)", page.read_text(encoding="utf-8"))
    }


def public_modules(package: str) -> set[str]:
    found = set()
    for path in (ROOT / Path(*package.split("."))).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if not any(part.startswith("_") for part in parts):
            found.add(".".join(parts))
    return found


def test_every_experiment_and_plotting_module_has_an_api_page():
    modules = public_modules("weightinit.experiments") | public_modules("weightinit.plotting")
    assert "weightinit.experiments.symmetry.starts" in modules
    assert sorted(modules - documented()) == []


def test_every_api_page_names_a_module_that_exists():
    for name in documented():
        path = ROOT / Path(*name.split("."))
        assert path.with_suffix(".py").exists() or (path / "__init__.py").exists(), name
