r"""Random networks of finite width next to the mean-field theory of :mod:`weightinit.theory`.

Three experiments, each batching many networks into one array operation:

- :func:`network_signals`: the mean square :math:`q_\ell` of the pre-activations and the
  correlation :math:`c_\ell` of two inputs, layer by layer, in random networks
  :math:`h^{(\ell)} = \phi(h^{(\ell-1)}) W^{(\ell)} + b^{(\ell)}` with weights of variance
  :math:`\sigma_w^2 / n` and biases of variance :math:`\sigma_b^2`, and the maps' prediction.
- :func:`length_ratios`: the log of :math:`M_\ell / M_0`, :math:`M_\ell = \lVert h^{(\ell)}
  \rVert^2 / n_\ell`, for He-initialized ReLU networks of given widths, plain or residual
  (Hanin & Rolnick, 2018).
- :func:`trainable_depth`: tanh networks over a grid of :math:`\sigma_w^2` and depths, trained
  with plain SGD on the same minibatches (Schoenholz et al., 2017, Figure 5, scaled down).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from weightinit._validation import (
    RngLike,
    check_bool,
    check_choice,
    check_int,
    check_interval,
    check_matrix,
    check_real,
    check_real_array,
    check_rng,
    check_sizes,
    check_value,
)
from weightinit.experiments._data import check_data
from weightinit.experiments._training import run_side_by_side
from weightinit.theory import correlation_map, depth_scales, length_map, relu_log_ratio_moments

__all__ = [
    "LengthRatios",
    "NetworkSignals",
    "TrainableDepth",
    "length_ratios",
    "network_signals",
    "pool_images",
    "trainable_depth",
]

_PHI: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
}


def _grid(values: ArrayLike, name: str, *, positive: bool = True) -> np.ndarray:
    array = np.atleast_1d(check_real_array(values, name))
    check_value(array.ndim == 1, name, "be a number or a 1-D sequence of numbers", values)
    check_value(not positive or bool(np.all(array > 0)), name, "hold positive numbers", values)
    return array


@dataclass(frozen=True)
class NetworkSignals:
    r"""Per-layer mean squares and correlations of two inputs in random networks.

    Attributes
    ----------
    sigma_w2 : numpy.ndarray
        Shape ``(S,)``, the weight variances times the width.
    sigma_b2 : float
        Bias variance.
    activation : str
        ``"tanh"``, ``"relu"`` or ``"linear"``.
    width : int
        Units per layer :math:`n`.
    q : numpy.ndarray
        Shape ``(S, n_networks, depth + 1)``: :math:`q_\ell`, the mean square of the two
        inputs' pre-activations over the units; index 0 is the input.
    c : numpy.ndarray
        Same shape: the correlation of the two inputs' pre-activations.
    """

    sigma_w2: np.ndarray
    sigma_b2: float
    activation: str
    width: int
    q: np.ndarray
    c: np.ndarray

    def predicted(self) -> tuple[np.ndarray, np.ndarray]:
        """The maps iterated from the same input: ``(q, c)``, each of shape ``(S, depth + 1)``."""
        q = [np.full(self.sigma_w2.shape, self.q[:, 0, 0].mean())]
        c = [np.full(self.sigma_w2.shape, self.c[:, 0, 0].mean())]
        for _ in range(self.q.shape[2] - 1):
            c.append(correlation_map(c[-1], q[-1], self.sigma_w2, self.sigma_b2, self.activation))
            q.append(length_map(q[-1], self.sigma_w2, self.sigma_b2, self.activation))
        return np.stack(q, axis=1), np.stack(c, axis=1)


def network_signals(
    sigma_w2: ArrayLike,
    sigma_b2: float = 0.0,
    activation: str = "tanh",
    *,
    width: int = 256,
    depth: int = 20,
    q0: float = 1.0,
    c0: float = 0.5,
    n_networks: int = 8,
    rng: RngLike = None,
) -> NetworkSignals:
    r"""Send two inputs through ``n_networks`` random networks per ``sigma_w2``; record each layer.

    Parameters
    ----------
    sigma_w2 : array_like
        Weight variances times the width, :math:`\sigma_w^2`, one setting each.
    sigma_b2 : float, default 0
        Bias variance :math:`\sigma_b^2`.
    activation : {"tanh", "relu", "linear"}, default "tanh"
        The activation :math:`\phi`.
    width : int, default 256
        Units per layer.
    depth : int, default 20
        Number of layers.
    q0, c0 : float, default 1 and 0.5
        Mean square and correlation of the two inputs :math:`h^{(0)}` (set exactly).
    n_networks : int, default 8
        Independent networks per setting; each sees both inputs.
    rng : numpy.random.Generator, int or None
        Source of the weights and biases.

    Returns
    -------
    NetworkSignals

    Examples
    --------
    >>> run = network_signals([2.0], 0.0, "relu", width=500, depth=3, n_networks=4, rng=0)
    >>> q, _ = run.predicted()
    >>> bool(np.all(np.abs(run.q.mean(axis=1) / q - 1) < 0.2))
    True
    """
    w2 = _grid(sigma_w2, "sigma_w2")
    b2 = check_real(sigma_b2, "sigma_b2", non_negative=True)
    phi = _PHI[check_choice(activation, "activation", tuple(_PHI))]
    n = check_int(width, "width", minimum=2)
    depth = check_int(depth, "depth", minimum=1)
    q0 = check_real(q0, "q0", positive=True)
    c0 = check_interval(c0, "c0", -1.0, 1.0)
    n_networks = check_int(n_networks, "n_networks", minimum=1)
    generator = check_rng(rng)
    count = w2.size * n_networks
    # per network, two inputs of mean square q0 and correlation c0 along two random
    # orthonormal directions (each network its own, so no one pair of inputs biases all)
    basis, _ = np.linalg.qr(generator.standard_normal((count, n, 2)))
    first, second = basis[..., 0], basis[..., 1]
    pair = math.sqrt(q0 * n) * np.stack([first, c0 * first + math.sqrt(1 - c0 * c0) * second], 1)
    scale = np.repeat(np.sqrt(w2 / n), n_networks)[:, None, None].astype(np.float32)
    h = pair.astype(np.float32)
    q, c = np.empty((count, depth + 1)), np.empty((count, depth + 1))

    def record(layer: int, h: np.ndarray) -> None:
        squares = np.einsum("gij,gij->gi", h, h, dtype=np.float64)
        q[:, layer] = squares.mean(axis=1) / n
        c[:, layer] = np.einsum("gj,gj->g", h[:, 0], h[:, 1], dtype=np.float64) / np.sqrt(
            squares[:, 0] * squares[:, 1]
        )

    record(0, h)
    for layer in range(1, depth + 1):
        weights = generator.standard_normal((count, n, n), dtype=np.float32) * scale
        biases = generator.standard_normal((count, 1, n), dtype=np.float32) * math.sqrt(b2)
        h = phi(h) @ weights + biases
        record(layer, h)
    shape = (w2.size, n_networks, depth + 1)
    return NetworkSignals(w2, b2, activation, n, q.reshape(shape), c.reshape(shape))


@dataclass(frozen=True)
class LengthRatios:
    r"""Log length ratios :math:`\ln(M_\ell / M_0)` of many He-initialized ReLU networks.

    Attributes
    ----------
    widths : tuple of int
        :math:`n_0, n_1, \dots, n_L`.
    log_ratios : numpy.ndarray
        Shape ``(n_networks, L + 1)``; ``-inf`` where every unit of a layer was off (then
        every later layer is 0 too).
    residual : bool
        Whether each layer was a residual block with its branch scaled by :math:`1/\sqrt{L}`.
    """

    widths: tuple[int, ...]
    log_ratios: np.ndarray
    residual: bool

    def predicted(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""Exact mean and variance of :math:`\ln(M_\ell/M_0)` (plain networks) per layer.

        Sums of :func:`~weightinit.theory.relu_log_ratio_moments` over the layers, with the
        first-order variance :math:`5 \sum_{j \le \ell} 1/n_j`, given that no layer is all off.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray, numpy.ndarray)
            Mean, exact variance, first-order variance; each of shape ``(L + 1,)``.
        """
        moments = np.array([(0.0, 0.0)] + [relu_log_ratio_moments(n)[:2] for n in self.widths[1:]])
        first = np.concatenate([[0.0], 5.0 / np.array(self.widths[1:], dtype=float)])
        return np.cumsum(moments[:, 0]), np.cumsum(moments[:, 1]), np.cumsum(first)

    def alive(self) -> np.ndarray:
        """Boolean mask of the networks whose output is not all zero, shape ``(n_networks,)``."""
        return np.isfinite(self.log_ratios[:, -1])


