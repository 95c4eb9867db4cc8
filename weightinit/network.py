r"""A small multilayer perceptron in numpy, trained with minibatch SGD: the book's MNIST network.

:class:`MLP` is a stack of fully connected layers in the ``x @ W`` layout: hidden layers apply
an activation function, the last layer gives the logits of a softmax classifier trained with the
cross-entropy loss. For layer :math:`\ell` with input :math:`h^{(\ell-1)}` (one row per sample),

.. math::

    \begin{aligned}
    z^{(\ell)} &= h^{(\ell-1)} W^{(\ell)} + b^{(\ell)}, \\
    h^{(\ell)} &= f\!\left(z^{(\ell)}\right).
    \end{aligned}

The weights come from an initialization scheme (:func:`~weightinit.schemes.get_scheme`), the
biases start at zero. Everything is vectorized over the batch: a training step is one pass of
:mod:`weightinit.passes` (a handful of matrix products) on preallocated float32 buffers. An
activation that can run in place (see :class:`~weightinit.activations.Activation`) overwrites
its input, and the backward pass takes its derivative from the output; any other activation
keeps its pre-activations and is called as given. The loss reported by :meth:`MLP.train_step` is
the one of the forward pass that produced the gradients (the book computes it again after the
update).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from weightinit import passes
from weightinit._validation import (
    RngLike,
    check_bool,
    check_float_dtype,
    check_instance,
    check_interval,
    check_labels,
    check_matrix,
    check_real,
    check_rng,
    check_sizes,
    check_value,
)
from weightinit.activations import Activation, get_activation
from weightinit.batchnorm import BatchNorm
from weightinit.schemes import Scheme, get_scheme

__all__ = ["MLP", "SGD", "Gradients", "softmax_cross_entropy"]


def _check_labels(labels: ArrayLike, n_samples: int, n_classes: int) -> np.ndarray:
    return check_labels(labels, "labels", n_samples, n_classes=n_classes)


def softmax_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> tuple[float, np.ndarray]:
    r"""Mean softmax cross-entropy of a batch and its gradient with respect to the logits.

    With :math:`p = \operatorname{softmax}(s)` row by row, the loss is
    :math:`L = -\frac{1}{N}\sum_i \log p_{i, t_i}` and :math:`\partial L/\partial s =
    (p - \operatorname{onehot}(t)) / N`. The maximum of each row is subtracted first, so no
    exponential overflows, and :math:`\log p` is computed as :math:`s_{t} - \log\sum e^{s}`.

    Parameters
    ----------
    logits : array_like
        Scores, shape ``(n_samples, n_classes)``.
    labels : array_like of int
        Correct classes, shape ``(n_samples,)``, values in ``[0, n_classes)``.

    Returns
    -------
    loss : float
    gradient : numpy.ndarray
        :math:`\partial L/\partial s`, shape and floating dtype of ``logits``.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy(np.zeros((2, 10)), [3, 7])
    >>> round(loss, 4)  # ln 10: a uniform guess over ten classes
    2.3026
    >>> float(grad[0, 3]), float(grad[0, 0])
    (-0.45, 0.05)
    """
    s = np.array(logits, dtype=np.result_type(np.asarray(logits).dtype, np.float32))
    check_value(s.ndim == 2 and s.size > 0, "logits", "be a non-empty 2-D array", s.shape)
    t = _check_labels(labels, s.shape[0], s.shape[1])
    loss = passes.softmax_cross_entropy_into(s, t, 1.0)
    return float(loss), s


@dataclass(frozen=True)
class SGD:
    r"""Stochastic gradient descent, optionally with (heavy-ball) momentum.

    Without momentum, :math:`\theta \leftarrow \theta - \eta\, g`; with momentum :math:`\mu`,
    :math:`v \leftarrow \mu v + \eta\, g,\ \theta \leftarrow \theta - v` (velocities start at 0).

    Attributes
    ----------
    lr : float
        Learning rate :math:`\eta > 0`; the book uses 0.01.
    momentum : float
        :math:`\mu \in [0, 1)`; 0 is plain SGD.

    Examples
    --------
    >>> SGD(lr=0.01)
    SGD(lr=0.01, momentum=0.0)
    """

    lr: float = 0.01
    momentum: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lr", check_real(self.lr, "lr", positive=True))
        momentum = check_interval(self.momentum, "momentum", 0.0, 1.0, high_open=True)
        object.__setattr__(self, "momentum", momentum)


@dataclass(frozen=True)
class Gradients:
    r"""The loss of a batch and its gradients with respect to every parameter.

    Attributes
    ----------
    loss : float
        Mean cross-entropy of the batch.
    weights : list of numpy.ndarray
        :math:`\partial L/\partial W^{(\ell)}`, shaped like the weights.
    biases : list of numpy.ndarray
        :math:`\partial L/\partial b^{(\ell)}`, shaped like the biases.
    batchnorm : list of tuple of numpy.ndarray
        Per hidden layer, :math:`(\partial L/\partial\gamma, \partial L/\partial\beta)` of its
        batch-normalization layer; empty without batch normalization.
    """

    loss: float
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    batchnorm: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


class MLP:
    r"""A fully connected softmax classifier: ``sizes[0]`` inputs, ``sizes[-1]`` classes.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer including input and output, e.g. ``(784, 100, 100, 100, 100, 10)``.
    activation : str or Activation, default "relu"
        Activation of the hidden layers (the output layer feeds the softmax).
    init : str, Scheme or callable, default "he"
        Weight initialization scheme, e.g. ``"std=0.01"``, ``"xavier"``, ``"he"``.
    rng : numpy.random.Generator, int or None
        Source of randomness for the weights, or a seed for one.
    dtype : floating dtype, default numpy.float32
        Data type of parameters and computations.
    batchnorm : bool, optional
        Put a :class:`~weightinit.batchnorm.BatchNorm` layer after each hidden layer's product,
        before its activation (the book's section 6.3; Ioffe & Szegedy, 2015). Off by default:
        the book's network of section 6.2. Training steps use the minibatch's statistics;
        :meth:`forward`, :meth:`predict`, :meth:`accuracy` and :meth:`loss` use the running
        averages.

    Attributes
    ----------
    weights, biases : list of numpy.ndarray
        :math:`W^{(\ell)}` of shape ``(sizes[l], sizes[l + 1])`` and :math:`b^{(\ell)}`.
    batchnorms : list of weightinit.batchnorm.BatchNorm
        One per hidden layer with ``batchnorm=True``, else empty.

    Examples
    --------
    >>> net = MLP((4, 8, 3), activation="tanh", init="xavier", rng=0)
    >>> x = np.random.default_rng(1).random((5, 4), dtype=np.float32)
    >>> net.forward(x).shape
    (5, 3)
    >>> loss = net.train_step(x, np.array([0, 1, 2, 0, 1]), SGD(lr=0.1))
    >>> 0.5 < loss < 2.0
    True
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "relu",
        init: str | Scheme | Callable[..., np.ndarray] = "he",
        *,
        rng: RngLike = None,
        dtype: DTypeLike = np.float32,
        batchnorm: bool = False,
    ) -> None:
        batchnorm = check_bool(batchnorm, "batchnorm")
        self.sizes = check_sizes(sizes, "sizes", min_length=2)
        self.activation = get_activation(activation)
        self.scheme = get_scheme(init)
        self.dtype = check_float_dtype(dtype)
        generator = check_rng(rng)
        pairs = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        self.weights = [self.scheme((m, n), rng=generator, dtype=self.dtype) for m, n in pairs]
        self.biases = [np.zeros(n, dtype=self.dtype) for _, n in pairs]
        self.batchnorms = (
            [BatchNorm(n, dtype=self.dtype) for n in self.sizes[1:-1]] if batchnorm else []
        )
        self._grad_w = [np.empty_like(w) for w in self.weights]
        self._grad_b = [np.empty_like(b) for b in self.biases]
        self._velocity: list[np.ndarray] | None = None
        self._ones = np.ones(0, dtype=self.dtype)
        self._buffers: dict[int, tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]] = {}

    def _check_x(self, x: ArrayLike) -> np.ndarray:
        # no scan for NaN: train_step checks every batch, and a NaN input gives a NaN loss
        return check_matrix(x, "x", n_columns=self.sizes[0], dtype=self.dtype, finite=False)

    def _workspace(self, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
        # Per batch size: layer outputs and back-propagated gradients (reused).
        if n not in self._buffers:
            outs = [np.empty((n, k), dtype=self.dtype) for k in self.sizes[1:]]
            sent = [np.empty((n, k), dtype=self.dtype) for k in self.sizes[1:-1]]
            if len(self._buffers) >= 2:  # bounded memory: a training and an evaluation size
                self._buffers.pop(next(iter(self._buffers)))
            self._buffers[n] = (outs, sent)
            if len(self._ones) < n:
                self._ones = np.ones(n, dtype=self.dtype)
        return self._buffers[n]

    def _forward(self, x: np.ndarray, training: bool = True) -> passes.Forward:
        # Layer outputs h (the logits last) in the workspace; the hidden pre-activations z
        # are kept (new arrays, for f'(z)) only when the activation cannot run in place.
        outs, _ = self._workspace(x.shape[0])
        return passes.forward(
            x,
            self.weights,
            self.biases,
            self.activation,
            in_place=self.activation.in_place,
            out=outs,
            batchnorms=self.batchnorms,
            training=training,
        )

    def _backward(self, x: np.ndarray, labels: np.ndarray, scale: float) -> float:
        # Fills self._grad_w/_grad_b with scale * gradient; returns the loss before any update.
        run = self._forward(x)
        _, sent = self._workspace(x.shape[0])
        loss = passes.softmax_cross_entropy_into(run.outputs[-1], labels, scale)
        passes.backward(
            run,
            self.weights,
            self.activation,
            run.outputs[-1],
            biases=True,
            out=(self._grad_w, self._grad_b, sent),
            ones=self._ones,
            batchnorms=self.batchnorms,
        )
        return float(loss)

    def forward(self, x: ArrayLike) -> np.ndarray:
        """Return the logits (scores before the softmax), shape ``(n_samples, sizes[-1])``.

        With batch normalization, the running averages stand in for the batch statistics.
        """
        x = self._check_x(x)
        return self._forward(x, training=False).outputs[-1].copy()

    def predict(self, x: ArrayLike) -> np.ndarray:
        """Return the predicted class of each row of ``x``."""
        return np.argmax(self.forward(x), axis=1)

    def accuracy(self, x: ArrayLike, labels: ArrayLike) -> float:
        """Return the share of rows of ``x`` whose predicted class equals ``labels``."""
        x = self._check_x(x)
        t = _check_labels(labels, x.shape[0], self.sizes[-1])
        return float(np.mean(self.predict(x) == t))

    def loss(self, x: ArrayLike, labels: ArrayLike) -> float:
        """Return the mean softmax cross-entropy of the batch."""
        return softmax_cross_entropy(self.forward(x), labels)[0]

    def gradients(self, x: ArrayLike, labels: ArrayLike) -> Gradients:
        """Back-propagate one batch and return the loss and fresh copies of all gradients."""
        x = self._check_x(x)
        loss = self._backward(x, _check_labels(labels, x.shape[0], self.sizes[-1]), 1.0)
        return Gradients(
            loss,
            [g.copy() for g in self._grad_w],
            [g.copy() for g in self._grad_b],
            [(bn.grad_gamma.copy(), bn.grad_beta.copy()) for bn in self.batchnorms],
        )

    def train_step(self, x: ArrayLike, labels: ArrayLike, optimizer: SGD) -> float:
        """Take one SGD step on the batch and return its loss *before* the update.

        The arguments are checked on every call; the checks cost a few microseconds, well
        under 1 % of a step of the book's network, so training loops call this directly.
        """
        optimizer = check_instance(optimizer, "optimizer", SGD)
        x = self._check_x(x)
        labels = _check_labels(labels, x.shape[0], self.sizes[-1])
        # The learning rate is folded into the backward pass.
        loss = self._backward(x, labels, optimizer.lr)
        params = [*self.weights, *self.biases]
        grads = [*self._grad_w, *self._grad_b]
        if self.batchnorms:
            params += [p for bn in self.batchnorms for p in (bn.gamma, bn.beta)]
            grads += [g for bn in self.batchnorms for g in (bn.grad_gamma, bn.grad_beta)]
        if optimizer.momentum == 0.0:
            for p, g in zip(params, grads, strict=True):
                p -= g
            return loss
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self._velocity, strict=True):
            v *= optimizer.momentum
            v += g
            p -= v
        return loss
