"""The site's one style map: a colour, a line style, a marker and a display label per key.

Every figure on the site draws a scheme (or an activation) in the same colour and calls it by
the same name, so a reader who has learnt that the book's Xavier is green on one page finds it
green on every page. The keys are the scheme names of :func:`~weightinit.schemes.get_scheme`
(``"std=0.01"``, ``"xavier-book"``, ``"he"``, ...; :data:`SCHEME_STYLES`), the names of the
methods beyond the book (:data:`METHOD_STYLES`), and the activation names of
:data:`~weightinit.activations.ACTIVATIONS`.

The colours are those of Okabe & Ito's palette for colour-blind readers (plus some of Paul
Tol's), on the white background the figures are drawn on.

>>> style_for("xavier-book").label
'Xavier (book)'
>>> style_for("Std 0.01") == style_for("std=0.01")
True
>>> style_for("no such scheme") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ACTIVATION_STYLES", "METHOD_STYLES", "SCHEME_STYLES", "STYLES", "Style", "style_for"]


@dataclass(frozen=True)
class Style:
    """How one scheme or activation is drawn and named on every page.

    Attributes
    ----------
    key : str
        The key it is looked up by, e.g. ``"he"``.
    label : str
        The display name used in legends, row titles and tables.
    color : str
        A matplotlib colour (``#rrggbb``).
    linestyle : str
        A matplotlib line style, ``"-"`` unless two keys share a colour.
    marker : str
        A matplotlib marker for per-layer plots.
    """

    key: str
    label: str
    color: str
    linestyle: str = "-"
    marker: str = "o"


def _styles(*styles: Style) -> dict[str, Style]:
    return {style.key: style for style in styles}


#: The schemes, by the names of :data:`weightinit.schemes.SCHEMES` (the book's, the papers',
#: the frameworks' defaults, orthogonal, LSUV's start), plus the ``"std=<s>"`` the pages draw.
SCHEME_STYLES: dict[str, Style] = _styles(
    Style("std=0.01", "std 0.01", "#56B4E9", marker="v"),
    Style("std=1", "std 1", "#D55E00", marker="^"),
    Style("xavier-book", "Xavier (book)", "#009E73", marker="s"),
    Style("glorot", "Glorot", "#CC79A7", marker="D"),
    Style("glorot-uniform", "Glorot uniform", "#AA3377", marker="d"),
    Style("he", "He", "#0072B2", marker="o"),
    Style("he-slide", "slide's 2/√n", "#E69F00", marker="P"),
    Style("zeros", "zeros", "#7F7F7F", marker="x"),
    Style("lecun-untruncated", "LeCun", "#009E73", linestyle="--", marker="s"),
    Style("pytorch", "PyTorch default", "#999933", marker="X"),
    Style("keras", "Keras default", "#CC79A7", linestyle="--", marker="D"),
    Style("flax", "Flax default", "#009E73", linestyle=":", marker="s"),
    Style("stax", "stax default", "#BB5566", linestyle=":", marker="d"),
    Style("orthogonal", "orthogonal", "#DDAA33", marker="h"),
    Style("lsuv", "LSUV", "#882255", marker="*"),
)

#: Methods and series beyond a weight draw: normalization, residual branches, parametrizations,
#: a scheme on another network, the phases of a tanh network.
METHOD_STYLES: dict[str, Style] = _styles(
    Style("batchnorm", "batch norm", "#332288", marker="p"),
    Style("residual", "residual, He branches", "#0072B2", linestyle="--", marker="o"),
    Style("residual-scaled", "residual, scaled branches", "#44AA99", linestyle="--", marker="h"),
    Style("residual-zero", "residual, zero-init branches", "#7F7F7F", linestyle="--", marker="x"),
    Style("residual-none", "σ on every layer", "#EE7733", marker="o"),
    Style("residual-gpt2", "σ/√(2N) (GPT-2)", "#0072B2", linestyle="-.", marker="s"),
    Style("residual-depth", "σ/√(2(ℓ+1)) (_depth_init)", "#EE3377", marker="^"),
    Style("sp", "standard (SP)", "#AA4499", marker="o"),
    Style("mup", "μP", "#117733", marker="s"),
    Style("he-uneven", "He, uneven widths", "#0072B2", linestyle=":", marker="s"),
    Style("pytorch-tanh-gain", "PyTorch's tanh gain 5/3", "#999933", linestyle="--", marker="X"),
    # the phases of a tanh network (signal propagation page)
    Style("ordered", "ordered, χ₁ < 1", "#4477AA", marker="v"),
    Style("critical", "edge of chaos, χ₁ = 1", "#228833", marker="o"),
    Style("chaotic", "chaotic, χ₁ > 1", "#EE6677", marker="^"),
)

#: Activation functions, by the names of :data:`~weightinit.activations.ACTIVATIONS`.
ACTIVATION_STYLES: dict[str, Style] = _styles(
    Style("sigmoid", "sigmoid", "#332288", marker="o"),
    Style("tanh", "tanh", "#882255", marker="s"),
    Style("relu", "ReLU", "#117733", marker="^"),
    Style("leaky_relu", "leaky ReLU", "#AA4499", marker="v"),
    Style("linear", "linear", "#7F7F7F", marker="D"),
)

#: Every style of the site: schemes, methods and activations.
STYLES: dict[str, Style] = {**SCHEME_STYLES, **METHOD_STYLES, **ACTIVATION_STYLES}

_SPACED_NUMBER = re.compile(r"^(std|constant)[ =]*([-+]?[0-9.]+(?:e[-+]?[0-9]+)?)$")


def _normalize(key: str) -> str:
    text = " ".join(key.strip().lower().replace("_", " ").split())
    match = _SPACED_NUMBER.match(text)
    if match:
        return f"{match[1]}={float(match[2]):g}"
    return text


_BY_NORMALIZED: dict[str, Style] = {}
for _style in STYLES.values():
    _BY_NORMALIZED.setdefault(_normalize(_style.key), _style)
    _BY_NORMALIZED.setdefault(_normalize(_style.label), _style)


def style_for(key: object) -> Style | None:
    """Return the :class:`Style` of a scheme, framework default, method or activation.

    Parameters
    ----------
    key : str or Scheme or Activation
        A key of :data:`STYLES` (``"he"``, ``"std=0.01"``,
        ``"relu"``), a display label (``"Xavier (book)"``), a spelling that differs only in
        case, spaces or ``=`` (``"std 0.01"``), or a :class:`~weightinit.schemes.Scheme` or
        :class:`~weightinit.activations.Activation`, looked up by its ``name``.

    Returns
    -------
    Style or None
        None when the key has no style; callers then fall back to the key as label and the
        default colour cycle.

    Examples
    --------
    >>> style_for("he").color
    '#0072B2'
    >>> style_for("glorot").color != style_for("xavier-book").color
    True
    >>> style_for("relu").label
    'ReLU'
    """
    name = getattr(key, "name", key)
    if not isinstance(name, str):
        return None
    if name in STYLES:
        return STYLES[name]
    return _BY_NORMALIZED.get(_normalize(name))
