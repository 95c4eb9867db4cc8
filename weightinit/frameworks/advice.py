r"""The site's practical bottom line: which initialization for which network, in one table.

:func:`bottom_line_markdown` renders it for the front page and the quick tour, in the language
of :func:`weightinit.language.get_language` (its words from the site's one catalogue, the same
numbers, maths and links in every language). What it says
of a framework is read from :data:`~weightinit.frameworks.defaults.DEFAULTS`: whether the
default already is the recommended rule, and otherwise by what factor it multiplies the
signal's variance per layer. Every row links the page of the site that shows it.
"""

from __future__ import annotations

from fractions import Fraction

from weightinit._validation import check_choice, check_str
from weightinit.frameworks.defaults import DEFAULTS, FrameworkDefault
from weightinit.language import label, localize

__all__ = ["bottom_line_markdown", "per_layer_factor"]

# What an activation passes on of the second moment of a zero-mean pre-activation: all of it
# for tanh near its linear regime (and no activation), half for the ReLU (he.md).
_PASSED_ON = {"tanh": Fraction(1), "relu": Fraction(1, 2)}


def per_layer_factor(entry: FrameworkDefault, activation: str) -> Fraction:
    r"""The factor by which ``entry``'s default multiplies the variance at each square layer.

    For :math:`n_\text{in} = n_\text{out} = n`, a layer multiplies the variance of its
    pre-activations by :math:`n \operatorname{Var}(W)` times what the activation passes on:
    all of it for tanh while the signal is small (and for no activation), half for the ReLU.
    A factor of 1 keeps the signal; anything else compounds with depth.

    Parameters
    ----------
    entry : weightinit.frameworks.defaults.FrameworkDefault
        A framework's default, e.g. ``DEFAULTS["pytorch"]``.
    activation : {"tanh", "relu"}
        The activation after the layer (``"tanh"`` also stands for no activation).

    Returns
    -------
    fractions.Fraction

    Examples
    --------
    >>> from weightinit.frameworks import DEFAULTS
    >>> per_layer_factor(DEFAULTS["pytorch"], "relu"), per_layer_factor(DEFAULTS["keras"], "tanh")
    (Fraction(1, 6), Fraction(1, 1))
    """
    check_choice(activation, "activation", sorted(_PASSED_ON))
    n = 1000  # any width: the defaults' variance is a constant over n in a square layer
    factor = Fraction(entry.weight_variance(n, n) * n).limit_denominator(1000)
    return factor * _PASSED_ON[activation]


def _fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return f"${value.numerator}$"
    return f"${value.numerator}/{value.denominator}$"


def _names(entries: list[FrameworkDefault]) -> str:
    names = [entry.framework for entry in entries]
    if len(names) == 1:
        return names[0]
    return label("{names} and {last}", names=label(", ").join(names[:-1]), last=names[-1])


def _framework_cell(activation: str, pages: str) -> str:
    """What the frameworks' defaults do to the variance at a square layer with ``activation``."""
    by_factor: dict[Fraction, list[FrameworkDefault]] = {}
    for entry in DEFAULTS.values():
        by_factor.setdefault(per_layer_factor(entry, activation), []).append(entry)
    parts = []
    for factor, entries in sorted(by_factor.items(), reverse=True):
        if factor == 1:
            parts.append(label("{names}: variance kept", names=_names(entries)))
        else:
            parts.append(
                label(
                    "{names}: variance times {factor}",
                    names=_names(entries),
                    factor=_fraction(factor),
                )
            )
    how = f"{pages}practice.md#applying-he-initialization-in-each-framework"
    return label("{parts} ([set it yourself]({how}))", parts=label("; ").join(parts), how=how)


def bottom_line_markdown(pages: str = "lecture/") -> str:
    r"""Return the bottom line as a Markdown table (with MyST math and links) for the site.

    Two columns, to fit a phone: the situation, and what to start the weights from, with what
    the frameworks' defaults do there (from :data:`~weightinit.frameworks.defaults.DEFAULTS`,
    as the factor by which each multiplies the variance per square layer) and links to the
    pages that show why.

    Parameters
    ----------
    pages : str, default "lecture/"
        The path from the page showing the table to the lecture pages.

    Returns
    -------
    str

    Examples
    --------
    >>> table = bottom_line_markdown()
    >>> print(table.splitlines()[0])
    | your network | start the weights from |
    >>> "PyTorch: variance times $1/6$" in table
    True
    """
    check_str(pages, "pages")
    glorot = r"$\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})$"
    he = r"$\operatorname{Var}(W) = 2/n_\text{in}$"
    leaky = r"$2/\bigl((1 + a^2)\,n_\text{in}\bigr)$"
    rows = [
        (
            label("tanh, or no activation"),
            label(
                "Glorot (Xavier), {rule} ([why]({why})). "
                "The defaults, per square layer: {defaults}.",
                rule=glorot,
                why=f"{pages}xavier.md",
                defaults=_framework_cell("tanh", pages),
            ),
        ),
        (
            "ReLU",
            label(
                "He, {rule}; for a leaky ReLU of slope $a$, {leaky} ([why]({why})). "
                "The defaults, per square layer: {defaults}.",
                rule=he,
                leaky=leaky,
                why=f"{pages}he.md",
                defaults=_framework_cell("relu", pages),
            ),
        ),
        (
            localize("sigmoid"),
            label(
                "tanh or ReLU instead: even under Glorot's rule, a sigmoid network's gradient "
                "vanishes towards the input ([why]({why}), [activations]({activations})).",
                why=f"{pages}xavier.md#what-assumes-a-linear-activation-means",
                activations=f"{pages}activations.md",
            ),
        ),
        (
            label("a start that still fails (tens of layers, an unusual activation)"),
            label(
                "batch normalization, which removes the weights' scale from the forward pass "
                "([batch norm]({batchnorm})), or LSUV, which rescales each layer on real data "
                "([LSUV]({lsuv})).",
                batchnorm=f"{pages}beyond.md#batch-normalization-a-preview-of-section-63",
                lsuv=f"{pages}beyond.md#lsuv-ask-the-data",
            ),
        ),
        (
            label("residual blocks"),
            label(
                "the rule above in each branch, its last layer then scaled by {scale} ($B$ blocks) "
                "or started at zero ([why]({why})).",
                scale=r"$1/\sqrt{B}$",
                why=f"{pages}beyond.md#residual-networks",
            ),
        ),
    ]
    header = [label("your network"), label("start the weights from")]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
