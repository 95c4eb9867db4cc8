"""The signal through each framework's default initialization (the "in practice" page).

Part of :mod:`weightinit.plotting`; every function is also importable from there.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from weightinit.plotting._common import _axes, _check_mapping, _layer_line, series_style
from weightinit.plotting.labels import label

__all__ = ["plot_signal_by_depth"]


def plot_signal_by_depth(
    predicted: Mapping[str, np.ndarray],
    measured: Mapping[str, np.ndarray] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the variance of the pre-activations against the layer, one line per key.

    Each key (``"pytorch"``, ``"keras"``, ``"flax"``, ``"stax"``, ``"he"``, ...) is drawn in
    its colour and line style of the site's style map, :func:`weightinit.style.style_for`.

    Parameters
    ----------
    predicted : mapping of str to array_like
        Style key to predicted variances per layer (lines).
    measured : mapping of str to array_like, optional
        Style key to measured mean squares per layer (dots), same lengths.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``predicted`` is not a mapping.
    ValueError
        If ``predicted`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_signal_by_depth({"pytorch": np.array([1.0, 0.2, 0.04])})
    >>> len(ax.lines), ax.lines[0].get_label()
    (1, 'PyTorch default')
    >>> plt.close("all")
    """
    _check_mapping(predicted, "predicted")
    ax = _axes(ax)
    for index, (key, values) in enumerate(predicted.items()):
        style = series_style(key, index)
        layers = _layer_line(ax, values, style)
        if measured is not None and key in measured:
            ax.plot(layers, measured[key], style.marker, color=style.color, ms=3.5, alpha=0.8)
    ax.set_yscale("log")
    ax.set_xlabel(label("layer"))
    ax.set_ylabel(label("variance of the pre-activations"))
    return ax
