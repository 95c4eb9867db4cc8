r"""The table of defaults: what each framework draws a layer's weights and bias from.

Each framework's weight rule is one call into
:func:`~weightinit.initializers.variance_scaling`, in the ``x @ W`` layout. :data:`DEFAULTS`
records, for each, the variance as a function of the fans, the bias, the layouts, and the
release and function the rule was read from; :func:`defaults_markdown` renders it for the site.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import DTypeLike

from weightinit._validation import check_choice
from weightinit.distributions import normal, uniform, zeros
from weightinit.frameworks.weights import flax_weight, keras_weight, pytorch_weight, stax_weight
from weightinit.initializers import scaled_variance
from weightinit.language import label

LAYERS = ("dense", "conv2d")


@dataclass(frozen=True)
class BiasDefault:
    r"""How a framework initializes a layer's bias.

    Attributes
    ----------
    kind : {"zeros", "fan_in_uniform", "normal"}
        All zeros; :math:`\mathcal{U}(\pm 1/\sqrt{n_\text{in}})` with the weight's fan-in
        (PyTorch); or :math:`\mathcal{N}(0, \text{std}^2)`.
    std : float, default 0.0
        The standard deviation of ``"normal"``.
    """

    kind: str
    std: float = 0.0

    def variance(self, fan_in: int) -> float:
        """Return the variance of each bias entry for a layer with this fan-in."""
        if self.kind == "fan_in_uniform":
            return 1.0 / (3.0 * fan_in)
        return self.std**2 if self.kind == "normal" else 0.0

    def draw(
        self, n_out: int, fan_in: int, rng: np.random.Generator, dtype: DTypeLike
    ) -> np.ndarray:
        """Draw a bias of ``n_out`` entries."""
        if self.kind == "fan_in_uniform":
            bound = 1.0 / math.sqrt(fan_in)
            return uniform(n_out, -bound, bound, rng=rng, dtype=dtype)
        if self.kind == "normal":
            return normal(n_out, std=self.std, rng=rng, dtype=dtype)
        return zeros(n_out, dtype=dtype)

    def describe(self) -> str:
        """Return the bias as a short Markdown string with MyST math, in the current language."""
        if self.kind == "fan_in_uniform":
            return label("uniform, {bound}", bound=r"$\pm 1/\sqrt{n_\text{in}}$")
        if self.kind == "zeros":
            return label("zero")
        return label("normal, {std}", std=self.describe_std())

    def describe_std(self) -> str:
        """Return the standard deviation of a normal bias, e.g. ``std $10^{-2}$``."""
        exponent = math.log10(self.std)
        if exponent == round(exponent):
            return label("std {std}", std=f"$10^{{{round(exponent)}}}$")
        return label("std {std}", std=f"{self.std:g}")


@dataclass(frozen=True)
class FrameworkDefault:
    r"""One framework's default initialization of dense and 2-D convolution layers.

    The weights are ``variance_scaling(shape, scale, mode, distribution)``, so
    :math:`\operatorname{Var}(W) = \text{scale} / n` with :math:`n` the fan chosen by ``mode``.

    Attributes
    ----------
    key : str
        Short name, also the key of the site's style map: ``"pytorch"``, ``"keras"``,
        ``"flax"`` or ``"stax"``.
    framework : str
        Display name, e.g. ``"PyTorch"``.
    package : str
        The distribution whose version the parity tests check, e.g. ``"torch"``.
    version : str
        The release the parity tests check this entry against.
    layers : tuple of str
        The dense and the convolution layer, e.g. ``("nn.Linear", "nn.Conv2d")``.
    weight_name : str
        The framework's own name of the weight initializer.
    initializer : callable
        ``initializer(shape, rng=..., dtype=...)``, e.g.
        :func:`~weightinit.frameworks.weights.pytorch_weight`.
    scale, mode, distribution
        Its arguments to :func:`~weightinit.initializers.variance_scaling`.
    dense_bias, conv_bias : BiasDefault
        The bias of the dense and of the convolution layer.
    layouts : tuple of str
        The framework's own weight layouts of the two layers, ``in`` and ``out`` standing for
        the features (dense) or channels (convolution).
    """

    key: str
    framework: str
    package: str
    version: str
    layers: tuple[str, str]
    weight_name: str
    initializer: Callable[..., np.ndarray]
    scale: float
    mode: str
    distribution: str
    dense_bias: BiasDefault
    conv_bias: BiasDefault
    layouts: tuple[str, str]

    def weight_variance(self, fan_in: int, fan_out: int) -> float:
        r"""Return :math:`\operatorname{Var}(W)` for a layer with these fans."""
        return scaled_variance((fan_in, fan_out), self.scale, self.mode)

    def variance_latex(self) -> str:
        r"""Return :math:`\operatorname{Var}(W)` in LaTeX, e.g. ``1/(3\,n_\text{in})``."""
        ratio = Fraction(self.scale).limit_denominator(1000)
        if self.mode == "fan_avg":
            ratio *= 2
            fan = r"(n_\text{in} + n_\text{out})"
        else:
            fan = {"fan_in": r"n_\text{in}", "fan_out": r"n_\text{out}"}[self.mode]
        if ratio.denominator != 1:
            fan = rf"({ratio.denominator}\,{fan})"
        return rf"{ratio.numerator}/{fan}"

    def bias_for(self, layer: str) -> BiasDefault:
        """Return the bias rule of ``layer``, ``"dense"`` or ``"conv2d"``."""
        check_choice(layer, "layer", LAYERS)
        return self.dense_bias if layer == "dense" else self.conv_bias


_ZERO = BiasDefault("zeros")
_SAME = ("(in, out)", "(kh, kw, in, out)")
#: The defaults by key, in the order the site shows them.
DEFAULTS: dict[str, FrameworkDefault] = {
    entry.key: entry
    for entry in (
        FrameworkDefault(
            key="pytorch",
            framework="PyTorch",
            package="torch",
            version="2.13.0",
            layers=("nn.Linear", "nn.Conv2d"),
            weight_name="kaiming_uniform_(a=√5)",
            initializer=pytorch_weight,
            scale=1.0 / 3.0,
            mode="fan_in",
            distribution="uniform",
            dense_bias=BiasDefault("fan_in_uniform"),
            conv_bias=BiasDefault("fan_in_uniform"),
            layouts=("(out, in)", "(out, in, kh, kw)"),
        ),
        FrameworkDefault(
            key="keras",
            framework="Keras",
            package="keras",
            version="3.15.1",
            layers=("Dense", "Conv2D"),
            weight_name="glorot_uniform",
            initializer=keras_weight,
            scale=1.0,
            mode="fan_avg",
            distribution="uniform",
            dense_bias=_ZERO,
            conv_bias=_ZERO,
            layouts=_SAME,
        ),
        FrameworkDefault(
            key="flax",
            framework="Flax",
            package="flax",
            version="0.12.8",
            layers=("nn.Dense", "nn.Conv"),
            weight_name="lecun_normal",
            initializer=flax_weight,
            scale=1.0,
            mode="fan_in",
            distribution="truncated_normal",
            dense_bias=_ZERO,
            conv_bias=_ZERO,
            layouts=_SAME,
        ),
        FrameworkDefault(
            key="stax",
            framework="JAX stax",
            package="jax",
            version="0.10.2",
            layers=("Dense", "Conv"),
            weight_name="glorot_normal",
            initializer=stax_weight,
            scale=1.0,
            mode="fan_avg",
            distribution="truncated_normal",
            dense_bias=BiasDefault("normal", 1e-2),
            conv_bias=BiasDefault("normal", 1e-6),
            layouts=_SAME,
        ),
    )
}
#: The keys of :data:`DEFAULTS`.
FRAMEWORKS: tuple[str, ...] = tuple(DEFAULTS)


def get_default(framework: str) -> FrameworkDefault:
    """Return the entry of :data:`DEFAULTS` for ``framework``, or raise naming the keys.

    Parameters
    ----------
    framework : {"pytorch", "keras", "flax", "stax"}
        The framework.

    Returns
    -------
    FrameworkDefault

    Examples
    --------
    >>> get_default("flax").weight_variance(100, 10)  # 1 / n_in
    0.01
    """
    return DEFAULTS[check_choice(framework, "framework", FRAMEWORKS)]


def defaults_markdown() -> str:
    r"""Return :data:`DEFAULTS` as a Markdown table (with MyST math) for the site.

    Its words are in the current language (:func:`weightinit.language.get_language`).

    The framework column gives the release the parity tests check; the layers are in
    ``FrameworkDefault.layers``.

    Returns
    -------
    str

    Examples
    --------
    >>> print(defaults_markdown().splitlines()[0])
    | framework | weights | $\operatorname{Var}(W)$ | bias |
    """
    header = [label("framework"), label("weights"), r"$\operatorname{Var}(W)$", label("bias")]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for entry in DEFAULTS.values():
        if entry.distribution == "uniform":
            weights = label("uniform (`{function}`)", function=entry.weight_name)
        else:
            weights = label("truncated normal (`{function}`)", function=entry.weight_name)
        bias = entry.dense_bias.describe()
        if entry.conv_bias != entry.dense_bias:  # stax's Conv: a normal bias of another std
            same_kind = entry.conv_bias.kind == entry.dense_bias.kind == "normal"
            other = entry.conv_bias.describe_std() if same_kind else entry.conv_bias.describe()
            bias = label(
                "{bias} (`{layer}`: {other})", bias=bias, layer=entry.layers[1], other=other
            )
        cells = [
            f"{entry.framework} {entry.version}",
            weights,
            f"${entry.variance_latex()}$",
            bias,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
