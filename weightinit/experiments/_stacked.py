"""Many MLPs of one shape trained as one: every array gains a leading axis, one slice a network.

Private to :mod:`weightinit.experiments`. Networks with narrow layers (64 units, minibatches of
64, as in the depth page's sweep) spend most of a training step in the interpreter, not in
arithmetic: a step of one network is a few dozen numpy calls on small arrays. Stacking ``G``
networks along a leading axis makes each call do ``G`` networks' work. Each slice computes
exactly what :meth:`weightinit.network.MLP.train_step` computes for its network, operation by
operation (``np.matmul`` multiplies a stack slice by slice, with the same BLAS call), so the
losses and weights are those of the networks trained one by one
(``tests/test_experiments_training.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from weightinit._validation import check_value
from weightinit.network import MLP, SGD


class StackedMLP:
    """The networks ``nets`` (same sizes, activation and dtype, no batch normalization)."""

    def __init__(self, nets: Sequence[MLP]) -> None:
        first = nets[0]
        alike = all(
            net.sizes == first.sizes
            and net.activation is first.activation
            and net.dtype == first.dtype
            and not net.batchnorms
            for net in nets
        )
        check_value(alike, "nets", "share sizes, activation and dtype, without batch norm")
        check_value(first.activation.in_place, "nets", "use an activation that runs in place")
        self.sizes, self.activation, self.dtype = first.sizes, first.activation, first.dtype
        self.count = len(nets)
        self.weights = [np.stack(layer) for layer in zip(*(n.weights for n in nets), strict=True)]
        self.biases = [np.stack(layer) for layer in zip(*(n.biases for n in nets), strict=True)]
        self._grad_w = [np.empty_like(w) for w in self.weights]
        self._grad_b = [np.empty_like(b) for b in self.biases]
        self._velocity = [np.zeros_like(p) for p in (*self.weights, *self.biases)]
        self._buffers: tuple[int, list[np.ndarray], list[np.ndarray]] | None = None

    def _workspace(self, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
        if self._buffers is None or self._buffers[0] != n:
            g = self.count
            outs = [np.empty((g, n, k), dtype=self.dtype) for k in self.sizes[1:]]
            sent = [np.empty((g, n, k), dtype=self.dtype) for k in self.sizes[1:-1]]
            self._buffers = (n, outs, sent)
        return self._buffers[1], self._buffers[2]

    def _loss_into(self, logits: np.ndarray, labels: np.ndarray, scale: float) -> np.ndarray:
        # weightinit.network._softmax_cross_entropy_into, for each slice
        g, n, _ = logits.shape
        stack, rows = np.arange(g)[:, None], np.arange(n)[None, :]
        logits -= logits.max(axis=2, keepdims=True)
        correct = logits[stack, rows, labels]
        np.exp(logits, out=logits)
        totals = logits.sum(axis=2, keepdims=True)
        loss = np.mean(np.log(totals[:, :, 0]) - correct, axis=1, dtype=np.float64)
        step = scale / n
        logits *= step / totals
        logits[stack, rows, labels] -= step
        return loss

    def train_step(self, x: np.ndarray, labels: np.ndarray, optimizer: SGD) -> np.ndarray:
        """One SGD step of every network; return each network's loss before the update.

        ``x`` has shape ``(count, batch, inputs)``, ``labels`` ``(count, batch)``.
        """
        outs, sent = self._workspace(x.shape[1])
        act = self.activation
        h = x
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = outs[layer]
            np.matmul(h, w, out=z)
            z += b[:, None, :]
            if layer < len(outs) - 1:
                act.forward_in_place(z)
            h = z
        loss = self._loss_into(outs[-1], labels, optimizer.lr)
        delta = outs[-1]
        ones = np.ones((self.count, 1, x.shape[1]), dtype=self.dtype)
        for layer in range(len(self.weights) - 1, -1, -1):
            below = x if layer == 0 else outs[layer - 1]
            np.matmul(below.transpose(0, 2, 1), delta, out=self._grad_w[layer])
            np.matmul(ones, delta, out=self._grad_b[layer][:, None, :])
            if layer == 0:
                break
            g = sent[layer - 1]
            np.matmul(delta, self.weights[layer].transpose(0, 2, 1), out=g)
            act.backward_from_output(g, below)
            delta = g
        params = [*self.weights, *self.biases]
        grads = [*self._grad_w, *self._grad_b]
        for p, grad, v in zip(params, grads, self._velocity, strict=True):
            if optimizer.momentum == 0.0:
                p -= grad
            else:
                v *= optimizer.momentum
                v += grad
                p -= v
        return loss
