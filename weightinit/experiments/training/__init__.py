"""Trained comparisons: networks trained from several starts and compared.

The highest of the three families: it may use :mod:`weightinit.experiments.propagation` and
:mod:`weightinit.experiments.symmetry`, which never use it (``tests/test_layering.py``).

- :mod:`~weightinit.experiments.training.mnist`: the book's comparison of initializations by
  training a small network on MNIST, over several seeds.
- :mod:`~weightinit.experiments.training.normalization`: the same comparison with batch
  normalization.
- :mod:`~weightinit.experiments.training.depth`: ReLU networks of increasing depth trained from
  five schemes (He et al., 2015, Fig. 3, scaled down).
- :mod:`~weightinit.experiments.training.learning_rate`: the book's Xavier against He over a
  sweep of learning rates.
- :mod:`~weightinit.experiments.training.gradients`: activations and back-propagated gradients
  layer by layer, at initialization and after training (Glorot & Bengio, 2010, Figs. 6–7).
- :mod:`~weightinit.experiments.training.deep_relu`: LSUV against He and PyTorch's default in a
  deep ReLU network.
- :mod:`~weightinit.experiments.training.mup`: MLPs of several widths trained in the standard
  parametrization and in μP.
"""

from typing import TYPE_CHECKING

from weightinit._submodules import submodule_getattr
from weightinit.experiments.training import (
    deep_relu,
    depth,
    gradients,
    learning_rate,
    mnist,
    mup,
    normalization,
)
from weightinit.experiments.training.deep_relu import *  # noqa: F403
from weightinit.experiments.training.depth import *  # noqa: F403
from weightinit.experiments.training.gradients import *  # noqa: F403
from weightinit.experiments.training.learning_rate import *  # noqa: F403
from weightinit.experiments.training.mnist import *  # noqa: F403
from weightinit.experiments.training.mup import *  # noqa: F403
from weightinit.experiments.training.normalization import *  # noqa: F403

# The names of the submodules' own __all__, in one list. (mypy reads only a literal __all__, so
# it does not see this one, and exports instead the public names the star imports bring.)
if not TYPE_CHECKING:
    __all__ = [
        *deep_relu.__all__,
        *depth.__all__,
        *gradients.__all__,
        *learning_rate.__all__,
        *mnist.__all__,
        *mup.__all__,
        *normalization.__all__,
    ]

__getattr__ = submodule_getattr(__name__, __path__)  # noqa: F405 (the package's own)
