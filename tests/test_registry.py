"""One registry of schemes: every way of drawing weights the site uses is one named entry.

Each entry of :data:`weightinit.schemes.SCHEMES` is one value (scale, fan mode, distribution,
how the biases start), one display name and one style; the frameworks' defaults, the
experiments and the pages use its names, and no second table restates them.
"""

import ast
import dataclasses
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

import weightinit as wi
from weightinit.experiments.propagation.default_signal import layer_factor
from weightinit.frameworks import DEFAULTS, FRAMEWORKS, FrameworkDefault
from weightinit.frameworks import weights as framework_weights
from weightinit.frameworks.layers import init_conv2d, init_dense
from weightinit.initializers import variance_scaling
from weightinit.schemes import ALIASES, SCHEMES, get_scheme
from weightinit.style import METHOD_STYLES, SCHEME_STYLES, style_for

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "weightinit"
PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
SCALED = [name for name, scheme in SCHEMES.items() if scheme.scale is not None]


# -- the alias -----------------------------------------------------------------------------


def test_xavier_is_an_alias_of_the_books_rule_not_glorots():
    assert ALIASES == {"xavier": "xavier-book"}
    book = get_scheme("xavier")
    assert book is get_scheme("xavier-book") is SCHEMES["xavier-book"]
    assert book.name == "xavier-book"
    assert (book.scale, book.mode, book.distribution) == (1.0, "fan_in", "untruncated_normal")
    glorot = get_scheme("glorot")
    assert (glorot.scale, glorot.mode) == (1.0, "fan_avg")
    np.testing.assert_array_equal(glorot((400, 100), rng=3), wi.xavier_normal((400, 100), rng=3))
    assert not np.allclose(book((400, 100), rng=3), wi.xavier_normal((400, 100), rng=3))


@pytest.mark.parametrize("function", [wi.get_scheme, wi.xavier_normal, wi.xavier_uniform])
def test_the_api_entries_say_which_xavier_is_which(function):
    doc = inspect.getdoc(function)
    assert '"xavier-book"' in doc and '"xavier"' in doc and "alias" in doc


# -- every key resolves, and every entry has one style ---------------------------------------


def test_every_entry_has_one_style_and_every_scheme_style_is_an_entry():
    patterns = {"std=0.01", "std=1"}  # the "std=<s>" the pages draw
    assert set(SCHEME_STYLES) - patterns == set(SCHEMES)
    for name, scheme in SCHEMES.items():
        assert scheme.name == name
        assert scheme.style is SCHEME_STYLES[name] is style_for(name)
    assert not set(METHOD_STYLES) & set(SCHEMES)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_an_entry_is_one_value(name):
    scheme = SCHEMES[name]
    assert scheme.distribution in (*wi.initializers.DISTRIBUTIONS, "orthogonal", "constant")
    if scheme.scale is None:
        return
    shape = (300, 200)
    np.testing.assert_array_equal(
        scheme(shape, rng=4),
        variance_scaling(shape, scheme.scale, scheme.mode, scheme.distribution, rng=4),
    )
    assert scheme.variance(shape) == pytest.approx(
        wi.initializers.scaled_variance(shape, scheme.scale, scheme.mode)
    )


def test_glorot_has_one_meaning_and_its_uniform_form_another_name_and_style():
    normal, uniform = SCHEMES["glorot"], SCHEMES["glorot-uniform"]
    assert (normal.distribution, uniform.distribution) == ("untruncated_normal", "uniform")
    assert normal.style.color != uniform.style.color
    assert normal.style.label != uniform.style.label


def test_lecun_names_say_whether_the_normal_is_truncated():
    assert "lecun" not in SCHEMES  # wi.lecun_normal is truncated; no key hides which one
    assert SCHEMES["lecun-untruncated"].distribution == "untruncated_normal"
    assert SCHEMES["flax"].distribution == "truncated_normal"
    shape = (300, 200)
    np.testing.assert_array_equal(SCHEMES["flax"](shape, rng=2), wi.lecun_normal(shape, rng=2))


