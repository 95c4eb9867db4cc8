"""The package's imports go one way: pages → plotting → experiments → network → schemes → ...

README.md's "Where things live" states the layering; this test holds the package to it by
reading every module's imports (no module is imported, so nothing runs). Inside
``weightinit.experiments`` the three families are layers too: propagation → symmetry →
training, from the bottom, over the private helpers they share.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "weightinit"

#: Layer of each module or subpackage, lowest first. A module may import from its own layer
#: only inside its own subpackage (``plotting.sweeps`` from ``plotting._common``).
LAYERS = {
    "weightinit._validation": 0,
    "weightinit._sampling": 0,
    "weightinit._typing": 0,
    "weightinit._submodules": 0,
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

#: Layers inside weightinit.experiments, lowest first: the private helpers every family may use,
#: then the three families (a family imports only the families below it), then the package's
#: front door, which re-exports them all.
EXPERIMENT_LAYERS = {
    "weightinit.experiments._data": 0,
    "weightinit.experiments._stacked": 0,
    "weightinit.experiments._training": 1,
    "weightinit.experiments.propagation": 2,  # at initialization: no training, no tiny nets
    "weightinit.experiments.symmetry": 3,  # tiny symmetric networks
    "weightinit.experiments.training": 4,  # trained comparisons
    "weightinit.experiments": 5,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_key(module: str, layers: dict[str, int] = LAYERS) -> str:
    """The entry of ``layers`` a module belongs to: itself, or its subpackage."""
    while module not in layers:
        module = module.rsplit(".", 1)[0]
    return module


def upward_imports(importer: str, imported: set[str]) -> list[str]:
    """The modules of ``imported`` that sit on ``importer``'s layer or above it."""
    own = layer_key(importer)
    found = []
    for module in sorted(imported):
        other = layer_key(module)
        if other != own:
            if LAYERS[other] >= LAYERS[own]:
                found.append(module)
        elif own == "weightinit.experiments":
            mine = layer_key(importer, EXPERIMENT_LAYERS)
            theirs = layer_key(module, EXPERIMENT_LAYERS)
            if theirs != mine and EXPERIMENT_LAYERS[theirs] >= EXPERIMENT_LAYERS[mine]:
                found.append(module)
    return found


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


def test_every_experiment_module_has_a_family_or_is_a_shared_helper():
    for path in MODULES:
        name = module_name(path)
        if name.startswith("weightinit.experiments."):
            assert layer_key(name, EXPERIMENT_LAYERS) != "weightinit.experiments", name


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_imports_go_down_the_layers(path):
    importer = module_name(path)
    assert upward_imports(importer, imported_modules(path)) == [], f"{importer}: layer above it"


def test_the_check_catches_an_upward_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("from weightinit.plotting import plot_loss_curves\n")
    imported = imported_modules(module)
    assert upward_imports("weightinit.network", imported) == ["weightinit.plotting"]
    assert upward_imports("weightinit.plotting.probe", {"weightinit.network"}) == []


@pytest.mark.parametrize(
    ("importer", "source", "upward"),
    [
        ("propagation", "from weightinit.experiments.training.mnist import seed_streams", True),
        ("propagation", "from weightinit.experiments.symmetry import starts", True),
        ("symmetry", "from weightinit.experiments.training import mnist", True),
        ("propagation", "from weightinit.experiments import train_depths", True),
        ("training", "from weightinit.experiments.symmetry.starts import TINY_STEPS", False),
        ("symmetry", "from weightinit.experiments.propagation.stacks import layer_std", False),
        ("propagation", "from weightinit.experiments._training import train", False),
    ],
)
def test_the_check_catches_a_lower_family_importing_a_higher_one(
    tmp_path, importer, source, upward
):
    module = tmp_path / "probe.py"
    module.write_text(source + "\n")
    found = upward_imports(f"weightinit.experiments.{importer}.probe", imported_modules(module))
    assert bool(found) == upward, found
