"""Propagation at initialization: what a network's weights do to the signal before any training.

The lowest of the three families: it imports neither :mod:`weightinit.experiments.symmetry` nor
:mod:`weightinit.experiments.training` (``tests/test_layering.py``).

- :mod:`~weightinit.experiments.propagation.stacks`: activations and back-propagated gradients
  through a stack of fully connected layers (the hidden-layer histograms, the Xavier and He
  pages).
- :mod:`~weightinit.experiments.propagation.variance`: the variance recursions behind Xavier
  and He, predicted and measured layer by layer.
- :mod:`~weightinit.experiments.propagation.signals`: signal sizes several pages quote (the
  signal left in the MNIST network, backward factors, a gain's fixed point).
- :mod:`~weightinit.experiments.propagation.profiles`: forward and backward spread against
  depth for every initialization and activation (the front page's summary).
- :mod:`~weightinit.experiments.propagation.default_signal`: what each framework's default does
  to the signal of a deep network.
- :mod:`~weightinit.experiments.propagation.isometry` and
  :mod:`~weightinit.experiments.propagation.residual`: orthogonal weights and dynamical
  isometry; residual branches.
- :mod:`~weightinit.experiments.propagation.signal_propagation`: random networks of finite
  width next to the mean-field maps of :mod:`weightinit.theory`.
- :mod:`~weightinit.experiments.propagation.transformer`: a stack of pre-LN transformer blocks
  at initialization.
"""

from typing import TYPE_CHECKING

from weightinit._submodules import submodule_getattr
from weightinit.experiments.propagation import (
    default_signal,
    isometry,
    profiles,
    residual,
    signal_propagation,
    signals,
    stacks,
    transformer,
    variance,
)
from weightinit.experiments.propagation.default_signal import *  # noqa: F403
from weightinit.experiments.propagation.isometry import *  # noqa: F403
from weightinit.experiments.propagation.profiles import *  # noqa: F403
from weightinit.experiments.propagation.residual import *  # noqa: F403
from weightinit.experiments.propagation.signal_propagation import *  # noqa: F403
from weightinit.experiments.propagation.signals import *  # noqa: F403
from weightinit.experiments.propagation.stacks import *  # noqa: F403
from weightinit.experiments.propagation.transformer import *  # noqa: F403
from weightinit.experiments.propagation.variance import *  # noqa: F403

# The names of the submodules' own __all__, in one list. (mypy reads only a literal __all__, so
# it does not see this one, and exports instead the public names the star imports bring.)
if not TYPE_CHECKING:
    __all__ = [
        *default_signal.__all__,
        *isometry.__all__,
        *profiles.__all__,
        *residual.__all__,
        *signal_propagation.__all__,
        *signals.__all__,
        *stacks.__all__,
        *transformer.__all__,
        *variance.__all__,
    ]

__getattr__ = submodule_getattr(__name__, __path__)  # noqa: F405 (the package's own)
