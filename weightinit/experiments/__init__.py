"""The experiments behind the pages: they take arrays and settings and return arrays.

Nothing here plots; :mod:`weightinit.plotting` draws the results. Three families, lowest first
(a family imports only from those below it, ``tests/test_layering.py``):

- :mod:`weightinit.experiments.propagation`: propagation at initialization (stacks of layers,
  the variance recursions, the frameworks' defaults, orthogonal weights, residual branches,
  mean field against finite width, transformer blocks);
- :mod:`weightinit.experiments.symmetry`: tiny symmetric networks (the 1-2-1 network of slides
  3–4, many random starts, the permutation symmetry of a layer);
- :mod:`weightinit.experiments.training`: trained comparisons (MNIST, batch normalization,
  depth, learning rate, gradients, deep ReLU starts, μP).

Below the three, the private helpers they share: argument checks and scheme names
(``_data``), a stack of MLPs trained as one (``_stacked``) and the training loop
(``_training``). Every public name of every experiment module is also importable from here.
"""

from typing import TYPE_CHECKING

from weightinit._submodules import submodule_getattr
from weightinit.experiments import propagation, symmetry, training
from weightinit.experiments.propagation import *  # noqa: F403
from weightinit.experiments.symmetry import *  # noqa: F403
from weightinit.experiments.training import *  # noqa: F403

# The names of the submodules' own __all__, in one list. (mypy reads only a literal __all__, so
# it does not see this one, and exports instead the public names the star imports bring.)
if not TYPE_CHECKING:
    __all__ = [*propagation.__all__, *symmetry.__all__, *training.__all__]

__getattr__ = submodule_getattr(__name__, __path__)  # noqa: F405 (the package's own)
