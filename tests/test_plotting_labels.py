"""The figures' label catalogue (weightinit/plotting/labels.py) and the figures in Japanese.

Every key has a text in both languages and is used somewhere; every plotting function drawn
in Japanese shows no English word but names and symbols, and no glyph is missing from its
fonts; the English figures keep their English texts; bad input raises.
"""

import ast
import doctest
import importlib
import inspect
import logging
import re
import string
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from pages import code_sources

from weightinit import plotting
from weightinit.plotting import labels
from weightinit.plotting.labels import CATALOGUE, get_language, label, localize, set_language
from weightinit.style import STYLES

ROOT = Path(__file__).resolve().parent.parent
PLOTTING = ROOT / "weightinit" / "plotting"
PAGES = [ROOT / "docs" / "index.md", ROOT / "docs" / "quick-tour.md"]
PAGES += sorted((ROOT / "docs" / "lecture").glob("*.md"))

#: Latin words a Japanese figure may show: names, framework and method names, the terms the
#: edition keeps in English (TRANSLATE.md), and the symbols of formulas (E, Var, log, ...).
ALLOWED = {
    "Xavier", "Glorot", "He", "LeCun", "PyTorch", "Keras", "Flax", "stax", "JAX", "GPT",
    "ReLU", "Leaky", "tanh", "LSUV", "SP", "Batch", "Normalization", "Dropout", "fan", "in",
    "out", "gain", "depth_init", "log", "Var", "RMS", "n_out", "XOR",
}  # fmt: skip


def english_words(text: str) -> list[str]:
    """The Latin words of ``text`` (two letters or more) outside maths and the allow-list."""
    text = re.sub(r"\$[^$]*\$", " ", text)  # mathtext: symbols, not words
    text = re.sub(r"\{[a-z_]+\}", " ", text)  # the fields of a catalogue text
    words = re.findall(r"[A-Za-z_]{2,}", text.replace("_depth_init", "depth_init"))
    return [w for w in words if w not in ALLOWED]


@pytest.fixture
def japanese():
    set_language("ja")
    yield
    set_language("en")


# --- the catalogue -----------------------------------------------------------------------


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_languages_have_every_key_with_the_same_fields():
    assert set(CATALOGUE) == set(labels.LANGUAGES)
    assert CATALOGUE["en"].keys() == CATALOGUE["ja"].keys()
    assert len(CATALOGUE["ja"]) > 100
    for key, english in CATALOGUE["en"].items():
        japanese = CATALOGUE["ja"][key]
        assert english == key and japanese.strip(), key
        assert fields(japanese) == fields(key), key


def test_the_japanese_texts_have_no_english_words_and_are_japanese():
    for key, text in CATALOGUE["ja"].items():
        assert english_words(text) == [], (key, text)
        if english_words(key):  # a key with English words is translated, not copied
            assert text != key, key
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", CATALOGUE["ja"]["training loss"])


def test_the_style_maps_names_are_keys():
    for style in STYLES.values():
        assert style.label in CATALOGUE["ja"]


