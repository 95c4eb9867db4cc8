"""Plotting helpers for the pages: they take results as arrays and draw them.

Each function takes an optional ``ax`` (or ``axes``) to draw into, creates a figure when none is
given, and returns what it drew on, following the matplotlib and pandas convention. Figures
carry no titles (captions belong to the page; panels are named by short labels such as
"layer 2"), lower-case axis labels, lines of width 2, and legends outside the axes, where they
cannot hide data. Histograms show fractions, so panels of different sizes compare.
Series are keyed by scheme or activation name (``"he"``, ``"std=0.01"``, ``"relu"``); each is
drawn in the colour and named with the label of the site's style map,
:func:`weightinit.style.style_for`, so a scheme looks the same on every page. Every word a
figure shows comes from the label catalogue, :mod:`weightinit.plotting.labels`, in English or
Japanese (``set_language("ja")``, or ``WEIGHTINIT_LANGUAGE=ja``).


One module per kind of figure, named after what it draws:

- :mod:`~weightinit.plotting.histograms`: weight and activation histograms, per-layer
  statistics;
- :mod:`~weightinit.plotting.symmetry`: the 1-2-1 network of slides 3–4, its parameters and
  outputs;
- :mod:`~weightinit.plotting.unit_spread`: how far the hidden units of a layer move apart;
- :mod:`~weightinit.plotting.variance`: the variance recursions and the activation functions;
- :mod:`~weightinit.plotting.summary`: the front page's summary and the weight scale at a
  sigmoid;
- :mod:`~weightinit.plotting.default_signal`: the signal through the frameworks' defaults;
- :mod:`~weightinit.plotting.spectra_and_norms`: Jacobian spectra, norm drift, and the moments
  of residual networks;
- :mod:`~weightinit.plotting.signal_propagation`: the tanh phase diagram, theory against finite
  networks, trainable depth;
- :mod:`~weightinit.plotting.loss_curves`: training-loss curves, one run or a band over seeds;
- :mod:`~weightinit.plotting.sweeps`: training by depth and by learning rate;
- :mod:`~weightinit.plotting.gradients`: per-layer histograms and spreads of activations and
  gradients;
- :mod:`~weightinit.plotting.normalization`: each layer's variance at the start, and training
  with and without batch normalization;
- :mod:`~weightinit.plotting.diagnostics`: the checks of :mod:`weightinit.diagnostics`, per
  layer and over the first steps;
- :mod:`~weightinit.plotting.transformer`: the residual stream of a transformer against depth,
  and μP's coordinate check and learning-rate sweep across widths.

Every drawing function of these modules is importable from here. Beside them,
:mod:`~weightinit.plotting.labels` (the figures' words in each language, and the Japanese font)
and :mod:`~weightinit.plotting.phone` (a phone's layout of every figure).
"""

from typing import TYPE_CHECKING

from weightinit._submodules import submodule_getattr
from weightinit.plotting import (
    default_signal,
    diagnostics,
    gradients,
    histograms,
    loss_curves,
    normalization,
    signal_propagation,
    spectra_and_norms,
    summary,
    sweeps,
    symmetry,
    transformer,
    unit_spread,
    variance,
)
from weightinit.plotting.default_signal import *  # noqa: F403
from weightinit.plotting.diagnostics import *  # noqa: F403
from weightinit.plotting.gradients import *  # noqa: F403
from weightinit.plotting.histograms import *  # noqa: F403
from weightinit.plotting.loss_curves import *  # noqa: F403
from weightinit.plotting.normalization import *  # noqa: F403
from weightinit.plotting.signal_propagation import *  # noqa: F403
from weightinit.plotting.spectra_and_norms import *  # noqa: F403
from weightinit.plotting.summary import *  # noqa: F403
from weightinit.plotting.sweeps import *  # noqa: F403
from weightinit.plotting.symmetry import *  # noqa: F403
from weightinit.plotting.transformer import *  # noqa: F403
from weightinit.plotting.unit_spread import *  # noqa: F403
from weightinit.plotting.variance import *  # noqa: F403

# The names of the figure modules' own __all__, in one list. (mypy reads only a literal __all__,
# so it does not see this one, and exports instead the public names the star imports bring.)
if not TYPE_CHECKING:
    __all__ = [
        *default_signal.__all__,
        *diagnostics.__all__,
        *gradients.__all__,
        *histograms.__all__,
        *loss_curves.__all__,
        *normalization.__all__,
        *signal_propagation.__all__,
        *spectra_and_norms.__all__,
        *summary.__all__,
        *sweeps.__all__,
        *symmetry.__all__,
        *transformer.__all__,
        *unit_spread.__all__,
        *variance.__all__,
    ]

__getattr__ = submodule_getattr(__name__, __path__)  # noqa: F405 (the package's own)
