"""The figures' words and font: the site's one catalogue (:mod:`weightinit.language`), drawn.

Axis labels, legends, panel titles and in-figure notes all come from
:func:`~weightinit.language.label`, which returns the text of a key of the site's one catalogue
in the current language (:func:`~weightinit.language.get_language`); this module re-exports them
from :mod:`weightinit.language`, where the catalogue and the language setting live (the glued
values of the prose use them too). A key is the English text itself (``"training loss"``,
``"layer {layer}"``), so the code that draws a figure reads as the figure does. The display
names of the site's style map (:data:`weightinit.style.SCHEME_STYLES`, e.g. ``"Xavier (book)"``)
and the panel and series names the pages pass in (``"without batch norm"``) are keys too, so a
page's code cell, which is not translated, draws a Japanese figure in the Japanese edition.

The language starts as the environment variable
:data:`~weightinit.language.ENVIRONMENT_VARIABLE` (``WEIGHTINIT_LANGUAGE``) says, English when
it is unset; the Japanese edition's kernels set it to ``"ja"``, and a downloaded Japanese
notebook calls ``set_language("ja")``. In Japanese, every figure is drawn with IPAexGothic, the
font that ``matplotlib-fontja`` ships (``pip install "weightinit[ja]"``), with matplotlib's own
fonts behind it for the symbols it lacks, so every character has a glyph. Back in English,
matplotlib's fonts are as they were, so the English figures are those drawn without this module.

>>> get_language()
'en'
>>> label("layer {layer}", layer=2)
'layer 2'
>>> set_language("ja")
>>> label("layer {layer}", layer=2), label("training loss"), label("He")
('2層目', '訓練損失', 'He')
>>> set_language("en")
>>> localize("tanh"), localize("training loss")
('tanh', 'training loss')
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from weightinit.language import (
    CATALOGUE,
    ENVIRONMENT_VARIABLE,
    LANGUAGES,
    _language_from_environment,  # noqa: F401 (the environment, for the tests)
    get_language,
    label,
    localize,
    on_language_change,
    set_language,
)

__all__ = [
    "CATALOGUE",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "get_language",
    "label",
    "localize",
    "set_language",
]

#: The Japanese font, from the ``matplotlib-fontja`` package (the ``ja`` extra).
JAPANESE_FONT = "IPAexGothic"
_INSTALL_HINT = 'pip install "weightinit[ja]"'

_state: dict[str, list[str] | None] = {"english_font": None}


def _japanese_font_file() -> Path:
    """The IPAexGothic file of ``matplotlib-fontja``, found without importing the package.

    (Importing it would set matplotlib's font for every figure, English ones included.)
    """
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the Japanese figures need the font of matplotlib-fontja: {_INSTALL_HINT}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"matplotlib-fontja has no font at {path}: {_INSTALL_HINT}")
    return path


def _register_font(path: Path) -> None:
    """Add IPAexGothic to matplotlib's fonts, as its one (regular) weight and as bold.

    IPAexGothic has a single weight: registered as bold too, a bold panel label in Japanese
    is drawn in it at its own weight, instead of matplotlib warning that no bold face exists.
    """
    manager = font_manager.fontManager
    if any(font.name == JAPANESE_FONT for font in manager.ttflist):
        return
    regular = font_manager.ttfFontProperty(font_manager.get_font(str(path)))
    manager.ttflist.append(dataclasses.replace(regular, weight=700))
    manager.addfont(str(path))  # the regular weight; and forgets the fonts looked up so far


def _apply_font(language: str) -> None:
    rc = matplotlib.rcParams
    if language == "ja":
        path = _japanese_font_file()
        _register_font(path)
        if _state["english_font"] is None:
            _state["english_font"] = list(rc["font.family"])
        # IPAexGothic first: mathtext draws a label's text outside $...$ in the first font;
        # the English fonts behind it, for the symbols IPAexGothic lacks
        rc["font.family"] = [JAPANESE_FONT, *_state["english_font"]]
    elif _state["english_font"] is not None:
        rc["font.family"] = _state["english_font"]
        _state["english_font"] = None


on_language_change(_apply_font)
