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

from weightinit import passes
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

    def train_step(self, x: np.ndarray, labels: np.ndarray, optimizer: SGD) -> np.ndarray:
        """One SGD step of every network; return each network's loss before the update.

        ``x`` has shape ``(count, batch, inputs)``, ``labels`` ``(count, batch)``.
        """
        outs, sent = self._workspace(x.shape[1])
        run = passes.forward(x, self.weights, self.biases, self.activation, in_place=True, out=outs)
        loss = passes.softmax_cross_entropy_into(outs[-1], labels, optimizer.lr)
        ones = np.ones((self.count, 1, x.shape[1]), dtype=self.dtype)
        passes.backward(
            run,
            self.weights,
            self.activation,
            outs[-1],
            biases=True,
            out=(self._grad_w, self._grad_b, sent),
            ones=ones,
        )
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
