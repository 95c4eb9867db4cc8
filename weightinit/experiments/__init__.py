"""The experiments behind the pages: they take arrays and settings and return arrays.

Nothing here plots; :mod:`weightinit.plotting` draws the results.

- :mod:`weightinit.experiments.stacks`: activations and back-propagated gradients through a
  stack of fully connected layers (the hidden-layer histograms, the Xavier and He pages).
"""

from weightinit.experiments.stacks import (
    BackwardPass,
    ForwardPass,
    backward_stack,
    forward_stack,
    fraction_near,
    layer_std,
)

__all__ = [
    "BackwardPass",
    "ForwardPass",
    "backward_stack",
    "forward_stack",
    "fraction_near",
    "layer_std",
]