def _literal_strings(tree: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _init_arguments(tree: ast.AST) -> list[str]:
    """String constants passed as an initialization: ``init=``, ``inits=``, ``get_scheme()``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        values = [kw.value for kw in node.keywords if kw.arg in ("init", "inits", "starts")]
        if getattr(node.func, "id", getattr(node.func, "attr", "")) == "get_scheme":
            values += node.args[:1]
        for value in values:
            items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
            found += [i.value for i in items if isinstance(i, ast.Constant)]
    return [value for value in found if isinstance(value, str)]


def _resolves(name: str) -> bool:
    try:
        get_scheme(name)
    except ValueError:
        return False
    return True


CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _page_cells(page: Path) -> list[str]:
    cells = []
    for cell in CELL.findall(page.read_text(encoding="utf-8")):
        if cell.startswith("---\n"):
            cell = cell.split("\n---\n", 1)[1]
        cells.append("\n".join(line for line in cell.splitlines() if not line.startswith(":")))
    return cells


def test_every_scheme_a_page_draws_resolves_in_the_registry():
    drawn = set()
    for page in PAGES:
        for cell in _page_cells(page):
            drawn |= set(_init_arguments(ast.parse(cell)))
    assert {"xavier-book", "he", "pytorch", "glorot", "glorot-uniform"} <= drawn
    assert [name for name in sorted(drawn) if not _resolves(name)] == []


def test_every_scheme_the_package_draws_by_name_resolves_in_the_registry():
    drawn = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        drawn |= set(_init_arguments(ast.parse(path.read_text(encoding="utf-8"))))
    drawn |= {
        parameter.default
        for module in (
            wi.experiments.training.depth,
            wi.experiments.training.gradients,
            wi.experiments.propagation.isometry,
        )
        for function in vars(module).values()
        if inspect.isfunction(function)
        for parameter in inspect.signature(function).parameters.values()
        if parameter.name == "init" and isinstance(parameter.default, str)
    }
    assert [name for name in sorted(drawn) if not _resolves(name)] == []
    for default in (
        wi.experiments.training.depth.train_depths,
        wi.experiments.training.gradients.track_signals,
    ):
        for name in inspect.signature(default).parameters["inits"].default:
            assert get_scheme(name) is SCHEMES[name]  # a key, not a renamed function


# -- no second table ---------------------------------------------------------------------------

#: Tables keyed by the registry's names that are not a restatement of it: translations.
ALLOWED_TABLES = {
    ("weightinit/language.py", "_STYLE_JA"),
    # the playground's option keys (what its JavaScript switches on), each naming one entry
    ("weightinit/explorers/playground.py", "STARTS"),
}


def test_no_second_table_of_schemes_by_name():
    """No module-level dict outside the registry and the style map is keyed by two schemes."""
    names = set(SCHEMES) | set(ALIASES) | {"lecun"}
    own = {("weightinit/schemes.py", "SCHEMES"), ("weightinit/style.py", "SCHEME_STYLES")}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            value = getattr(node, "value", None)
            for target in targets:
                if not isinstance(target, ast.Name) or not isinstance(value, ast.Dict):
                    continue
                keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
                where = (relative, target.id)
                if len(keys & names) >= 2 and where not in own | ALLOWED_TABLES:
                    found.append(where)
    assert found == []


def test_the_check_catches_a_second_table():
    source = 'WEIGHT_NAMES = {"lecun": "normal", "he": "normal, 2/n"}'
    node = ast.parse(source).body[0]
    keys = {k.value for k in node.value.keys}
    assert len(keys & (set(SCHEMES) | {"lecun"})) >= 2


def _name_assignments(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Attribute) and sub.attr in ("__name__", "__qualname__"):
                    lines.append(sub.lineno)
    return lines


def test_no_function_is_renamed_to_become_a_scheme():
    """Keys are the registry's names; no ``f.__name__ = "pytorch"`` in the package or tests."""
    found = {}
    for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        if lines := _name_assignments(path):
            found[path.relative_to(ROOT).as_posix()] = lines
    assert found == {}


def test_the_renaming_check_catches_a_renaming(tmp_path):
    path = tmp_path / "renamed.py"
    path.write_text('def f(shape, rng):\n    return 0\n\n\nf.__name__ = "pytorch"\n')
    assert _name_assignments(path) == [5]


# -- the frameworks' defaults are the registry's entries ----------------------------------------


def test_a_framework_default_holds_no_scale_mode_or_distribution_of_its_own():
    fields = {field.name for field in dataclasses.fields(FrameworkDefault)}
    assert not fields & {"scale", "mode", "distribution", "initializer", "dense_bias", "key"}
    assert "scheme" in fields


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_framework_defaults_are_the_registry_entries(framework):
    entry, scheme = DEFAULTS[framework], SCHEMES[framework]
    assert entry.scheme is scheme and entry.key == framework
    assert (entry.scale, entry.mode, entry.distribution) == (
        scheme.scale,
        scheme.mode,
        scheme.distribution,
    )
    assert entry.dense_bias == scheme.bias
    assert entry.weight_variance(300, 100) == scheme.variance((300, 100))
    function = getattr(framework_weights, f"{framework}_weight")
    for shape in [(300, 100), (3, 3, 16, 32)]:
        np.testing.assert_array_equal(function(shape, rng=5), scheme(shape, rng=5))
    weight, bias = init_dense(framework, 300, 100, rng=6)
    generator = np.random.default_rng(6)
    np.testing.assert_array_equal(weight, scheme((300, 100), rng=generator))
    np.testing.assert_array_equal(bias, scheme.bias.draw(100, 300, generator, np.float64))
    kernel, _ = init_conv2d(framework, 3, 16, 32, rng=7)
    np.testing.assert_array_equal(kernel, scheme((3, 3, 16, 32), rng=7))


def test_the_framework_biases_are_the_entries():
    assert SCHEMES["pytorch"].bias.kind == "fan_in_uniform"
    assert SCHEMES["stax"].bias.std == 0.01 and DEFAULTS["stax"].conv_bias.std == 1e-6
    assert {SCHEMES[key].bias.kind for key in ("keras", "flax")} == {"zeros"}
    assert all(SCHEMES[name].bias.kind == "zeros" for name in SCHEMES if name not in FRAMEWORKS)


@pytest.mark.parametrize("name", SCALED)
def test_the_signal_experiment_takes_any_scaled_entry(name):
    factor = layer_factor(name, "linear", 50)
    assert factor == pytest.approx(50 * SCHEMES[name].variance((50, 50)), rel=1e-6)
