r"""A stack of pre-LN transformer blocks at initialization: the residual stream and the logits.

Three measurements, each with the prediction it is checked against:

- :func:`stream_variance`: the variance of the residual stream after each block, with the
  residual outputs (``proj`` and ``out`` of :class:`~weightinit.transformer.BlockWeights`)
  drawn with the base std :math:`\sigma` (``"none"``), with :math:`\sigma/\sqrt{2N}` for
  :math:`N` blocks (``"gpt2"``: GPT-2 and nanoGPT) or with :math:`\sigma/\sqrt{2(\ell+1)}`
  for block :math:`\ell = 0, \dots, N-1` (``"depth"``: torchtitan's ``_depth_init``). Each
  branch reads a layer-normalized stream, so the variance it adds does not depend on the
  stream; it is proportional to the square of its output std, and the branches' outputs are
  uncorrelated with the stream at initialization, so the variances add.
- :func:`attention_logits`: the spread of the attention logits :math:`q \cdot k` with and
  without the factor :math:`1/\sqrt{d_k}`: for :math:`q, k` with independent coordinates of
  variance :math:`v`, :math:`\operatorname{Var}(q \cdot k) = d_k v^2`.
- :func:`tied_logits`: the output logits of a model whose output layer is its (tied) token
  embedding :math:`E \sim \mathcal N(0, \sigma_e^2)`: a layer-normalized row has squared norm
  :math:`d`, so each logit has variance :math:`d\,\sigma_e^2`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from weightinit._validation import (
    RngLike,
    check_choice,
    check_int,
    check_real,
    check_rng,
    check_sizes,
)
from weightinit.transformer import causal_attention, gelu, init_block, layer_norm

__all__ = [
    "RESIDUAL_RULES",
    "AttentionLogits",
    "StreamVariance",
    "TiedLogits",
    "attention_logits",
    "gelu_second_moment",
    "residual_stds",
    "stream_variance",
    "tied_logits",
]

#: How the residual outputs are scaled with depth.
RESIDUAL_RULES = ("none", "gpt2", "depth")


def residual_stds(rule: str, n_blocks: int, std: float = 0.02) -> np.ndarray:
    r"""The std of each block's residual outputs under a rule, shape ``(n_blocks,)``.

    Examples
    --------
    >>> residual_stds("gpt2", 12).round(5)[:2]  # nanoGPT: 0.02 / sqrt(2 * n_layer)
    array([0.00408, 0.00408])
    >>> residual_stds("depth", 3).round(5)  # torchtitan: 0.02 / sqrt(2 * (layer_id + 1))
    array([0.01414, 0.01   , 0.00816])
    """
    check_choice(rule, "rule", RESIDUAL_RULES)
    n_blocks = check_int(n_blocks, "n_blocks", minimum=1)
    std = check_real(std, "std", non_negative=True)
    if rule == "none":
        return np.full(n_blocks, std)
    if rule == "gpt2":
        return np.full(n_blocks, std / math.sqrt(2 * n_blocks))
    return std / np.sqrt(2.0 * np.arange(1, n_blocks + 1))


def gelu_second_moment(variance: float, n_points: int = 80) -> float:
    r""":math:`\mathbb E[\operatorname{GELU}(z)^2]`, :math:`z \sim \mathcal N(0, v)`, by quadrature.

    Examples
    --------
    >>> round(gelu_second_moment(1.0), 4)
    0.4252
    """
    variance = check_real(variance, "variance", non_negative=True)
    nodes, weights = np.polynomial.hermite_e.hermegauss(n_points)
    values = gelu(math.sqrt(variance) * nodes)
    return float(np.sum(weights * values**2) / math.sqrt(2 * math.pi))


@dataclass(frozen=True)
class StreamVariance:
    r"""The residual stream's variance block by block, measured and predicted.

    Attributes
    ----------
    rule : str
        One of :data:`RESIDUAL_RULES`.
    measured : numpy.ndarray
        Shape ``(n_blocks + 1,)``: the variance of the stream's coordinates before the first
        block (the embeddings) and after each block.
    attention, mlp : numpy.ndarray
        Shape ``(n_blocks,)``: the variance each block's attention and MLP branch adds.
    predicted_mlp : numpy.ndarray
        Shape ``(n_blocks,)``: :math:`4d\,\sigma_\ell^2\,\mathbb E[\operatorname{GELU}(z)^2]`,
        :math:`z \sim \mathcal N(0, d\sigma^2)`.
    """

    rule: str
    measured: np.ndarray
    attention: np.ndarray
    mlp: np.ndarray
    predicted_mlp: np.ndarray

    @property
    def added(self) -> np.ndarray:
        """The variance each block adds, both branches."""
        return self.attention + self.mlp


def stream_variance(
    rule: str = "none",
    *,
    n_blocks: int = 24,
    width: int = 128,
    n_heads: int = 4,
    seq_len: int = 32,
    n_sequences: int = 4,
    std: float = 0.02,
    embedding_std: float = 0.02,
    rng: RngLike = None,
) -> StreamVariance:
    """Send random token embeddings through ``n_blocks`` fresh pre-LN blocks; record the stream.

    Parameters
    ----------
    rule : {"none", "gpt2", "depth"}, default "none"
        How the residual outputs' std depends on depth (:func:`residual_stds`).
    n_blocks, width, n_heads, seq_len, n_sequences : int
        The stack and its input: ``n_sequences`` sequences of ``seq_len`` tokens.
    std : float, default 0.02
        The base std of every weight.
    embedding_std : float, default 0.02
        Std of the token embeddings that enter the first block.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    StreamVariance

    Examples
    --------
    >>> run = stream_variance("gpt2", n_blocks=4, width=32, seq_len=8, n_sequences=4, rng=0)
    >>> run.measured.shape, bool(run.measured[-1] > run.measured[0])
    ((5,), True)
    """
    n_blocks = check_int(n_blocks, "n_blocks", minimum=1)
    width = check_int(width, "width", minimum=1)
    stds = residual_stds(rule, n_blocks, std)
    generator = check_rng(rng)
    n_sequences = check_int(n_sequences, "n_sequences", minimum=1)
    seq_len = check_int(seq_len, "seq_len", minimum=1)
    embedding_std = check_real(embedding_std, "embedding_std", non_negative=True)
    x = embedding_std * generator.standard_normal((n_sequences, seq_len, width))
    measured = [float(x.var())]
    attention, mlp = np.empty(n_blocks), np.empty(n_blocks)
    with threadpool_limits(limits=1, user_api="blas"):
        for block in range(n_blocks):
            w = init_block(width, std=std, residual_std=float(stds[block]), rng=generator)
            branch = causal_attention(layer_norm(x), w.qkv, n_heads) @ w.proj
            attention[block] = branch.var()
            x = x + branch
            branch = gelu(layer_norm(x) @ w.fc) @ w.out
            mlp[block] = branch.var()
            x = x + branch
            measured.append(float(x.var()))
    predicted_mlp = 4 * width * stds**2 * gelu_second_moment(width * std**2)
    return StreamVariance(rule, np.array(measured), attention, mlp, predicted_mlp)


@dataclass(frozen=True)
class AttentionLogits:
    r"""Attention logits' std and the largest attention weight, by head width.

    Attributes
    ----------
    head_dims : tuple of int
    std_scaled, std_unscaled : numpy.ndarray
        Std of the logits with and without :math:`1/\sqrt{d_k}`, per head width.
    max_weight_scaled, max_weight_unscaled : numpy.ndarray
        Mean over queries of the largest softmax weight.
    component_variance : numpy.ndarray
        :math:`v`, the variance of the queries' and keys' coordinates, per head width.
    model_widths : tuple of int
        The model width :math:`d` the head reads, per head width.
    uniform_max_weight : float
        The same mean for uniform causal attention, :math:`\frac1T \sum_{t=1}^{T} 1/t`
        (query :math:`t` sees :math:`t` keys), the baseline of a head that averages.
    """

    head_dims: tuple[int, ...]
    std_scaled: np.ndarray
    std_unscaled: np.ndarray
    max_weight_scaled: np.ndarray
    max_weight_unscaled: np.ndarray
    component_variance: np.ndarray
    model_widths: tuple[int, ...]
    uniform_max_weight: float

    def predicted_std(self, scaled: bool) -> np.ndarray:
        r""":math:`v` with the scale, :math:`v\sqrt{d_k}` without it."""
        dims = np.asarray(self.head_dims, dtype=float)
        return self.component_variance * (1.0 if scaled else np.sqrt(dims))


def attention_logits(
    head_dims: tuple[int, ...] = (16, 32, 64, 128, 256),
    *,
    model_widths: tuple[int, ...] | None = None,
    projection_std: float | None = None,
    seq_len: int = 64,
    n_sequences: int = 8,
    rng: RngLike = None,
) -> AttentionLogits:
    r"""Logits of one head of width :math:`d_k` on layer-normalized random rows of width :math:`d`.

    Parameters
    ----------
    head_dims : tuple of int
        Head widths :math:`d_k`; each is measured with one head of that width.
    model_widths : tuple of int, optional
        The model width :math:`d` of each entry of ``head_dims`` (a multi-head layer of
        :math:`d/d_k` heads, of which one is measured: the heads are independent); by default
        :math:`d = d_k`.
    projection_std : float, optional
        Std of the query and key projections; by default :math:`1/\sqrt{d}` (LeCun), which
        gives queries and keys of unit variance (:math:`v = 1`). Pass 0.02 for GPT-2's.
    seq_len : int, default 64
        Tokens per sequence.
    n_sequences : int, default 8
        Sequences measured.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    AttentionLogits

    Examples
    --------
    >>> run = attention_logits((16, 64), seq_len=16, n_sequences=4, rng=0)
    >>> bool(run.std_unscaled[1] > 6 * run.std_scaled[1])
    True
    """
    generator = check_rng(rng)
    dims = tuple(check_int(d, "head_dims", minimum=1) for d in head_dims)
    if model_widths is None:
        model_widths = dims
    widths = check_sizes(model_widths, "model_widths", length=len(dims))
    results: dict[str, list[float]] = {key: [] for key in ("s", "u", "ms", "mu", "v")}
    mask = np.tril(np.ones((seq_len, seq_len), dtype=bool))
    with threadpool_limits(limits=1, user_api="blas"):
        for dk, d in zip(dims, widths, strict=True):
            pstd = 1.0 / math.sqrt(d) if projection_std is None else float(projection_std)
            results["v"].append(d * pstd**2)  # a normalized row has squared norm d
            x = layer_norm(generator.standard_normal((n_sequences, seq_len, d)))
            w = pstd * generator.standard_normal((d, 2 * dk))  # one head's query and key
            if d == dk:  # the package's attention, as tested against PyTorch
                w_qkv = np.concatenate([w, np.zeros((d, dk))], axis=1)
                logits = {s: causal_attention(x, w_qkv, 1, logit_scale=s, return_logits=True)[1]
                          [..., 0, :, :] for s in (None, 1.0)}  # fmt: skip
            else:  # one of the d/d_k heads: the same q k^T on the head's columns, masked
                q, k = x @ w[:, :dk], x @ w[:, dk:]
                raw = np.where(mask, q @ np.swapaxes(k, -1, -2), -np.inf)
                logits = {None: raw / math.sqrt(dk), 1.0: raw}
            for scale, std_key, max_key in ((None, "s", "ms"), (1.0, "u", "mu")):
                visible = logits[scale][:, mask]
                results[std_key].append(float(visible.std()))
                weights = np.exp(logits[scale] - logits[scale].max(axis=-1, keepdims=True))
                weights /= weights.sum(axis=-1, keepdims=True)
                results[max_key].append(float(weights.max(axis=-1).mean()))
    std_scaled, std_unscaled, max_scaled, max_unscaled, variance = (
        np.array(results[k]) for k in ("s", "u", "ms", "mu", "v")
    )
    return AttentionLogits(
        dims,
        std_scaled,
        std_unscaled,
        max_scaled,
        max_unscaled,
        variance,
        widths,
        float(np.mean(1.0 / np.arange(1, seq_len + 1))),
    )


@dataclass(frozen=True)
class TiedLogits:
    r"""Output logits of a tied embedding at initialization.

    Attributes
    ----------
    embedding_std : float
    logit_std : float
        Measured std of the logits.
    predicted_std : float
        :math:`\sigma_e \sqrt d`.
    loss : float
        Mean cross-entropy against uniformly random target tokens.
    uniform_loss : float
        :math:`\\ln V`, the loss of a uniform guess over the vocabulary.
    """

    embedding_std: float
    logit_std: float
    predicted_std: float
    loss: float
    uniform_loss: float


def tied_logits(
    embedding_std: float,
    *,
    width: int = 256,
    vocab_size: int = 4096,
    n_rows: int = 512,
    rng: RngLike = None,
) -> TiedLogits:
    r"""Logits :math:`\operatorname{LN}(x) E^\top` of a tied embedding, at initialization.

    :math:`E \sim \mathcal N(0, \sigma_e^2)`; the final stream ``x`` is random (its layer norm
    is what the head sees).

    Parameters
    ----------
    embedding_std : float
        :math:`\sigma_e`.
    width, vocab_size, n_rows : int
        :math:`d`, :math:`V` and the number of rows scored.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.

    Returns
    -------
    TiedLogits

    Examples
    --------
    >>> run = tied_logits(1.0, width=64, vocab_size=256, n_rows=64, rng=0)
    >>> round(run.predicted_std, 1), bool(run.loss > 3 * run.uniform_loss)
    (8.0, True)
    """
    embedding_std = check_real(embedding_std, "embedding_std", positive=True)
    width = check_int(width, "width", minimum=1)
    vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
    generator = check_rng(rng)
    embedding = embedding_std * generator.standard_normal((vocab_size, width))
    rows = layer_norm(generator.standard_normal((check_int(n_rows, "n_rows", minimum=1), width)))
    with threadpool_limits(limits=1, user_api="blas"):
        logits = rows @ embedding.T
    targets = generator.integers(0, vocab_size, len(rows))
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    loss = float(np.mean(log_norm - shifted[np.arange(len(rows)), targets]))
    return TiedLogits(
        embedding_std,
        float(logits.std()),
        embedding_std * math.sqrt(width),
        loss,
        math.log(vocab_size),
    )
