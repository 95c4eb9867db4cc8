r"""What PyTorch, Keras, Flax and JAX's ``stax`` start a dense or 2-D convolution layer from.

Each framework's **default** initialization of a dense layer and of a 2-D convolution is
an entry of the registry of schemes (:data:`weightinit.schemes.SCHEMES`), drawn on the one
core :func:`~weightinit.initializers.variance_scaling` in weightinit's ``x @ W`` layout
(:mod:`weightinit.frameworks.weights`), and recorded with its sources in
:data:`~weightinit.frameworks.defaults.DEFAULTS`, the table the site renders.
:mod:`weightinit.frameworks.layers` draws whole layers, weight and bias
(:func:`~weightinit.frameworks.layers.init_dense`,
:func:`~weightinit.frameworks.layers.init_conv2d`), and converts to each framework's own layout
(:func:`~weightinit.frameworks.layers.to_framework_layout`). The parity tests
(``tests/parity``, ``make parity``) compare every entry with the real framework, at the
version in the table.

- ``"pytorch"``, ``nn.Linear`` and ``nn.Conv2d``: weights uniform with
  :math:`\operatorname{Var}(W) = 1/(3 n_\text{in})`; bias uniform on
  :math:`\pm 1/\sqrt{n_\text{in}}`.
- ``"keras"``, ``Dense`` and ``Conv2D``: Glorot uniform,
  :math:`\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})`; zero bias.
- ``"flax"``, ``nn.Dense`` and ``nn.Conv``: LeCun truncated normal,
  :math:`\operatorname{Var}(W) = 1/n_\text{in}`; zero bias.
- ``"stax"``, ``Dense`` and ``Conv``: Glorot truncated normal,
  :math:`\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})`; bias normal with standard
  deviation 0.01 (``Dense``) or :math:`10^{-6}` (``Conv``).

The fans of a kernel count the receptive field, :math:`n_\text{in} = k_h k_w \cdot
\text{in_channels}` (:func:`~weightinit.fans.compute_fans`), in all four frameworks.

>>> from weightinit.frameworks import DEFAULTS
>>> DEFAULTS["keras"].weight_variance(300, 100)  # 2 / (n_in + n_out)
0.005
"""

from weightinit._submodules import submodule_getattr
from weightinit.frameworks.defaults import (
    DEFAULTS,
    FRAMEWORKS,
    BiasDefault,
    FrameworkDefault,
    defaults_markdown,
    get_default,
)
from weightinit.frameworks.layers import (
    from_framework_layout,
    init_conv2d,
    init_dense,
    to_framework_layout,
)
from weightinit.frameworks.weights import flax_weight, keras_weight, pytorch_weight, stax_weight

__all__ = [
    "DEFAULTS",
    "FRAMEWORKS",
    "BiasDefault",
    "FrameworkDefault",
    "defaults_markdown",
    "flax_weight",
    "from_framework_layout",
    "get_default",
    "init_conv2d",
    "init_dense",
    "keras_weight",
    "pytorch_weight",
    "stax_weight",
    "to_framework_layout",
]

__getattr__ = submodule_getattr(__name__, __path__)