def length_ratios(
    widths: Sequence[int],
    n_networks: int = 10_000,
    *,
    residual: bool = False,
    rng: RngLike = None,
) -> LengthRatios:
    r"""Log length ratios of ``n_networks`` He-initialized ReLU networks of the given widths.

    Fresh Gaussian weights are rotation invariant, so for one input :math:`h` a layer's
    pre-activation :math:`h W` is exactly :math:`\mathcal{N}(0, 2\lVert h\rVert^2/n_\text{in})`
    in each of its :math:`n_\text{out}` units, independently: the function draws that vector
    directly, :math:`O(n)` work per layer instead of :math:`O(n^2)`, with the same law as
    multiplying by a weight matrix. A residual block (``residual=True``, square widths) adds
    :math:`L^{-1/2}\operatorname{ReLU}(h W_1) W_2` to :math:`h`, :math:`W_1` of variance
    :math:`2/n` and :math:`W_2` of variance :math:`1/n`, drawn the same way.

    Parameters
    ----------
    widths : sequence of int
        :math:`n_0, \dots, n_L`, at least two entries.
    n_networks : int, default 10000
        Independent networks.
    residual : bool, optional
        Residual blocks instead of plain layers (all widths equal); plain layers by default.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    LengthRatios

    Examples
    --------
    >>> run = length_ratios([100] * 11, 4000, rng=0)
    >>> mean, var, first = run.predicted()
    >>> bool(abs(run.log_ratios[:, -1].var() / var[-1] - 1) < 0.1)
    True
    """
    sizes = check_sizes(widths, "widths", min_length=2)
    n_networks = check_int(n_networks, "n_networks", minimum=1)
    residual = check_bool(residual, "residual")
    check_value(not residual or len(set(sizes)) == 1, "widths", "all be equal for residual=True")
    generator = check_rng(rng)
    n_layers = len(sizes) - 1
    h = generator.standard_normal((n_networks, sizes[0]))
    start = np.mean(h * h, axis=1)
    logs = np.zeros((n_networks, n_layers + 1))
    with np.errstate(divide="ignore"):
        for layer, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
            norm = np.sqrt(np.sum(h * h, axis=1, keepdims=True))
            z = generator.standard_normal((n_networks, n_out)) * norm * math.sqrt(2.0 / n_in)
            branch = np.maximum(z, 0.0)
            if residual:
                size = np.sqrt(np.sum(branch * branch, axis=1, keepdims=True) / n_out)
                out = generator.standard_normal((n_networks, n_out)) * size
                h = h + out / math.sqrt(n_layers)
            else:
                h = branch
            logs[:, layer] = np.log(np.mean(h * h, axis=1) / start)
    return LengthRatios(sizes, logs, residual)


