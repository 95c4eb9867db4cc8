"""Tiny symmetric networks: what happens when hidden units start identical, and how ties break.

It imports nothing from :mod:`weightinit.experiments.training` (``tests/test_layering.py``).

- :mod:`~weightinit.experiments.symmetry.tiny_network`: the 1-2-1 sigmoid network of slides
  3–4, whose hidden units stay identical when they start identical.
- :mod:`~weightinit.experiments.symmetry.starts`: that network trained from many random starts
  of one scale (how often a start reaches a good fit).
- :mod:`~weightinit.experiments.symmetry.permutation`: the symmetry of all hidden units of a
  layer, zero biases, and dropout breaking the tie.
"""

from typing import TYPE_CHECKING

from weightinit._submodules import submodule_getattr
from weightinit.experiments.symmetry import permutation, starts, tiny_network
from weightinit.experiments.symmetry.permutation import *  # noqa: F403
from weightinit.experiments.symmetry.starts import *  # noqa: F403
from weightinit.experiments.symmetry.tiny_network import *  # noqa: F403

# The names of the submodules' own __all__, in one list. (mypy reads only a literal __all__, so
# it does not see this one, and exports instead the public names the star imports bring.)
if not TYPE_CHECKING:
    __all__ = [*permutation.__all__, *starts.__all__, *tiny_network.__all__]

__getattr__ = submodule_getattr(__name__, __path__)  # noqa: F405 (the package's own)
