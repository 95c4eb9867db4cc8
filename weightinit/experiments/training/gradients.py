r"""Activations and back-propagated gradients, layer by layer: Glorot & Bengio (2010), Figs. 6–7.

Glorot & Bengio trained tanh networks of five hidden layers from two initializations and
looked at each layer's activations :math:`h^{(\ell)}` and back-propagated gradients
:math:`\delta^{(\ell)} = \partial L/\partial z^{(\ell)}`:

- their **standard** initialization, :math:`W \sim \mathcal{U}[-1/\sqrt{n}, 1/\sqrt{n}]` with
  :math:`n = n_\text{in}`, variance :math:`1/(3 n_\text{in})` (it is also PyTorch's default for
  ``nn.Linear``, the scheme ``"pytorch"``);
- their **normalized** initialization, :math:`W \sim \mathcal{U}[\pm\sqrt{6/(n_\text{in} +
  n_\text{out})}]`, variance :math:`2/(n_\text{in} + n_\text{out})` (the scheme
  ``"glorot-uniform"``).

:func:`layer_signals` computes, for one batch, every hidden layer's activations, the gradient
of each sample's loss with respect to its pre-activations, and the gradient of the batch's mean
loss with respect to every weight matrix. :func:`track_signals` does so at initialization and
again after training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._validation import (
    check_choice,
    check_instance,
    check_int,
    check_seed,
    check_sizes,
)
from weightinit.experiments._data import InitLike, check_classes, check_data, scheme_names
from weightinit.experiments._training import train
from weightinit.experiments.training.mnist import minibatches, seed_streams
from weightinit.network import MLP, SGD, softmax_cross_entropy

__all__ = ["LayerSignals", "SignalTrack", "layer_signals", "track_signals"]


@dataclass(frozen=True)
class LayerSignals:
    r"""One batch through a network: what each layer computes and receives.

    Attributes
    ----------
    activations : list of numpy.ndarray
        :math:`h^{(\ell)}` of every hidden layer, shape ``(n_samples, width)``.
    gradients : list of numpy.ndarray
        :math:`\delta^{(\ell)} = \partial L_i/\partial z^{(\ell)}` of every hidden layer, for
        each sample's own loss :math:`L_i`, shape ``(n_samples, width)``.
    weight_gradients : list of numpy.ndarray
        :math:`\partial L/\partial W^{(\ell)}` of every weight layer (the output layer last), for
        the batch's mean loss :math:`L`.
    loss : float
        The batch's mean loss.
    """

    activations: list[np.ndarray]
    gradients: list[np.ndarray]
    weight_gradients: list[np.ndarray]
    loss: float

    def spread(self, quantity: str = "gradients") -> np.ndarray:
        """Standard deviation per layer of "activations", "gradients" or "weight_gradients"."""
        check_choice(quantity, "quantity", ("activations", "gradients", "weight_gradients"))
        return np.array([float(np.std(a)) for a in getattr(self, quantity)])


def layer_signals(net: MLP, x: ArrayLike, t: ArrayLike) -> LayerSignals:
    r"""Forward and back-propagate one batch through ``net``, keeping every layer's signals.

    Parameters
    ----------
    net : weightinit.network.MLP
        The network; it is not changed.
    x : array_like
        Inputs as rows, shape ``(n_samples, net.sizes[0])``.
    t : array_like of int
        Labels, shape ``(n_samples,)``.

    Returns
    -------
    LayerSignals
        Computed in float64 from the network's parameters.

    Examples
    --------
    >>> net = MLP((4, 6, 6, 3), "tanh", "xavier-book", rng=0)
    >>> x = np.random.default_rng(1).random((5, 4))
    >>> signals = layer_signals(net, x, np.array([0, 1, 2, 0, 1]))
    >>> [a.shape for a in signals.gradients], len(signals.weight_gradients)
    ([(5, 6), (5, 6)], 3)
    >>> grads = net.gradients(x, np.array([0, 1, 2, 0, 1])).weights  # the network's own
    >>> bool(np.allclose(signals.weight_gradients[0], grads[0], atol=1e-6))
    True
    """
    net = check_instance(net, "net", MLP)
    inputs, labels = check_data(x, t, n_features=net.sizes[0])
    check_classes(labels, net.sizes[-1])
    weights = [w.astype(np.float64) for w in net.weights]
    biases = [b.astype(np.float64) for b in net.biases]
    run = passes.forward(inputs.astype(np.float64), weights, biases, net.activation)
    loss, delta = softmax_cross_entropy(run.outputs[-1], labels)
    back = passes.backward(run, weights, net.activation, delta, record=True)
    n = len(labels)  # per-sample loss: the mean's gradient times N
    deltas = [d * n for d in back.deltas[:-1]]
    return LayerSignals(run.outputs[:-1], deltas, back.weight_gradients, float(loss))


@dataclass(frozen=True)
class SignalTrack:
    """Layer signals at initialization and after training, per scheme.

    Attributes
    ----------
    initial, trained : dict of str to LayerSignals
        Scheme name -> the signals of the probe batch before and after training.
    losses : dict of str to numpy.ndarray
        Scheme name -> the loss of every training step.
    settings : dict
        Sizes, activation, learning rate, batch size, steps, seed.
    """

    initial: dict[str, LayerSignals]
    trained: dict[str, LayerSignals]
    losses: dict[str, np.ndarray]
    settings: dict[str, Any] = field(default_factory=dict)


def track_signals(
    x: ArrayLike,
    t: ArrayLike,
    inits: Sequence[InitLike] = ("pytorch", "glorot-uniform"),
    *,
    hidden: Sequence[int] = (100, 100, 100, 100, 100),
    activation: str = "tanh",
    lr: float = 0.1,
    batch_size: int = 64,
    steps: int = 300,
    probe: int = 500,
    seed: int = 0,
    n_classes: int | None = None,
) -> SignalTrack:
    r"""Record :func:`layer_signals` before and after training one network per scheme.

    Parameters
    ----------
    x, t : array_like
        Training inputs (rows) and integer labels; the first ``probe`` rows are the batch the
        signals are measured on.
    inits : sequence of str, Scheme or callable
        By default Glorot & Bengio's standard (``"pytorch"``) and normalized
        (``"glorot-uniform"``) initializations, schemes of :data:`~weightinit.schemes.SCHEMES`.
    hidden : sequence of int, default (100, 100, 100, 100, 100)
        Hidden widths.
    activation : str, default "tanh"
        Hidden activation.
    lr : float, default 0.1
        Learning rate of plain SGD.
    batch_size, steps : int, default 64 and 300
        Minibatch size and number of training steps (the same minibatches for every scheme).
    probe : int, default 500
        Number of rows of ``x`` the signals are measured on.
    seed : int, default 0
        Seeds the weights (the same stream for every scheme) and the minibatches.
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.

    Returns
    -------
    SignalTrack

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((100, 8)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> track = track_signals(x, t, hidden=(16, 16), steps=20, probe=50)
    >>> sorted(track.initial), track.trained["glorot-uniform"].gradients[0].shape
    (['glorot-uniform', 'pytorch'], (50, 16))
    """
    inputs, labels = check_data(x, t)
    names = scheme_names(inits)
    classes = check_classes(labels, n_classes)
    sizes = (inputs.shape[1], *check_sizes(hidden, "hidden", min_length=0), classes)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    probe = min(check_int(probe, "probe", minimum=1), len(labels))
    optimizer = SGD(lr=lr)
    batches = minibatches(check_seed(seed), len(labels), steps, batch_size)
    initial, trained, losses = {}, {}, {}
    for name, init in zip(names, inits, strict=True):
        net = MLP(sizes, activation, init, rng=seed_streams(seed)[0])
        initial[name] = layer_signals(net, inputs[:probe], labels[:probe])
        losses[name] = train(net, inputs, labels, batches, optimizer)
        trained[name] = layer_signals(net, inputs[:probe], labels[:probe])
    settings = {"sizes": sizes, "activation": activation, "lr": optimizer.lr}
    settings |= {"batch_size": batch_size, "steps": steps, "probe": probe}
    return SignalTrack(initial, trained, losses, settings)