def pool_images(x: ArrayLike, image_shape: tuple[int, int], factor: int = 2) -> np.ndarray:
    """Average ``factor`` × ``factor`` blocks of pixels: 28 × 28 digits become 14 × 14.

    Examples
    --------
    >>> pool_images(np.arange(16.0).reshape(1, 16), (4, 4)).tolist()
    [[2.5, 4.5, 10.5, 12.5]]
    """
    height, width = check_sizes(image_shape, "image_shape", length=2)
    images = check_matrix(x, "x", n_columns=height * width, dtype=np.float32)
    factor = check_int(factor, "factor", minimum=1)
    rule = f"divide the image's height {height} and width {width}"
    check_value(height % factor == 0 and width % factor == 0, "factor", rule, factor)
    blocks = images.reshape(len(images), height // factor, factor, width // factor, factor)
    return blocks.mean(axis=(2, 4)).reshape(len(images), -1)


@dataclass(frozen=True)
class TrainableDepth:
    r"""Test accuracy of tanh networks over a grid of :math:`\sigma_w^2` and depths.

    Attributes
    ----------
    sigma_w2 : numpy.ndarray
        Shape ``(S,)``.
    depths : numpy.ndarray
        Shape ``(D,)``, hidden layers per network.
    sigma_b2 : float
        Bias variance.
    accuracy : numpy.ndarray
        Shape ``(D, S)``: accuracy on the test digits after training.
    xi_c : numpy.ndarray
        Shape ``(S,)``: the correlation depth scale :math:`\xi_c` of each :math:`\sigma_w^2`.
    settings : dict
        Width, steps, learning rate, batch size, seed.
    curve : (numpy.ndarray, numpy.ndarray)
        :math:`\sigma_w^2` on a fine grid over the same range, and :math:`\xi_c` there, for
        drawing; empty arrays when not computed.
    """

    sigma_w2: np.ndarray
    depths: np.ndarray
    sigma_b2: float
    accuracy: np.ndarray
    xi_c: np.ndarray
    settings: dict
    curve: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))

    def deepest_trained(self, threshold: float) -> np.ndarray:
        r"""Per :math:`\sigma_w^2`, the largest depth reaching ``threshold`` accuracy, or 0."""
        threshold = check_real(threshold, "threshold")
        trained = self.accuracy >= threshold
        return np.max(np.where(trained, self.depths[:, None], 0), axis=0)


