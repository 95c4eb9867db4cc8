"""Plotting helpers for the pages: they take results as arrays and draw them.

Each function takes an optional ``ax`` (or ``axes``) to draw into, creates a figure when none is
given, and returns what it drew on, following the matplotlib and pandas convention. Figures
carry no titles (captions belong to the page; panels are named by short labels such as
"layer 2"), lower-case axis labels, lines of width 2, and legends outside the axes, where they
cannot hide data. Histograms show fractions, so panels of different sizes compare.
Series are keyed by scheme or activation name (``"he"``, ``"std=0.01"``, ``"relu"``); each is
drawn in the colour and named with the label of the site's style map,
:func:`weightinit.style.style_for`, so a scheme looks the same on every page.

One module per family of experiments, mirroring ``weightinit.experiments``:

- :mod:`weightinit.plotting.histograms`: weight and activation histograms, per-layer statistics;
- :mod:`weightinit.plotting.symmetry`: the 1-2-1 network of slides 3–4;
- :mod:`weightinit.plotting.variance`: the variance recursions and the activation functions;
- :mod:`weightinit.plotting.training`: training-loss curves;
- :mod:`weightinit.plotting.beyond`: beyond the book (Jacobian spectra, norm drift, layer
  variances, residual networks).
"""

from weightinit.plotting.beyond import (
    plot_batchnorm_comparison,
    plot_jacobian_spectra,
    plot_layer_variances,
    plot_norm_drift,
    plot_residual_moments,
)
from weightinit.plotting.histograms import (
    plot_activation_grid,
    plot_activation_histograms,
    plot_layer_statistics,
    plot_weight_histograms,
)
from weightinit.plotting.symmetry import (
    draw_network_diagram,
    plot_network_outputs,
    plot_symmetry_history,
)
from weightinit.plotting.training import plot_loss_bands, plot_loss_curves
from weightinit.plotting.variance import (
    plot_activation_function,
    plot_activation_moments,
    plot_forward_backward,
    plot_layer_moments,
)

__all__ = [
    "draw_network_diagram",
    "plot_activation_function",
    "plot_activation_grid",
    "plot_activation_histograms",
    "plot_activation_moments",
    "plot_batchnorm_comparison",
    "plot_forward_backward",
    "plot_jacobian_spectra",
    "plot_layer_moments",
    "plot_layer_statistics",
    "plot_layer_variances",
    "plot_loss_bands",
    "plot_loss_curves",
    "plot_network_outputs",
    "plot_norm_drift",
    "plot_residual_moments",
    "plot_symmetry_history",
    "plot_weight_histograms",
]