def string_constants(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


def page_strings(path: Path) -> set[str]:
    """The quoted strings of a page's code cells (keys passed to the plotting functions)."""
    cells = code_sources(path)
    return {m[1] for cell in cells for m in re.findall(r"""(["'])(.+?)\1""", cell)}


def test_every_key_is_used_and_every_label_call_names_a_key():
    used = {style.label for style in STYLES.values()}
    for path in sorted(PLOTTING.glob("*.py")):
        if path.name == "labels.py":
            continue
        used |= string_constants(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_call = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "label"
            if is_call and isinstance(node.args[0], ast.Constant):
                assert node.args[0].value in CATALOGUE["en"], (path.name, node.args[0].value)
    used |= string_constants(
        ROOT / "weightinit" / "experiments" / "training" / "mup.py"
    )  # COORD_LAYERS
    used |= string_constants(ROOT / "weightinit" / "notebook.py")  # the glued values' words
    for path in (
        *sorted((ROOT / "weightinit" / "frameworks").glob("*.py")),
        ROOT / "weightinit" / "parametrization.py",
        ROOT / "weightinit" / "schemes.py",  # the biases' words
        *sorted((ROOT / "weightinit" / "explorers").glob("*.py")),  # the explorers' words
    ):  # the tables' words (jatables)
        if path.name != "_words.py":  # the catalogue's own entries (the keys) use nothing
            used |= string_constants(path)
    for page in PAGES:
        used |= page_strings(page)
    assert sorted(set(CATALOGUE["en"]) - used) == []


# --- the language and its errors ----------------------------------------------------------


def test_english_by_default_and_labels_format_their_fields():
    assert get_language() == "en"
    assert label("layer {layer}", layer=3) == "layer 3"
    assert label("{label} at rate {rate}", label="He", rate="0.01") == "He at rate 0.01"


def test_japanese_labels(japanese):
    assert get_language() == "ja"
    assert label("layer {layer}", layer=3) == "3層目"
    assert label("Xavier (book)") == "Xavier（書籍）"
    assert localize("without batch norm") == "Batch Normalizationなし"
    assert localize("n = 100") == "n = 100"


def test_bad_input_raises_naming_the_argument():
    with pytest.raises(TypeError, match="language must be a str"):
        set_language(None)
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'ja'\], got 'jp'"):
        set_language("jp")
    with pytest.raises(KeyError, match="'no such label' is not in the label catalogue"):
        label("no such label")
    with pytest.raises(KeyError, match="needs the field 'layer'"):
        label("layer {layer}", depth=2)
    with pytest.raises(TypeError, match="key must be a str"):
        label(3)
    assert get_language() == "en"


def test_the_environment_variable_chooses_the_language(monkeypatch):
    monkeypatch.setenv("WEIGHTINIT_LANGUAGE", "ja")
    assert labels._language_from_environment() == "ja"
    monkeypatch.delenv("WEIGHTINIT_LANGUAGE")
    assert labels._language_from_environment() == "en"
    monkeypatch.setenv("WEIGHTINIT_LANGUAGE", "de")
    with pytest.raises(ValueError, match="environment variable WEIGHTINIT_LANGUAGE must be one"):
        labels._language_from_environment()


def test_japanese_without_the_font_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match=re.escape('pip install "weightinit[ja]"')):
        set_language("ja")
    assert get_language() == "en"


def test_the_font_is_japanese_only_in_japanese():
    english = list(matplotlib.rcParams["font.family"])
    set_language("ja")
    try:
        assert matplotlib.rcParams["font.family"] == [*english, labels.JAPANESE_FONT]
    finally:
        set_language("en")
    assert matplotlib.rcParams["font.family"] == english


# --- every plotting function, drawn in Japanese ------------------------------------------


