r"""One forward and one backward pass of a fully connected network: the maths, written once.

A network here is a list of weight matrices :math:`W^{(1)}, \dots, W^{(L)}` in the ``x @ W``
layout, optional biases and one activation :math:`f`. Layer :math:`\ell` computes

.. math::

    \begin{aligned}
    z^{(\ell)} &= h^{(\ell-1)} W^{(\ell)} + b^{(\ell)}, \\
    h^{(\ell)} &= f\!\left(z^{(\ell)}\right),
    \end{aligned}

with :math:`h^{(0)} = x`; the last layer applies :math:`f` only when asked (a classifier's last
layer gives the logits). Going back from :math:`\delta^{(L)} = \partial L/\partial z^{(L)}`,

.. math::

    \begin{aligned}
    \frac{\partial L}{\partial W^{(\ell)}} &= h^{(\ell-1)\top} \delta^{(\ell)}, \\
    \frac{\partial L}{\partial b^{(\ell)}} &= \mathbf{1}^\top \delta^{(\ell)}, \\
    \delta^{(\ell-1)} &= \left(\delta^{(\ell)} W^{(\ell)\top}\right)
    \odot f'\!\left(z^{(\ell-1)}\right).
    \end{aligned}

:func:`forward` and :func:`backward` run these in any floating dtype, on one network (arrays of
shape ``(n_samples, units)``) or on a **stack** of networks of one shape (a leading axis, one
slice a network: ``np.matmul`` multiplies a stack slice by slice with the same BLAS call, so each
slice computes exactly what its network computes alone). :class:`weightinit.network.MLP` trains
with them, into preallocated buffers and with the activation run in place; the experiments
trace them, keeping every layer's pre-activations, activations, deltas and weight gradients.
:func:`softmax_cross_entropy_into` is the loss at the top of both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from weightinit.activations import Activation
from weightinit.batchnorm import BatchNorm

__all__ = ["Backward", "Forward", "backward", "forward", "softmax_cross_entropy_into"]


@dataclass(slots=True)  # not frozen: built on every training step, where __init__'s cost shows
class Forward:
    r"""What :func:`forward` computed, layer by layer (index 0 is layer 1).

    Attributes
    ----------
    inputs : numpy.ndarray
        :math:`h^{(0)} = x`.
    outputs : list of numpy.ndarray
        :math:`h^{(\ell)}` of every layer; the last is :math:`z^{(L)}` (the logits) when the top
        layer applies no activation.
    pre_activations : list of numpy.ndarray
        :math:`z^{(\ell)}` of every layer that applies the activation, kept only when the pass
        did not run the activation in place.
    in_place : bool
        The activation ran in place: :func:`backward` takes its derivative from the outputs.
    """

    inputs: np.ndarray
    outputs: list[np.ndarray]
    pre_activations: list[np.ndarray]
    in_place: bool = False


@dataclass(slots=True)
class Backward:
    r"""What :func:`backward` computed, layer by layer (index 0 is layer 1).

    Attributes
    ----------
    deltas : list of numpy.ndarray
        :math:`\delta^{(\ell)} = \partial L/\partial z^{(\ell)}`; empty unless recorded.
    sent : list of numpy.ndarray
        :math:`\delta^{(\ell)} W^{(\ell)\top}`, the gradient layer :math:`\ell` sends to its input
        (layer 1's too when asked for); empty unless recorded.
    weight_gradients : list of numpy.ndarray
        :math:`\partial L/\partial W^{(\ell)}`.
    bias_gradients : list of numpy.ndarray
        :math:`\partial L/\partial b^{(\ell)}`; empty unless asked for.
    """

    deltas: list[np.ndarray]
    sent: list[np.ndarray]
    weight_gradients: list[np.ndarray]
    bias_gradients: list[np.ndarray]


def softmax_cross_entropy_into(logits: np.ndarray, labels: np.ndarray, scale: float) -> np.ndarray:
    r"""Overwrite ``logits`` with ``scale`` times :math:`\partial L/\partial s`; return :math:`L`.

    :math:`L` is the mean softmax cross-entropy over the rows (the samples, axis ``-2``) of each
    network. The maximum of each row is subtracted first, so no exponential overflows.

    Parameters
    ----------
    logits : numpy.ndarray
        Floating scores, shape ``(..., n_samples, n_classes)``; overwritten.
    labels : numpy.ndarray of int
        Correct classes, shape ``(..., n_samples)``, values in ``[0, n_classes)``.
    scale : float
        Factor on the gradient (a learning rate folds in here).

    Returns
    -------
    numpy.ndarray
        The loss of each network, float64, shape ``logits.shape[:-2]``.

    Examples
    --------
    >>> s = np.zeros((2, 10))
    >>> loss = softmax_cross_entropy_into(s, np.array([3, 7]), 1.0)
    >>> round(float(loss), 4), float(s[0, 3]), float(s[0, 0])  # ln 10
    (2.3026, -0.45, 0.05)
    """
    if logits.ndim == 2:  # one network (np.ix_ costs microseconds a step)
        index: tuple[np.ndarray, ...] = (np.arange(logits.shape[0]), labels)
    else:
        index = (*np.ix_(*(np.arange(k) for k in logits.shape[:-1])), labels)
    logits -= logits.max(axis=-1, keepdims=True)  # exp never overflows
    correct = logits[index]
    np.exp(logits, out=logits)
    totals = logits.sum(axis=-1, keepdims=True)
    loss = (np.log(totals[..., 0]) - correct).mean(axis=-1, dtype=np.float64)
    step = scale / logits.shape[-2]
    logits *= step / totals  # step * softmax probabilities
    logits[index] -= step
    return loss


def forward(
    x: np.ndarray,
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray] | None,
    activation: Activation,
    *,
    top_activation: bool = False,
    in_place: bool = False,
    out: Sequence[np.ndarray] | None = None,
    batchnorms: Sequence[BatchNorm] = (),
    training: bool = True,
) -> Forward:
    r"""Send ``x`` through the layers (module notes) and record every layer's output.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs, shape ``(..., n_samples, n_in)``.
    weights : sequence of numpy.ndarray
        :math:`W^{(\ell)}`, shape ``(..., n_{l-1}, n_l)``.
    biases : sequence of numpy.ndarray or None
        :math:`b^{(\ell)}`, shape ``(..., n_l)``; None for bias-free layers.
    activation : Activation
        :math:`f`.
    top_activation : bool, optional
        Apply :math:`f` to the last layer too (a stack of layers, not a classifier).
    in_place : bool, optional
        Run :math:`f` in place (``activation.forward_in_place``) and keep no pre-activations;
        :func:`backward` then takes :math:`f'` from the outputs. Otherwise the
        pre-activations are kept and :math:`f` is called as given.
    out : sequence of numpy.ndarray, optional
        Buffers for the outputs, one per layer; new arrays by default.
    batchnorms : sequence of weightinit.batchnorm.BatchNorm, optional
        One per hidden layer, applied in place between the product and :math:`f`.
    training : bool, optional
        Batch statistics (True, the default) or the running averages in the
        batch-normalization layers. The other flags are off by default.

    Returns
    -------
    Forward

    Examples
    --------
    >>> from weightinit.activations import get_activation
    >>> w = [np.eye(2), -np.eye(2)]
    >>> run = forward(np.array([[1.0, -2.0]]), w, None, get_activation("relu"))
    >>> run.outputs[-1].tolist(), run.pre_activations[0].tolist()  # the logits, z of layer 1
    ([[-1.0, -0.0]], [[1.0, -2.0]])
    """
    pre: list[np.ndarray] = []
    outputs: list[np.ndarray] = []
    h = x
    last = len(weights) - 1
    for layer, w in enumerate(weights):
        if out is None:
            z = h @ w
        else:
            z = np.matmul(h, w, out=out[layer])
        if biases is not None:
            z += biases[layer][..., None, :] if z.ndim > 2 else biases[layer]
        if layer < last or top_activation:
            if batchnorms and layer < last:  # in place; batch statistics in training
                batchnorms[layer]._forward_into(z, training)
            if in_place:
                activation.forward_in_place(z)  # type: ignore[misc]  # in_place: it has one
            elif out is None:
                pre.append(z)
                z = activation.function(z)
            else:
                pre.append(z.copy())
                z[...] = activation.function(pre[-1])
        outputs.append(z)
        h = z
    return Forward(x, outputs, pre, in_place)


def backward(
    run: Forward,
    weights: Sequence[np.ndarray],
    activation: Activation,
    delta: np.ndarray,
    *,
    top_activation: bool = False,
    batch_mean: bool = False,
    biases: bool = False,
    record: bool = False,
    send_to_input: bool = False,
    out: tuple[Sequence[np.ndarray], Sequence[np.ndarray], Sequence[np.ndarray]] | None = None,
    ones: np.ndarray | None = None,
    batchnorms: Sequence[BatchNorm] = (),
    masks: Sequence[np.ndarray | float] | None = None,
) -> Backward:
    r"""Back-propagate from the top of the pass ``run`` (module notes).

    Parameters
    ----------
    run : Forward
        The pass, from :func:`forward` with the same ``weights`` and activation.
    weights : sequence of numpy.ndarray
        :math:`W^{(\ell)}`.
    activation : Activation
        :math:`f`; its derivative comes from the outputs when the pass ran it in place.
    delta : numpy.ndarray
        :math:`\partial L/\partial z^{(L)}`, or with ``top_activation``
        :math:`\partial L/\partial h^{(L)}`; shaped like the last output. With buffers
        (``out``) it is overwritten.
    top_activation : bool, optional
        The pass applied :math:`f` to the last layer (as in :func:`forward`). Every flag is off
        by default.
    batch_mean : bool, optional
        Divide the weight gradients by the number of samples: ``delta`` is each sample's own
        gradient and the loss their mean.
    biases : bool, optional
        Compute the bias gradients (column sums of the deltas).
    record : bool, optional
        Keep every layer's delta and sent gradient.
    send_to_input : bool, optional
        Also send layer 1's gradient to the input (recorded with ``record``).
    out : tuple, optional
        Buffers: the weight gradients, the bias gradients, and the gradients sent to the hidden
        layers (one per hidden layer); new arrays by default.
    ones : numpy.ndarray, optional
        At least ``n_samples`` ones for the bias gradients: a vector for one network, shape
        ``(..., 1, n_samples)`` for a stack.
    batchnorms : sequence of weightinit.batchnorm.BatchNorm, optional
        As in :func:`forward`; each keeps its :math:`\partial L/\partial\gamma, \beta`.
    masks : sequence of numpy.ndarray or float, optional
        Dropout: the factor (e.g. :math:`m/(1-p)`) each hidden layer's output was multiplied
        by in the pass ``run`` (its outputs are the dropped ones, its pre-activations the
        layer's own); a dropped unit passes no gradient.

    Returns
    -------
    Backward

    Examples
    --------
    >>> from weightinit.activations import get_activation
    >>> relu = get_activation("relu")
    >>> w = [np.array([[2.0]]), np.array([[3.0]])]
    >>> run = forward(np.array([[1.0]]), w, None, relu)
    >>> back = backward(run, w, relu, np.array([[1.0]]), record=True)
    >>> [g.tolist() for g in back.weight_gradients], back.deltas[0].tolist()
    ([[[3.0]], [[2.0]]], [[3.0]])
    """
    grad_w, grad_b, sent_out = out if out is not None else (None, None, None)
    below = [run.inputs, *run.outputs]  # below[l] is the input of layer l (index 0 is layer 1)
    last = len(weights) - 1
    # filled from the top down, by index (this runs on every training step: no reversals)
    weight_grads = [run.inputs] * (last + 1)
    bias_grads = _slots(last + 1, biases, run.inputs)
    deltas = _slots(last + 1, record, run.inputs)
    sent = _slots(last + 1, record, run.inputs)
    upstream = delta
    for layer in range(last, -1, -1):
        if layer < last or top_activation:
            upstream = _through_activation(
                upstream,
                run,
                layer,
                activation,
                overwrite=sent_out is not None,
                masks=masks,
                batchnorms=batchnorms,
                hidden=layer < last,
            )
        delta = upstream
        weight_grads[layer] = _weight_gradient(
            below[layer], delta, batch_mean, _pick(grad_w, layer)
        )
        if biases:
            bias_grads[layer] = _column_sums(delta, ones, _pick(grad_b, layer))
        if record:
            deltas[layer] = delta
        if layer == 0 and not send_to_input:
            break
        target = _pick(sent_out, layer - 1) if layer else None
        upstream = _send_down(delta, weights[layer], target)
        if record:
            sent[layer] = upstream if sent_out is None else upstream.copy()
    if record and not send_to_input:
        sent = sent[1:]
    return Backward(deltas, sent, weight_grads, bias_grads)


def _slots(n: int, keep: bool, filler: np.ndarray) -> list[np.ndarray]:
    # n places to fill by index (``filler`` until then), or none when nothing is kept
    return [filler] * n if keep else []


def _pick(buffers: Sequence[np.ndarray] | None, index: int) -> np.ndarray | None:
    return None if buffers is None else buffers[index]


def _through_activation(
    upstream: np.ndarray,
    run: Forward,
    layer: int,
    activation: Activation,
    *,
    overwrite: bool,
    masks: Sequence[np.ndarray | float] | None,
    batchnorms: Sequence[BatchNorm],
    hidden: bool,
) -> np.ndarray:
    # dL/dh of a layer that applied f into its delta dL/dz: a hidden layer's dropout mask, times
    # f', back through its batch normalization; in place when the pass ran f in place or with
    # ``overwrite``
    if masks is not None and hidden:
        upstream = upstream * masks[layer]
    if run.in_place:
        activation.backward_from_output(upstream, run.outputs[layer])  # type: ignore[misc]
    elif overwrite:
        upstream *= activation.derivative(run.pre_activations[layer])
    else:
        upstream = upstream * activation.derivative(run.pre_activations[layer])
    if batchnorms and hidden:  # upstream becomes dL/dz
        batchnorms[layer]._backward_into(upstream)
    return upstream


def _weight_gradient(
    below: np.ndarray, delta: np.ndarray, batch_mean: bool, out: np.ndarray | None
) -> np.ndarray:
    # h^(l-1)^T delta^(l), into ``out`` (which ignores ``batch_mean``) or a new array
    below_t = below.swapaxes(-1, -2)
    if out is not None:
        return np.matmul(below_t, delta, out=out)
    return below_t @ delta / delta.shape[-2] if batch_mean else below_t @ delta


def _send_down(delta: np.ndarray, w: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    # delta^(l) W^(l)^T, the gradient a layer sends to its input
    return np.matmul(delta, w.swapaxes(-1, -2), out=out)


def _column_sums(delta: np.ndarray, ones: np.ndarray | None, out: np.ndarray | None) -> np.ndarray:
    # 1^T delta as a matrix product, sample axis -2 (as fast as BLAS, one network or a stack)
    n = delta.shape[-2]
    if ones is None:
        ones = np.ones(n, dtype=delta.dtype)
    if delta.ndim == 2:
        return np.matmul(ones[:n], delta, out=out)
    if ones.ndim == delta.ndim:
        row = ones[..., :n]
    else:
        row = np.ones((*delta.shape[:-2], 1, n), dtype=delta.dtype)
    if out is None:
        return np.matmul(row, delta)[..., 0, :]
    np.matmul(row, delta, out=out[..., None, :])
    return out
