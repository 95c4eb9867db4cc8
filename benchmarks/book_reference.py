"""A plain reference trainer in the style of the book's ``common/`` code (Saito, 2016).

Written for the benchmark, not copied: layer objects (``Affine``, ``Relu``,
``SoftmaxWithLoss``) kept in an ordered dict, parameters in a dict of float64 arrays,
a separate ``gradient`` pass, the loss with its (here zero) weight-decay term, and, as in
``ch06/weight_init_compare.py``, the loss of each minibatch computed *again* after the update.
Only the benchmark uses it.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class SoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx / batch_size


class MultiLayerNet:
    """Fully connected ReLU network; ``weights`` are the initial weights (float64 copies)."""

    def __init__(self, weights, weight_decay_lambda=0.0):
        self.weight_decay_lambda = weight_decay_lambda
        self.params = {}
        for i, w in enumerate(weights, start=1):
            self.params[f"W{i}"] = np.array(w, dtype=np.float64)
            self.params[f"b{i}"] = np.zeros(w.shape[1])
        self.n_layers = len(weights)
        self.layers = OrderedDict()
        for i in range(1, self.n_layers + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < self.n_layers:
                self.layers[f"Activation_function{i}"] = Relu()
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        weight_decay = 0.0
        for i in range(1, self.n_layers + 1):
            weight_decay += 0.5 * self.weight_decay_lambda * np.sum(self.params[f"W{i}"] ** 2)
        return self.last_layer.forward(y, t) + weight_decay

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, self.n_layers + 1):
            affine = self.layers[f"Affine{i}"]
            grads[f"W{i}"] = affine.dW + self.weight_decay_lambda * affine.W
            grads[f"b{i}"] = affine.db
        return grads


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


def train(x, t, initial_weights, batches, lr=0.01):
    """Train one network per entry of ``initial_weights`` on ``batches``; return the losses."""
    networks = {name: MultiLayerNet(w) for name, w in initial_weights.items()}
    optimizer = SGD(lr)
    losses = {name: [] for name in networks}
    for rows in batches:
        x_batch, t_batch = x[rows], t[rows]
        for name, network in networks.items():
            grads = network.gradient(x_batch, t_batch)
            optimizer.update(network.params, grads)
            losses[name].append(network.loss(x_batch, t_batch))
    return {name: np.array(v) for name, v in losses.items()}