def _train_grid(
    x: np.ndarray,
    t: np.ndarray,
    x_test: np.ndarray,
    t_test: np.ndarray,
    w2: np.ndarray,
    depth: int,
    b2: float,
    width: int,
    rows: np.ndarray,
    lr: float,
    seed: int,
) -> np.ndarray:
    """Train one network per entry of ``w2`` at one depth, all in the same array operations."""
    generator = np.random.default_rng([seed, depth])  # one weight stream per depth
    count = w2.size
    sizes = (x.shape[1], *([width] * depth), int(t.max()) + 1)
    std = np.sqrt(w2).astype(np.float32)[:, None, None]
    weights = [
        generator.standard_normal((count, a, b), dtype=np.float32) * std / np.sqrt(a)
        for a, b in itertools.pairwise(sizes)
    ]
    biases = [
        generator.standard_normal((count, 1, b), dtype=np.float32) * np.float32(math.sqrt(b2))
        for b in sizes[1:]
    ]
    step = np.float32(lr)
    for batch in rows:
        hs = [np.broadcast_to(x[batch], (count, batch.size, x.shape[1]))]
        for weight, bias in zip(weights[:-1], biases[:-1], strict=False):
            hs.append(np.tanh(hs[-1] @ weight + bias))
        logits = hs[-1] @ weights[-1] + biases[-1]
        logits -= logits.max(axis=-1, keepdims=True)
        grad = np.exp(logits)
        grad /= grad.sum(axis=-1, keepdims=True)
        grad[:, np.arange(batch.size), t[batch]] -= 1.0
        grad /= batch.size
        for layer in range(len(weights) - 1, -1, -1):
            grad_w = hs[layer].transpose(0, 2, 1) @ grad
            grad_b = grad.sum(axis=1, keepdims=True)
            if layer:
                grad = (grad @ weights[layer].transpose(0, 2, 1)) * (1.0 - hs[layer] ** 2)
            weights[layer] -= step * grad_w
            biases[layer] -= step * grad_b
    h = np.broadcast_to(x_test, (count, *x_test.shape))
    for weight, bias in zip(weights[:-1], biases[:-1], strict=False):
        h = np.tanh(h @ weight + bias)
    predictions = (h @ weights[-1] + biases[-1]).argmax(axis=-1)
    return np.mean(predictions == t_test, axis=1)


