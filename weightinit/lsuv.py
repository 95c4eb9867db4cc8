r"""Layer-sequential unit-variance (LSUV) initialization (Mishkin & Matas, 2016).

LSUV sets a network's initial weights from the data: start from orthogonal weights, then, one
layer at a time from the input up, divide the layer's weights by the standard deviation of its
output on a batch of real inputs, until that variance is 1 within a tolerance:

.. math::

    \begin{aligned}
    &W^{(\ell)} \leftarrow \frac{W^{(\ell)}}{\sqrt{\operatorname{Var}\bigl(z^{(\ell)}\bigr)}}
    \\
    &\text{while}\quad \bigl|\operatorname{Var}\bigl(z^{(\ell)}\bigr) - 1\bigr| \ge \text{tol},
    \end{aligned}

where :math:`z^{(\ell)} = h^{(\ell-1)} W^{(\ell)} + b^{(\ell)}` is the layer's output before
its activation, computed on the batch with the layers below already rescaled. With zero biases
one division is exact; a bias makes the variance move less than the weights' scale, hence the
loop, its iteration limit and :class:`LSUVConvergenceError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._validation import (
    RngLike,
    check_bool,
    check_count,
    check_instance,
    check_interval,
    check_matrix,
    check_rng,
    check_value,
)
from weightinit.distributions import orthogonal
from weightinit.network import MLP

__all__ = ["LSUVConvergenceError", "LSUVReport", "layer_output_variances", "lsuv"]


class LSUVConvergenceError(RuntimeError):
    """Raised when a layer's output variance cannot be brought to 1 within the limits."""


@dataclass(frozen=True)
class LSUVReport:
    """What :func:`lsuv` did, layer by layer (index 0 is the first weight layer).

    Attributes
    ----------
    initial_variances : numpy.ndarray
        Variance of each layer's output on the batch when LSUV reached it, after the
        orthogonal start and the rescaling of the layers below.
    final_variances : numpy.ndarray
        The same variances after rescaling: within ``tol`` of 1.
    iterations : numpy.ndarray
        Number of rescalings per layer (0 when the variance was already within ``tol``).
    """

    initial_variances: np.ndarray
    final_variances: np.ndarray
    iterations: np.ndarray


def _check_network(network: object) -> MLP:
    network = check_instance(network, "network", MLP)
    check_value(
        not network.batchnorms,
        "network",
        "be built without batch normalization: its layers already have unit variance on "
        "every batch, and LSUV measures the outputs before them",
    )
    return network


def _check_batch(x: ArrayLike, network: MLP) -> np.ndarray:
    first = network.weights[0]
    return check_matrix(x, "x", n_columns=first.shape[0], min_rows=2, dtype=first.dtype)


def _layer(network: MLP, h: np.ndarray, layer: int) -> passes.Forward:
    # One layer of the network core: z = h W + b, kept, and f(z)
    weights, biases = [network.weights[layer]], [network.biases[layer]]
    return passes.forward(h, weights, biases, network.activation, top_activation=True)


def _variance(z: np.ndarray) -> float:
    return float(np.var(z, dtype=np.float64))


def _rescale(weights: np.ndarray, variance: float) -> None:
    weights /= np.sqrt(variance)


def layer_output_variances(network: MLP, x: ArrayLike) -> np.ndarray:
    r"""Variance of each layer's output :math:`z^{(\ell)}` (before the activation) on a batch.

    Parameters
    ----------
    network : weightinit.network.MLP
        The network; hidden layers apply its activation, the last layer gives the logits.
    x : array_like
        A batch of inputs, shape ``(n_samples, sizes[0])``, at least two rows.

    Returns
    -------
    numpy.ndarray
        One variance per weight layer, over all samples and units of that layer.

    Examples
    --------
    >>> net = MLP((20, 50, 50, 10), "relu", "std=0.01", rng=0)
    >>> x = np.random.default_rng(1).standard_normal((100, 20))
    >>> v = layer_output_variances(net, x)  # each layer: 50 * 1e-4 / 2 of the one below
    >>> bool(np.all(np.diff(np.log10(v)) < -2))
    True
    """
    network = _check_network(network)
    h = _check_batch(x, network)
    run = passes.forward(h, network.weights, network.biases, network.activation)
    return np.array([_variance(z) for z in (*run.pre_activations, run.outputs[-1])])


