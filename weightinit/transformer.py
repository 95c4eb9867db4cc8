r"""A pre-LN transformer block in numpy, at initialization.

A decoder block of GPT-2 (Radford et al., 2019) and its descendants updates a **residual
stream** :math:`x` (one row of width :math:`d` per position of a sequence of length :math:`T`)
by two **branches**, each reading a layer-normalized copy of the stream:

.. math::

    \begin{aligned}
    h &= x + \operatorname{Attn}\!\left(\operatorname{LN}(x)\right) W_\text{proj}, \\
    y &= h + \operatorname{GELU}\!\left(\operatorname{LN}(h)\, W_\text{fc}\right) W_\text{out}.
    \end{aligned}

:math:`\operatorname{LN}` subtracts each row's mean and divides by its standard deviation (at
initialization its gain is 1 and its bias 0, so they are left out). The attention has
:math:`H` heads of width :math:`d_k = d / H`: :math:`[Q, K, V] = \operatorname{LN}(x)\,
W_\text{qkv}`, and head :math:`j` mixes the values of the positions up to its own,

.. math::

    A_j = \operatorname{softmax}\!\left(\frac{Q_j K_j^\top}{\sqrt{d_k}} + M\right) V_j,

where :math:`M` is 0 on and below the diagonal and :math:`-\infty` above it (a **causal**
mask). The heads are concatenated before :math:`W_\text{proj}`. The MLP has :math:`4d` hidden
units and GELU's tanh form (as GPT-2). Weights use the site's ``x @ W`` layout (PyTorch stores
the transpose); biases start at zero in every codebase the page reads, so there are none.

Every function accepts leading batch axes, so many sequences (and many networks, when the
weights carry a leading axis too) go through in one array operation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import (
    RngLike,
    check_instance,
    check_int,
    check_real,
    check_rng,
    check_value,
)

__all__ = [
    "BlockWeights",
    "causal_attention",
    "gelu",
    "init_block",
    "layer_norm",
    "pre_ln_block",
]


def _as_rows(x: ArrayLike, name: str = "x") -> np.ndarray:
    array = np.asarray(x)
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    shape_ok = array.ndim >= 2 and 0 not in array.shape
    check_value(shape_ok, name, "have shape (..., seq_len, width)", array.shape)
    return array


def layer_norm(x: ArrayLike, eps: float = 1e-5) -> np.ndarray:
    r"""Normalize each row to mean 0 and variance 1: :math:`(x - \bar x)/\sqrt{s^2 + \epsilon}`.

    Parameters
    ----------
    x : array_like
        Shape ``(..., width)``.
    eps : float, default 1e-5
        Added to the (biased) variance, as in ``torch.nn.LayerNorm``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.

    Examples
    --------
    >>> y = layer_norm([[1.0, 2.0, 3.0, 6.0]])
    >>> round(float(y.mean()), 6), round(float(y.var()), 4)
    (0.0, 1.0)
    """
    array = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
    eps = check_real(eps, "eps", non_negative=True)
    centered = array - array.mean(axis=-1, keepdims=True)
    return centered / np.sqrt((centered * centered).mean(axis=-1, keepdims=True) + eps)


def gelu(x: ArrayLike) -> np.ndarray:
    r"""GELU in its tanh form (Hendrycks & Gimpel, 2016), as GPT-2 uses it.

    .. math::

        \begin{aligned}
        \operatorname{GELU}(z) &= \tfrac12 z \bigl(1 + \tanh u\bigr), \\
        u &= \sqrt{2/\pi}\, (z + 0.044715\, z^3)
        \end{aligned}

    Examples
    --------
    >>> [round(float(v), 4) for v in gelu([-1.0, 0.0, 1.0])]
    [-0.1588, 0.0, 0.8412]
    """
    z = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
    return 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))


def causal_attention(
    x: ArrayLike,
    w_qkv: ArrayLike,
    n_heads: int,
    *,
    logit_scale: float | None = None,
    return_logits: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    r"""Causal multi-head self-attention, before the output projection.

    Parameters
    ----------
    x : array_like
        The (normalized) input rows, shape ``(..., seq_len, width)``.
    w_qkv : array_like
        Shape ``(..., width, 3 * width)``: the query, key and value projections side by side.
    n_heads : int
        Number of heads :math:`H`; ``width`` must be a multiple of it.
    logit_scale : float, optional
        Factor on :math:`Q_j K_j^\top`; by default :math:`1/\sqrt{d_k}` (Vaswani et al., 2017).
        ``1.0`` leaves the logits unscaled.
    return_logits : bool, optional
        Also return the scaled logits of the positions each query may see (the masked ones
        are ``-inf``).

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        The heads' outputs concatenated, shape ``(..., seq_len, width)``; with
        ``return_logits``, also the logits, shape ``(..., n_heads, seq_len, seq_len)``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> out = causal_attention(rng.standard_normal((5, 8)), rng.standard_normal((8, 24)), 2)
    >>> out.shape
    (5, 8)
    """
    x = _as_rows(x)
    w = np.asarray(w_qkv, dtype=x.dtype)
    width = x.shape[-1]
    n_heads = check_int(n_heads, "n_heads", minimum=1)
    check_value(width % n_heads == 0, "n_heads", f"divide the width {width}", n_heads)
    rule = f"have shape (..., {width}, {3 * width})"
    check_value(w.shape[-2:] == (width, 3 * width), "w_qkv", rule, w.shape)
    d_k = width // n_heads
    scale = 1.0 / math.sqrt(d_k) if logit_scale is None else check_real(logit_scale, "logit_scale")
    qkv = x @ w
    seq_len = x.shape[-2]
    # (..., T, 3, H, d_k) -> three arrays (..., H, T, d_k)
    qkv = qkv.reshape(*qkv.shape[:-1], 3, n_heads, d_k)
    q, k, v = (np.moveaxis(qkv[..., i, :, :], -2, -3) for i in range(3))
    logits = (q @ np.swapaxes(k, -1, -2)) * scale
    future = np.triu(np.ones((seq_len, seq_len), dtype=bool), k=1)
    logits = np.where(future, -np.inf, logits)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    heads = weights @ v  # (..., H, T, d_k)
    out = np.moveaxis(heads, -3, -2).reshape(*heads.shape[:-3], seq_len, width)
    return (out, logits) if return_logits else out


@dataclass(frozen=True)
class BlockWeights:
    """The four weight matrices of a pre-LN block, in the ``x @ W`` layout.

    Attributes
    ----------
    qkv : numpy.ndarray
        ``(..., d, 3d)``, the query, key and value projections.
    proj : numpy.ndarray
        ``(..., d, d)``, the attention's output projection (a residual output).
    fc : numpy.ndarray
        ``(..., d, 4d)``, the MLP's first layer.
    out : numpy.ndarray
        ``(..., 4d, d)``, the MLP's output layer (a residual output).
    """

    qkv: np.ndarray
    proj: np.ndarray
    fc: np.ndarray
    out: np.ndarray

    @property
    def width(self) -> int:
        """The width :math:`d` of the residual stream."""
        return self.qkv.shape[-2]


def init_block(
    width: int,
    *,
    std: float = 0.02,
    residual_std: float | None = None,
    n_networks: int | None = None,
    rng: RngLike = None,
    dtype: type = np.float64,
) -> BlockWeights:
    r"""Draw one block's weights from :math:`\mathcal N(0, \sigma^2)`, as GPT-2's codebases do.

    Parameters
    ----------
    width : int
        Width :math:`d` of the residual stream.
    std : float, default 0.02
        Standard deviation :math:`\sigma` of ``qkv`` and ``fc``.
    residual_std : float, optional
        Standard deviation of the two residual outputs ``proj`` and ``out``; by default
        ``std``. nanoGPT uses ``std / sqrt(2 * n_layer)``.
    n_networks : int, optional
        Draw this many independent blocks along a leading axis.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Floating-point type of the weights.

    Returns
    -------
    BlockWeights

    Examples
    --------
    >>> block = init_block(64, residual_std=0.01, rng=0)
    >>> block.fc.shape, round(float(block.proj.std()), 3)
    ((64, 256), 0.01)
    """
    width = check_int(width, "width", minimum=1)
    std = check_real(std, "std", non_negative=True)
    residual_std = std if residual_std is None else check_real(residual_std, "residual_std",
                                                               non_negative=True)  # fmt: skip
    lead = () if n_networks is None else (check_int(n_networks, "n_networks", minimum=1),)
    generator = check_rng(rng)

    def draw(shape: tuple[int, int], scale: float) -> np.ndarray:
        return (scale * generator.standard_normal(lead + shape)).astype(dtype, copy=False)

    return BlockWeights(
        qkv=draw((width, 3 * width), std),
        proj=draw((width, width), residual_std),
        fc=draw((width, 4 * width), std),
        out=draw((4 * width, width), residual_std),
    )


def pre_ln_block(
    x: ArrayLike,
    weights: BlockWeights,
    n_heads: int,
    *,
    logit_scale: float | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """One pre-LN block: ``h = x + attn(LN(x)) @ proj``, ``y = h + GELU(LN(h) @ fc) @ out``.

    Parameters
    ----------
    x : array_like
        The residual stream, shape ``(..., seq_len, width)``.
    weights : BlockWeights
        From :func:`init_block` (or any weights of those shapes).
    n_heads : int
        Number of attention heads.
    logit_scale : float, optional
        Passed to :func:`causal_attention`.
    eps : float, default 1e-5
        Passed to :func:`layer_norm`.

    Returns
    -------
    numpy.ndarray
        The updated stream, same shape as ``x``.

    Examples
    --------
    >>> x = np.random.default_rng(1).standard_normal((2, 6, 32))
    >>> pre_ln_block(x, init_block(32, rng=0), 4).shape
    (2, 6, 32)
    """
    x = _as_rows(x)
    weights = check_instance(weights, "weights", BlockWeights)
    rule = f"have width {x.shape[-1]} to match x"
    check_value(weights.width == x.shape[-1], "weights", rule, weights.width)
    attended = causal_attention(layer_norm(x, eps), weights.qkv, n_heads, logit_scale=logit_scale)
    h = x + attended @ weights.proj
    return h + gelu(layer_norm(h, eps) @ weights.fc) @ weights.out
