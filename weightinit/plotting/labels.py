"""The figures' words and font: the site's one catalogue (:mod:`weightinit.language`), drawn.

Axis labels, legends, panel titles and in-figure notes all come from
:func:`~weightinit.language.label`, which returns the text of a key of the site's one catalogue
in the current language (:func:`~weightinit.language.get_language`); this module re-exports them
from :mod:`weightinit.language`, where the catalogue and the language setting live (the glued
values of the prose use them too). A key is the English text itself (``"training loss"``,
``"layer {layer}"``), so the code that draws a figure reads as the figure does. The display
names of the site's style map (:data:`weightinit.style.STYLES`, e.g. ``"Xavier (book)"``)
and the panel and series names the pages pass in (``"without batch norm"``) are keys too, so a
page's code cell, which is not translated, draws a Japanese figure in the Japanese edition.

The language starts as the environment variable
:data:`~weightinit.language.ENVIRONMENT_VARIABLE` (``WEIGHTINIT_LANGUAGE``) says, English when
it is unset; the Japanese edition's kernels set it to ``"ja"``, and a downloaded Japanese
notebook calls ``set_language("ja")``. In Japanese, matplotlib's fonts are followed by
IPAexGothic, the font that ``matplotlib-fontja`` ships (``pip install "weightinit[ja]"``): Latin
letters, digits and symbols look as in the English figures, and every kana and kanji has a
glyph. Mathtext draws a label's words around ``$...$`` in one font, the first, and IPAexGothic
has one weight: :func:`fit_japanese_fonts` puts IPAexGothic first for the Japanese labels with
maths or in bold. Back in English, matplotlib's fonts are as they were, so the English figures
are those drawn without this module.

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
import re
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text

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
    "fit_japanese_fonts",
    "get_language",
    "label",
    "localize",
    "set_language",
]

#: The Japanese font, from the ``matplotlib-fontja`` package (the ``ja`` extra).
JAPANESE_FONT = "IPAexGothic"
_INSTALL_HINT = 'pip install "weightinit[ja]" (or: pip install matplotlib-fontja)'

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
        english = _state["english_font"]
        if english is None:
            english = _state["english_font"] = list(rc["font.family"])
        # the English figures' fonts first (their Latin letters, digits and half-width Greek),
        # IPAexGothic for the characters they lack: kana, kanji, full-width punctuation
        rc["font.family"] = [*english, JAPANESE_FONT]
    elif _state["english_font"] is not None:
        rc["font.family"] = _state["english_font"]
        _state["english_font"] = None


def fit_japanese_fonts(figure: Figure | SubFigure) -> None:
    r"""Draw ``figure``'s Japanese texts with maths or in bold in IPAexGothic alone.

    Mathtext draws the words outside ``$...$`` (``"重みの分散 $\sigma_w^2$"``) in the first
    font of a text's family, with no fallback, so such a label needs IPAexGothic first. A bold
    label would mix bold Latin letters with IPAexGothic's one weight; in IPAexGothic alone it
    reads as one. Other texts, and every text of an English figure, are left as they are.
    """
    japanese = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
    others = [f for f in matplotlib.rcParams["font.family"] if f != JAPANESE_FONT]
    for text in figure.findobj(Text):
        content = text.get_text()
        weight = text.get_fontweight()
        bold = (font_manager.weight_dict[weight] if isinstance(weight, str) else weight) >= 600
        if japanese.search(content) and ("$" in content or bold):
            text.set_fontfamily([JAPANESE_FONT, *others])


on_language_change(_apply_font)
