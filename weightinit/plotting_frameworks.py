"""Plotting for the "Initialization in practice" page: the signal through each framework default.

Colours and labels come from the site's style map (``weightinit.style.style_for``) when it is
available, keyed ``"pytorch"``, ``"keras"``, ``"flax"``, ``"stax"`` and ``"he"``; otherwise
from matplotlib's colour cycle, with the key as the label.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = ["plot_signal_by_depth", "style_of"]

LINE_WIDTH = 2.0
_LABELS = {
    "pytorch": "PyTorch",
    "keras": "Keras",
    "flax": "Flax",
    "stax": "JAX stax",
    "he": "He (reference)",
}


def style_of(key: str, index: int = 0) -> tuple[str, str, str]:
    """Return ``(color, label, linestyle)`` for a style key.

    Parameters
    ----------
    key : str
        A key of the site's style map, e.g. ``"pytorch"``.
    index : int, default 0
        Position in the plot, for the fallback colour ``f"C{index}"``.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> color, label, linestyle = style_of("keras", 1)
    >>> isinstance(color, str) and isinstance(label, str)
    True
    """
    try:
        from weightinit.style import style_for
    except ImportError:  # the style map is not in this version of the package
        style = None
    else:
        style = style_for(key)
    if style is None:
        return f"C{index}", _LABELS.get(key, key), "-"
    return style.color, style.label, style.linestyle


def plot_signal_by_depth(
    predicted: Mapping[str, np.ndarray],
    measured: Mapping[str, np.ndarray] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the variance of the pre-activations against the layer, one line per key.

    Parameters
    ----------
    predicted : mapping of str to array
        Style key to predicted variances per layer (lines).
    measured : mapping of str to array, optional
        Style key to measured mean squares per layer (dots), same lengths.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_signal_by_depth({"pytorch": np.array([1.0, 0.2, 0.04])})
    >>> len(ax.lines)
    1
    """
    if not isinstance(predicted, Mapping) or not predicted:
        raise TypeError("predicted must be a non-empty mapping of style keys to arrays")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    for index, (key, values) in enumerate(predicted.items()):
        color, label, linestyle = style_of(key, index)
        values = np.asarray(values, dtype=float)
        layers = np.arange(1, values.size + 1)
        ax.plot(layers, values, color=color, ls=linestyle, lw=LINE_WIDTH, label=label)
        if measured is not None and key in measured:
            ax.plot(layers, measured[key], "o", color=color, ms=3.5, alpha=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_ylabel("variance of the pre-activations")
    return ax
