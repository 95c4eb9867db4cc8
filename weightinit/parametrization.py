r"""The standard parametrization and μP: initial variance and learning rate per layer type.

A network of width :math:`n` has three kinds of weight matrices: **input** weights (from the
data, of fixed size, to the width), **hidden** weights (width to width) and **output** weights
(width to the fixed number of outputs); **biases** are vectors of the width. A
**parametrization** says how each kind's initial variance and learning rate change with the
width. In the **standard parametrization** (SP) every weight has variance
:math:`c/n_\text{in}` and every layer the same learning rate :math:`\eta`. The **maximal
update parametrization** (μP, Yang & Hu, 2021; Yang et al., 2021, their Table 3) changes both
so that every layer's activations change by an amount that does not depend on the width.

The rules are written as in ``microsoft/mup``: relative to a **base width** :math:`n_0` at
which μP and SP agree, with the **width multiplier** :math:`m = n / n_0`. Each rule is a
power of :math:`m` for the initial variance (on top of :math:`c/n_\text{in}`) and one for the
learning rate (on top of :math:`\eta`):

========  =================  ===============  ===============
layer     initial variance   SGD rate         Adam rate
========  =================  ===============  ===============
input     :math:`m^0`        :math:`m^{+1}`   :math:`m^0`
hidden    :math:`m^0`        :math:`m^0`      :math:`m^{-1}`
output    :math:`m^{-1}`     :math:`m^{-1}`   :math:`m^{-1}`
bias      (zero)             :math:`m^{+1}`   :math:`m^0`
========  =================  ===============  ===============

With :math:`m = n / n_0` the output weights' variance is :math:`c\,n_0 / n^2`, Table 3's
:math:`1/n_\text{in}^2` up to a constant. In SP every power is 0. The biases' zero initial
value is this package's choice: Table 3 groups biases with the input weights (variance
:math:`1/n_\text{in}`), whose learning-rate powers they share here.
"""

from __future__ import annotations

from dataclasses import dataclass

from weightinit._validation import check_choice, check_real
from weightinit.language import label

__all__ = [
    "LAYER_TYPES",
    "OPTIMIZERS",
    "PARAMETRIZATIONS",
    "LayerRule",
    "init_variance",
    "learning_rate",
    "rule_for",
    "rules_markdown",
]

LAYER_TYPES = ("input", "hidden", "output", "bias")
OPTIMIZERS = ("sgd", "adam")
PARAMETRIZATIONS = ("sp", "mup")


@dataclass(frozen=True)
class LayerRule:
    r"""How one layer type scales with the width multiplier :math:`m` in one parametrization.

    Attributes
    ----------
    variance_power : int
        The initial variance is :math:`(c / n_\text{in})\, m^{p}` with this :math:`p`.
    sgd_power, adam_power : int
        The learning rate is :math:`\eta\, m^{p}` with this :math:`p`, for SGD and for Adam.
    """

    variance_power: int
    sgd_power: int
    adam_power: int


_RULES: dict[str, dict[str, LayerRule]] = {
    "sp": {layer: LayerRule(0, 0, 0) for layer in LAYER_TYPES},
    "mup": {
        "input": LayerRule(0, 1, 0),
        "hidden": LayerRule(0, 0, -1),
        "output": LayerRule(-1, -1, -1),
        "bias": LayerRule(0, 1, 0),
    },
}


def rule_for(parametrization: str, layer: str) -> LayerRule:
    """The :class:`LayerRule` of a layer type in a parametrization.

    Examples
    --------
    >>> rule_for("mup", "hidden")
    LayerRule(variance_power=0, sgd_power=0, adam_power=-1)
    """
    check_choice(parametrization, "parametrization", PARAMETRIZATIONS)
    check_choice(layer, "layer", LAYER_TYPES)
    return _RULES[parametrization][layer]


def _width_mult(width_mult: float) -> float:
    return check_real(width_mult, "width_mult", positive=True)


def init_variance(
    parametrization: str, layer: str, fan_in: int, width_mult: float, gain: float = 1.0
) -> float:
    r"""The initial variance of a weight: :math:`(\text{gain}^2 / n_\text{in})\, m^{p}`.

    Parameters
    ----------
    parametrization : {"sp", "mup"}
        The standard parametrization or μP.
    layer : {"input", "hidden", "output", "bias"}
        Biases start at zero in both parametrizations.
    fan_in : int
        :math:`n_\text{in}` of the layer.
    width_mult : float
        :math:`m = n / n_0`.
    gain : float, default 1.0
        E.g. :math:`\sqrt 2` for He's variance before a ReLU.

    Examples
    --------
    >>> init_variance("mup", "output", 1024, 4.0) * 1024 * 4  # 1 / (fan_in * m)
    1.0
    >>> init_variance("sp", "output", 1024, 4.0) * 1024
    1.0
    """
    rule = rule_for(parametrization, layer)
    n_in = check_real(fan_in, "fan_in", positive=True)
    if layer == "bias":
        return 0.0
    return gain**2 / n_in * _width_mult(width_mult) ** rule.variance_power


def learning_rate(
    parametrization: str, layer: str, base_lr: float, width_mult: float, optimizer: str
) -> float:
    r"""The learning rate of a layer: :math:`\eta\, m^{p}` with the rule's power :math:`p`.

    Examples
    --------
    >>> learning_rate("mup", "hidden", 0.01, 8.0, "adam")  # Adam: eta / m
    0.00125
    >>> learning_rate("mup", "input", 0.1, 8.0, "sgd")  # SGD: eta * m
    0.8
    >>> learning_rate("sp", "hidden", 0.01, 8.0, "adam")
    0.01
    """
    rule = rule_for(parametrization, layer)
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    base_lr = check_real(base_lr, "base_lr", positive=True)
    power = rule.sgd_power if optimizer == "sgd" else rule.adam_power
    return base_lr * _width_mult(width_mult) ** power


def _power(power: int) -> str:
    return "1" if power == 0 else ("m" if power == 1 else f"m^{{{power}}}")


def rules_markdown(parametrization: str = "mup") -> str:
    r"""The rules of a parametrization as a Markdown table (for a page), powers of :math:`m`.

    Its words are in the current language (:func:`weightinit.language.get_language`).

    Examples
    --------
    >>> print(rules_markdown().splitlines()[3])
    | hidden | $\frac{c}{n_\text{in}}$ | $\eta$ | $\eta\, m^{-1}$ |
    """
    check_choice(parametrization, "parametrization", PARAMETRIZATIONS)
    rate_names = [label("{optimizer} learning rate", optimizer=name) for name in ("SGD", "Adam")]
    header = [label("layer"), label("initial variance"), *rate_names]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    for layer in LAYER_TYPES:
        rule = _RULES[parametrization][layer]
        if layer == "bias":
            variance = label(
                "0 (this package's choice; Table 3 groups biases with the input weights)"
            )
        elif rule.variance_power == 0:
            variance = r"$\frac{c}{n_\text{in}}$"
        else:
            variance = rf"$\frac{{c}}{{n_\text{{in}}}}\, {_power(rule.variance_power)}$"
        rates = [
            r"$\eta$" if p == 0 else rf"$\eta\, {_power(p)}$"
            for p in (rule.sgd_power, rule.adam_power)
        ]
        lines.append(f"| {label(layer)} | {variance} | {rates[0]} | {rates[1]} |")
    return "\n".join(lines)
