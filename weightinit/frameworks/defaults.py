r"""The table of defaults: what each framework draws a layer's weights and bias from.

Each framework's weights and dense bias are an entry of the registry of schemes
(:data:`weightinit.schemes.SCHEMES`: ``"pytorch"``, ``"keras"``, ``"flax"``, ``"stax"``), one
call into :func:`~weightinit.initializers.variance_scaling` in the ``x @ W`` layout.
:data:`DEFAULTS` adds, for each, the convolution's bias, the layouts, and the release and
function the rule was read from; :func:`defaults_markdown` renders it for the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from weightinit._validation import check_choice
from weightinit.initializers import scaled_variance
from weightinit.language import label
from weightinit.schemes import SCHEMES, BiasDefault, Scheme

LAYERS = ("dense", "conv2d")


@dataclass(frozen=True)
class FrameworkDefault:
    r"""One framework's default initialization of dense and 2-D convolution layers.

    The weights and the dense layer's bias are the registry's entry ``scheme``
    (:data:`weightinit.schemes.SCHEMES`): ``variance_scaling(shape, scale, mode,
    distribution)``, so :math:`\operatorname{Var}(W) = \text{scale} / n` with :math:`n` the
    fan chosen by ``mode``; ``scale``, ``mode``, ``distribution``, ``initializer`` and
    ``dense_bias`` are read from it.

    Attributes
    ----------
    key : str
        The entry's name (read from ``scheme``), also the key of the site's style map:
        ``"pytorch"``, ``"keras"``, ``"flax"`` or ``"stax"``.
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
    scheme : Scheme
        The registry's entry of the same key: the weights and the dense layer's bias.
    conv_bias : BiasDefault
        The bias of the convolution layer (the dense layer's unless the framework differs).
    layouts : tuple of str
        The framework's own weight layouts of the two layers, ``in`` and ``out`` standing for
        the features (dense) or channels (convolution).
    """

    framework: str
    package: str
    version: str
    layers: tuple[str, str]
    weight_name: str
    scheme: Scheme
    conv_bias: BiasDefault
    layouts: tuple[str, str]

    @property
    def key(self) -> str:
        """The entry's name, also the key of :data:`DEFAULTS` and of the site's style map."""
        return self.scheme.name

    @property
    def initializer(self) -> Scheme:
        """``initializer(shape, rng=..., dtype=...)``: the entry itself draws the weights."""
        return self.scheme

    @property
    def scale(self) -> float:
        """The entry's ``scale`` argument to ``variance_scaling``."""
        return cast(float, self.scheme.scale)  # every framework entry is a scaled draw

    @property
    def mode(self) -> str:
        """The entry's ``mode`` argument to ``variance_scaling``."""
        return cast(str, self.scheme.mode)  # every framework entry is a scaled draw

    @property
    def distribution(self) -> str:
        """The entry's ``distribution`` argument to ``variance_scaling``."""
        return cast(str, self.scheme.distribution)  # every framework entry is a scaled draw

    @property
    def dense_bias(self) -> BiasDefault:
        """The dense layer's bias: the entry's."""
        return self.scheme.bias

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
            scheme=SCHEMES["pytorch"],
            framework="PyTorch",
            package="torch",
            version="2.13.0",
            layers=("nn.Linear", "nn.Conv2d"),
            weight_name="kaiming_uniform_(a=√5)",
            conv_bias=BiasDefault("fan_in_uniform"),
            layouts=("(out, in)", "(out, in, kh, kw)"),
        ),
        FrameworkDefault(
            scheme=SCHEMES["keras"],
            framework="Keras",
            package="keras",
            version="3.15.1",
            layers=("Dense", "Conv2D"),
            weight_name="glorot_uniform",
            conv_bias=_ZERO,
            layouts=_SAME,
        ),
        FrameworkDefault(
            scheme=SCHEMES["flax"],
            framework="Flax",
            package="flax",
            version="0.12.8",
            layers=("nn.Dense", "nn.Conv"),
            weight_name="lecun_normal",
            conv_bias=_ZERO,
            layouts=_SAME,
        ),
        FrameworkDefault(
            scheme=SCHEMES["stax"],
            framework="JAX stax",
            package="jax",
            version="0.10.2",
            layers=("Dense", "Conv"),
            weight_name="glorot_normal",
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
