"""The package's imports go one way: pages → plotting → experiments → network → schemes → ...

README.md's "Where things live" states the layering; this test holds the package to it by
reading every module's imports (no module is imported, so nothing runs).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "weightinit"

#: Layer of each module or subpackage, lowest first. A module may import from its own layer
#: only inside its own subpackage (``experiments.gradients`` from ``experiments.depth``).
LAYERS = {
    "weightinit._validation": 0,
    "weightinit._sampling": 0,
    "weightinit._typing": 0,
    "weightinit.style": 0,
    "weightinit._table_words": 0,  # data that weightinit.language reads into its catalogue
    "weightinit.explorers._words": 0,  # likewise: the explorers' words, beside the explorers
    "weightinit.fans": 1,
    "weightinit.activations": 1,
    "weightinit.batchnorm": 1,
    "weightinit.language": 1,
    "weightinit.notebook": 2,
    "weightinit.passes": 2,
    "weightinit.datasets": 1,
    "weightinit.distributions": 2,
    "weightinit.theory": 2,
    "weightinit.initializers": 3,
    "weightinit.schemes": 4,
    "weightinit.parametrization": 4,
    "weightinit": 5,  # the package's front door re-exports the layers below it
    "weightinit.network": 5,
    "weightinit.frameworks": 5,  # its defaults are entries of schemes
    "weightinit.transformer": 5,
    "weightinit.lsuv": 6,
    "weightinit.diagnostics": 6,
    "weightinit.experiments": 7,
    "weightinit.plotting": 8,
    "weightinit.explorers": 8,  # the in-browser explorers' data, next to the figures
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_key(module: str) -> str:
    """The entry of LAYERS a module belongs to: itself, or its subpackage."""
    while module not in LAYERS:
        module = module.rsplit(".", 1)[0]
    return module


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("weightinit")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("weightinit"):
            for alias in node.names:  # `from weightinit import distributions` names a module
                candidate = f"{node.module}.{alias.name}"
                as_module = PACKAGE.parent / Path(*candidate.split("."))
                is_module = as_module.with_suffix(".py").exists() or as_module.is_dir()
                found.add(candidate if is_module else str(node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    for path in MODULES:
        assert layer_key(module_name(path)) in LAYERS


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_imports_go_down_the_layers(path):
    importer = module_name(path)
    own = layer_key(importer)
    for imported in imported_modules(path):
        other = layer_key(imported)
        if other == own:
            continue  # within one subpackage, or a module's own helpers
        assert LAYERS[other] < LAYERS[own], f"{importer} imports {imported}, a layer above it"


def test_the_check_catches_an_upward_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("from weightinit.plotting import plot_loss_curves\n")
    (imported,) = imported_modules(module)
    assert LAYERS[layer_key(imported)] > LAYERS[layer_key("weightinit.network")]