def trainable_depth(
    x: ArrayLike,
    t: ArrayLike,
    x_test: ArrayLike,
    t_test: ArrayLike,
    sigma_w2: ArrayLike,
    depths: Sequence[int],
    sigma_b2: float = 0.05,
    *,
    width: int = 32,
    steps: int = 200,
    lr: float = 0.02,
    batch_size: int = 32,
    seed: int = 0,
) -> TrainableDepth:
    r"""Train a tanh network for every :math:`\sigma_w^2` and depth; measure test accuracy.

    The inputs are centred on the training pixels' per-pixel mean and divided by one overall
    standard deviation of the training pixels, so the first layer's :math:`q` is
    :math:`\sigma_w^2` times the inputs' mean square (below 1: the per-pixel centring removes
    part of the variance) plus :math:`\sigma_b^2`. Every layer,
    the output layer included, draws weights of variance :math:`\sigma_w^2/n_\text{in}` and
    biases of variance :math:`\sigma_b^2`. All networks see the same ``steps`` minibatches and
    train with plain SGD on the softmax cross-entropy; the networks of one depth are trained
    together, stacked in one array.

    Parameters
    ----------
    x, t : array_like
        Training inputs (rows) and integer labels.
    x_test, t_test : array_like
        Test inputs and labels.
    sigma_w2 : array_like
        The grid of :math:`\sigma_w^2`.
    depths : sequence of int
        Hidden layers per network.
    sigma_b2 : float, default 0.05
        Bias variance.
    width, steps, lr, batch_size, seed : int, int, float, int, int
        Hidden units per layer, SGD steps, learning rate, minibatch rows, seed of the
        minibatches and weights.

    Returns
    -------
    TrainableDepth

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((200, 8)).astype(np.float32)
    >>> t = (x[:, 0] > 0).astype(int)
    >>> run = trainable_depth(x, t, x, t, [1.0, 2.0], [2], steps=100, lr=0.1, width=8)
    >>> run.accuracy.shape, bool(run.accuracy.min() > 0.8)
    ((1, 2), True)
    """
    images, labels = check_data(x, t)
    test_images, test_labels = check_data(
        x_test, t_test, "x_test", "t_test", n_features=images.shape[1]
    )
    w2 = _grid(sigma_w2, "sigma_w2")
    depth_list = np.array(check_sizes(depths, "depths"), dtype=int)
    b2 = check_real(sigma_b2, "sigma_b2", non_negative=True)
    width = check_int(width, "width", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    lr = check_real(lr, "lr", positive=True)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    mean, std = images.mean(axis=0), images.std()
    images = (images - mean) / std
    test_images = (test_images - mean) / std
    rows = np.random.default_rng(seed).integers(0, len(labels), (steps, batch_size))
    # the depths side by side (the deepest, the most work, first), one BLAS thread each
    order = sorted(set(depth_list.tolist()), reverse=True)
    data = (images, labels, test_images, test_labels, w2)
    with threadpool_limits(limits=1, user_api="blas"):
        runs = run_side_by_side(
            [partial(_train_grid, *data, d, b2, width, rows, lr, seed) for d in order]
        )
    trained = dict(zip(order, runs, strict=True))
    accuracy = np.stack([trained[int(d)] for d in depth_list])
    _, xi_c = depth_scales(w2, b2, "tanh")
    fine = np.linspace(w2.min(), w2.max(), 241)
    settings = {"width": width, "steps": steps, "lr": lr, "batch_size": batch_size, "seed": seed}
    return TrainableDepth(
        w2, depth_list, b2, accuracy, xi_c, settings, (fine, depth_scales(fine, b2, "tanh")[1])
    )
