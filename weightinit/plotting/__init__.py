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

One module per family of experiments, mirroring ``weightinit.experiments``:

- :mod:`weightinit.plotting.histograms`: weight and activation histograms, per-layer statistics;
- :mod:`weightinit.plotting.symmetry`: the 1-2-1 network of slides 3–4;
- :mod:`weightinit.plotting.variance`: the variance recursions and the activation functions;
- :mod:`weightinit.plotting.loss_curves`: training-loss curves;
- :mod:`weightinit.plotting.default_signal`: the signal through the frameworks' defaults;
- :mod:`weightinit.plotting.summary`: the front page's summary and the weight scale at a sigmoid;
- :mod:`weightinit.plotting.sweeps`: training by depth and by learning rate;
- :mod:`weightinit.plotting.gradients`: per-layer histograms and spreads of tanh networks;
- :mod:`weightinit.plotting.unit_spread`: how far the hidden units of a layer move apart;
- :mod:`weightinit.plotting.spectra_and_norms`: beyond the book (Jacobian spectra, norm drift,
  residual
  networks);
- :mod:`weightinit.plotting.diagnostics`: the checks of :mod:`weightinit.diagnostics`, per
  layer and over the first steps;
- :mod:`weightinit.plotting.normalization`: each layer's variance at the start, and training with
  and
  without batch normalization;
- :mod:`weightinit.plotting.transformer`: the residual stream of a transformer against depth,
  and μP's coordinate check and learning-rate sweep across widths;
- :mod:`weightinit.plotting.labels`: the figures' words in each language, and the Japanese font.
"""

from weightinit.plotting.default_signal import plot_signal_by_depth
from weightinit.plotting.diagnostics import (
    plot_colourful_dimension,
    plot_layer_checks,
    plot_output_histograms,
    plot_update_ratios,
)
from weightinit.plotting.gradients import plot_layer_histograms, plot_layer_spread
from weightinit.plotting.histograms import (
    plot_activation_grid,
    plot_activation_histograms,
    plot_layer_statistics,
    plot_weight_histograms,
)
from weightinit.plotting.loss_curves import plot_loss_bands, plot_loss_curves
from weightinit.plotting.normalization import plot_batchnorm_comparison, plot_layer_variances
from weightinit.plotting.signal_propagation import (
    plot_length_ratios,
    plot_network_signals,
    plot_phase_diagram,
    plot_trainable_depth,
)
from weightinit.plotting.spectra_and_norms import (
    plot_jacobian_spectra,
    plot_norm_drift,
    plot_residual_moments,
)
from weightinit.plotting.summary import plot_depth_summary, plot_preactivation_spread
from weightinit.plotting.sweeps import (
    overflow_message,
    plot_depth_sweep,
    plot_learning_rate_sweep,
)
from weightinit.plotting.symmetry import (
    draw_network_diagram,
    plot_network_outputs,
    plot_symmetry_history,
)
from weightinit.plotting.transformer import (
    plot_coord_check,
    plot_lr_by_width,
    plot_stream_variance,
)
from weightinit.plotting.unit_spread import plot_unit_spread
from weightinit.plotting.variance import (
    plot_activation_function,
    plot_activation_moments,
    plot_forward_backward,
    plot_layer_moments,
)

__all__ = [
    "draw_network_diagram",
    "overflow_message",
    "plot_activation_function",
    "plot_activation_grid",
    "plot_activation_histograms",
    "plot_activation_moments",
    "plot_batchnorm_comparison",
    "plot_colourful_dimension",
    "plot_coord_check",
    "plot_depth_summary",
    "plot_depth_sweep",
    "plot_forward_backward",
    "plot_jacobian_spectra",
    "plot_layer_checks",
    "plot_layer_histograms",
    "plot_layer_moments",
    "plot_layer_spread",
    "plot_layer_statistics",
    "plot_layer_variances",
    "plot_learning_rate_sweep",
    "plot_length_ratios",
    "plot_loss_bands",
    "plot_loss_curves",
    "plot_lr_by_width",
    "plot_network_outputs",
    "plot_network_signals",
    "plot_norm_drift",
    "plot_output_histograms",
    "plot_phase_diagram",
    "plot_preactivation_spread",
    "plot_residual_moments",
    "plot_signal_by_depth",
    "plot_stream_variance",
    "plot_symmetry_history",
    "plot_trainable_depth",
    "plot_unit_spread",
    "plot_update_ratios",
    "plot_weight_histograms",
]