def texts(fig) -> list[str]:
    fig.canvas.draw()  # lays out ticks and legends, and renders every glyph
    return [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


def draw_without_doctests():
    """The plotting functions whose docstrings draw nothing, drawn on small inputs."""
    from weightinit import theory
    from weightinit.experiments import TrainableDepth, length_ratios, network_signals
    from weightinit.experiments.propagation.transformer import stream_variance
    from weightinit.experiments.training.mup import train_widths
    from weightinit.plotting import (
        plot_coord_check,
        plot_length_ratios,
        plot_lr_by_width,
        plot_network_signals,
        plot_phase_diagram,
        plot_stream_variance,
        plot_trainable_depth,
    )

    w2, b2 = np.linspace(0.5, 3, 6), np.linspace(0, 0.5, 4)
    mesh = np.meshgrid(w2, b2)
    chi = theory.chi_1(theory.length_fixed_point(*mesh), mesh[0])
    plot_phase_diagram(
        w2, b2, chi, (b2, theory.critical_weight_variance(b2)), points={"xavier-book": (1.0, 0.0)}
    )
    plot_network_signals(
        {
            key: network_signals([w], 0.05, width=20, depth=3, n_networks=2, rng=0)
            for key, w in (("ordered", 1.0), ("critical", 1.8), ("chaotic", 3.0))
        }
    )
    depth = TrainableDepth(
        np.array([1.0, 2.0, 3.0]), np.array([2, 4, 8]), 0.05, np.full((3, 3), 0.5),
        np.array([2.0, 100.0, 4.0]), {},
    )  # fmt: skip
    plot_trainable_depth(depth, multiples=(1.0, 6.0))
    plot_length_ratios({"he": length_ratios([8] * 6, 50, rng=0)})
    small = {"n_blocks": 3, "width": 16, "n_heads": 2, "seq_len": 4, "n_sequences": 2, "rng": 0}
    plot_stream_variance({f"residual-{r}": stream_variance(r, **small) for r in ("none", "gpt2")})
    rng = np.random.default_rng(0)
    x, t = rng.random((100, 12)).astype(np.float32), rng.integers(0, 10, 100)
    sweeps = {
        p: train_widths(x, t, widths=(16, 32), parametrization=p, lrs=(0.01, 0.1), steps=10,
                        base_width=16)
        for p in ("sp", "mup")
    }  # fmt: skip
    plot_coord_check(sweeps, steps=(0, 1))
    plot_lr_by_width(sweeps, last=5)


def plotting_doctests():
    finder = doctest.DocTestFinder()
    for path in sorted(PLOTTING.glob("*.py")):
        if path.name in ("labels.py", "__init__.py", "phone.py"):  # phone: a layout, no text
            continue
        module = importlib.import_module(f"weightinit.plotting.{path.stem}")
        for test in finder.find(module):
            if test.examples:
                yield test


class _Drawing(doctest.DocTestRunner):
    """Runs the examples for what they draw: outputs are English checks, not compared."""

    def __init__(self):
        super().__init__(optionflags=doctest.ELLIPSIS)
        self.errors = []

    def report_failure(self, out, test, example, got):
        pass

    def report_unexpected_exception(self, out, test, example, exc_info):
        self.errors.append((test.name, example.source, exc_info[1]))


@pytest.fixture(scope="module")
def japanese_figures():
    """The texts of every figure the plotting functions draw in Japanese, and what went wrong.

    Figures are collected when an example closes them (its ``plt.close("all")``); warnings
    are errors, and what matplotlib logs as a warning (a missing glyph, a font it falls back
    from) is collected too.
    """
    drawn, problems = [], []

    class Warnings(logging.Handler):  # a missing glyph, a font not found, a fallback
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                problems.append(record.getMessage())

    handler = Warnings()
    logging.getLogger("matplotlib").addHandler(handler)
    original_close = plt.close

    def close(fig=None):
        for number in plt.get_fignums():
            figure = plt.figure(number)
            drawn.append((number, texts(figure)))
        original_close("all" if fig is None else fig)

    set_language("ja")
    runner = _Drawing()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            plt.close = close
            try:
                for test in plotting_doctests():
                    runner.run(test, out=lambda _: None)
                    close("all")
                draw_without_doctests()
                close("all")
            finally:
                plt.close = original_close
    finally:
        set_language("en")
        logging.getLogger("matplotlib").removeHandler(handler)
    return drawn, problems, runner.errors


def test_every_function_draws_in_japanese_without_errors(japanese_figures):
    drawn, problems, errors = japanese_figures
    assert errors == []
    assert problems == []
    assert len(drawn) >= len(DRAWN)


#: Every function of weightinit.plotting that draws (its __all__, which mypy does not see).
DRAWN = [name for name in vars(plotting)["__all__"] if name.startswith(("plot_", "draw_"))]


def test_the_japanese_figures_cover_every_plotting_function():
    with_examples = {test.name.rsplit(".", 1)[-1] for test in plotting_doctests()}
    without = set(re.findall(r"^\s+(plot_\w+),$", inspect.getsource(draw_without_doctests), re.M))
    assert sorted(set(DRAWN) - with_examples - without) == []


def test_japanese_figures_show_no_english_words(japanese_figures):
    drawn, _, _ = japanese_figures
    found = {(text, tuple(english_words(text))) for _, ts in drawn for text in ts}
    assert sorted(item for item in found if item[1]) == []
    assert any("層" in text for _, ts in drawn for text in ts)


# --- the English figures keep their English -----------------------------------------------


def test_english_figures_keep_their_labels():
    from weightinit.experiments.training.depth import DepthSweep
    from weightinit.plotting import plot_depth_sweep, plot_loss_curves

    ax = plot_loss_curves(
        {"xavier-book": np.linspace(2.3, 0.5, 20), "he": np.linspace(2.3, 0.3, 20)}
    )
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("iteration", "training loss")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Xavier (book)", "He"]
    runs = {"he-slide": np.array([[2.3, np.nan], [2.3, 2.0]])}
    sweep = DepthSweep((3,), (0, 1), {3: runs}, {3: {"he-slide": np.array([1, -1])}}, 10)
    fig = plot_depth_sweep(sweep)
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert shown == ["3 hidden layers", "slide's 2/√n:\noverflow at step 1 (1 of 2 runs)"]
    assert fig.axes[0].get_ylabel() == "training loss"
    assert "IPAexGothic" not in matplotlib.rcParams["font.family"]


# --- the phone layout with Japanese labels -------------------------------------------------


def test_japanese_legends_fit_the_phone_layout(japanese):
    from weightinit.plotting import plot_batchnorm_comparison
    from weightinit.plotting.phone import PHONE_WIDTH, phone_layout

    runs = {k: np.array([np.linspace(2.3, 0.2, 50)] * 2) for k in ("std=0.01", "xavier-book", "he")}
    fig = plot_batchnorm_comparison({"without batch norm": runs, "with batch norm": runs})
    phone = phone_layout(fig)
    phone.canvas.draw()
    renderer = phone.canvas.get_renderer()
    width = PHONE_WIDTH * phone.dpi
    words = [t for ax in phone.axes for t in (ax.title, ax.xaxis.label, ax.yaxis.label)]
    assert len(phone.legends) == 1
    for artist in [*phone.legends, *words]:
        box = artist.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1, artist
    titles = [ax.get_title() for ax in phone.axes]
    assert titles == ["Batch Normalizationなし", "Batch Normalizationあり"]


# --- the pages' own words in figures --------------------------------------------------------


def test_pages_draw_no_literal_words_in_figures():
    """A page's code cell (not translated) names an axis through the catalogue, never in English.

    An axis label, title or figure text typed as a literal would stay English in the Japanese
    edition; a ``ylabel=`` passed to a plotting function must be a catalogue key.
    """
    typed = re.compile(r"""\.(set_xlabel|set_ylabel|set_title|suptitle|text)\(\s*f?(["'])(.+?)\2""")
    ylabel = re.compile(r"""\b[xy]label=(["'])(.+?)\1""")
    for page in PAGES:
        for cell in code_sources(page):
            assert [m[2] for m in typed.findall(cell) if english_words(m[2])] == [], page.name
            for _, text in ylabel.findall(cell):
                assert text in CATALOGUE["en"], (page.name, text)


def test_the_japanese_labels_follow_the_editions_glossary():
    """The figures use the glossary's terms (docs/locale/ja/terms.toml), as the pages do."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        check = importlib.import_module("check_translations")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    terms = check.load_terms()
    problems = {
        key: check.term_problems(key, text, terms)
        for key, text in CATALOGUE["ja"].items()
        if check.term_problems(key, text, terms)
    }
    assert problems == {}
