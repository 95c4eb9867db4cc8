"""The layers in plain numpy, in weightinit's x @ W layout: what a framework's forward pass must
compute from a weight converted to its own layout (to_framework_layout)."""

import numpy as np


def numpy_conv2d(x, kernel, bias):
    """Valid cross-correlation in the x @ W layout: x (n, h, w, in), kernel (kh, kw, in, out)."""
    kh, kw = kernel.shape[:2]
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    # windows: (n, h - kh + 1, w - kw + 1, in, kh, kw)
    return np.einsum("nijcab,abco->nijo", windows, kernel) + bias


def layer_inputs(rng):
    """A dense input (11, 7) and an image batch (2, 5, 7, 4): every axis of its own length."""
    return rng.standard_normal((11, 7)), rng.standard_normal((2, 5, 7, 4))