def lsuv(
    network: MLP,
    x: ArrayLike,
    *,
    tol: float = 0.1,
    max_iter: int = 10,
    orthogonal_start: bool = True,
    rng: RngLike = None,
) -> LSUVReport:
    r"""Initialize ``network`` in place by LSUV (Mishkin & Matas, 2016), from a batch ``x``.

    First every weight matrix is replaced by an orthogonal one
    (:func:`~weightinit.distributions.orthogonal`), unless ``orthogonal_start`` is False; the
    biases are kept. Then each layer, from the input up, is divided by the standard deviation
    of its output on ``x`` until :math:`|\operatorname{Var}(z^{(\ell)}) - 1| < \text{tol}`.

    Parameters
    ----------
    network : weightinit.network.MLP
        Modified in place: its ``weights`` are overwritten.
    x : array_like
        A batch of training inputs, shape ``(n_samples, sizes[0])``, at least two rows; the
        paper uses one minibatch.
    tol : float, default 0.1
        Tolerance on the variance, in (0, 1) (the paper's :math:`\text{Tol}_\text{var}`).
    max_iter : int, default 10
        Most rescalings per layer (the paper's :math:`T_\text{max}`), at least 1.
    orthogonal_start : bool, optional
        Start from orthogonal weights, as the paper does (the default); False rescales the
        current weights.
    rng : numpy.random.Generator, int or None
        Source of randomness for the orthogonal start, or a seed for one.

    Returns
    -------
    LSUVReport

    Raises
    ------
    LSUVConvergenceError
        If a layer's output has zero or non-finite variance on ``x`` (e.g. every unit below
        is a dead ReLU), or its variance is still off by ``tol`` or more after ``max_iter``
        rescalings (e.g. a bias that dominates the output).
    TypeError, ValueError
        On a wrong ``network``, batch, ``tol`` or ``max_iter``.

    Examples
    --------
    >>> net = MLP((20, 50, 50, 50, 10), "relu", "he", rng=0)
    >>> x = np.random.default_rng(1).standard_normal((200, 20))
    >>> report = lsuv(net, x, rng=2)
    >>> report.iterations  # zero biases: one division per layer suffices
    array([1, 1, 1, 1])
    >>> bool(np.all(np.abs(layer_output_variances(net, x) - 1) < 0.1))
    True
    """
    network = _check_network(network)
    h = _check_batch(x, network)
    tol = check_interval(tol, "tol", 0.0, 1.0, low_open=True, high_open=True)
    max_iter = check_count(max_iter, "max_iter")
    orthogonal_start = check_bool(orthogonal_start, "orthogonal_start")
    generator = check_rng(rng)

    if orthogonal_start:
        for w in network.weights:
            w[...] = orthogonal(w.shape, rng=generator, dtype=w.dtype)
    n_layers = len(network.weights)
    initial, final = np.empty(n_layers), np.empty(n_layers)
    iterations = np.zeros(n_layers, dtype=int)
    for layer in range(n_layers):
        run = _layer(network, h, layer)
        variance = initial[layer] = _variance(run.pre_activations[0])
        while abs(variance - 1.0) >= tol:
            if not (np.isfinite(variance) and variance > 0.0):
                raise LSUVConvergenceError(
                    f"layer {layer + 1} of {n_layers}: its output has variance {variance:.3g} "
                    "on the batch, which no rescaling of its weights can bring to 1 (are all "
                    "units below it dead, or the batch constant?)"
                )
            if iterations[layer] == max_iter:
                raise LSUVConvergenceError(
                    f"layer {layer + 1} of {n_layers}: output variance {variance:.4g} after "
                    f"max_iter={max_iter} rescalings, still not within tol={tol} of 1 (a large "
                    "bias keeps it away; raise max_iter or tol)"
                )
            _rescale(network.weights[layer], variance)
            iterations[layer] += 1
            run = _layer(network, h, layer)
            variance = _variance(run.pre_activations[0])
        final[layer] = variance
        h = run.outputs[0]
    return LSUVReport(initial, final, iterations)
