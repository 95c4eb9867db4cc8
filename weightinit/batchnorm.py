r"""Batch normalization (Ioffe & Szegedy, 2015): the layer of the book's section 6.3.

A batch-normalization layer standardizes each unit over the minibatch, then applies a learned
scale :math:`\gamma` and shift :math:`\beta`. For a batch :math:`z` of shape
``(n_samples, n_features)`` and each feature :math:`j`,

.. math::

    \begin{aligned}
    \mu_j &= \frac{1}{N}\sum_i z_{ij}, \\
    \sigma_j^2 &= \frac{1}{N}\sum_i (z_{ij} - \mu_j)^2, \\
    \hat z_{ij} &= \frac{z_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}}, \\
    y_{ij} &= \gamma_j \hat z_{ij} + \beta_j .
    \end{aligned}

In training mode the batch statistics are used and folded into running averages,
:math:`m \leftarrow \rho\, m + (1 - \rho)\,\mu` (and the same for :math:`\sigma^2`); in
evaluation mode the running averages replace them, so a prediction does not depend on the
other samples of its batch. The backward pass, with :math:`g = \partial L/\partial y`, is

.. math::

    \begin{aligned}
    \frac{\partial L}{\partial \gamma_j} &= \sum_i g_{ij} \hat z_{ij}, \\
    \frac{\partial L}{\partial \beta_j} &= \sum_i g_{ij}, \\
    \frac{\partial L}{\partial z_{ij}} &= \frac{\gamma_j}{N\sqrt{\sigma_j^2 + \epsilon}} \\
    &\quad \cdot \Bigl(N g_{ij} - \frac{\partial L}{\partial \beta_j}
    - \hat z_{ij}\,\frac{\partial L}{\partial \gamma_j}\Bigr).
    \end{aligned}

Everything is vectorized over the batch and works in preallocated buffers, like
:class:`~weightinit.network.MLP`, which can put one of these layers after each hidden layer's
product (``z = h W + b``, then batch normalization, then the activation).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from weightinit._validation import (
    check_bool,
    check_count,
    check_float_dtype,
    check_interval,
    check_matrix,
    check_real,
    check_value,
)

__all__ = ["BatchNorm"]


class BatchNorm:
    r"""A batch-normalization layer over ``n_features`` units.

    Parameters
    ----------
    n_features : int
        Units per sample (columns of the input).
    momentum : float, default 0.9
        :math:`\rho \in [0, 1)` of the running averages (the book's 0.9; PyTorch's
        ``momentum=0.1`` is :math:`1 - \rho`).
    eps : float, default 1e-5
        :math:`\epsilon > 0`, added to the variance before the square root.
    dtype : floating dtype, default numpy.float32
        Data type of the parameters and of the computations.

    Attributes
    ----------
    gamma, beta : numpy.ndarray
        Learned scale (starts at 1) and shift (starts at 0), shape ``(n_features,)``.
    running_mean, running_var : numpy.ndarray
        Running averages of the batch statistics (start at 0 and 1), used in evaluation mode.
    grad_gamma, grad_beta : numpy.ndarray
        :math:`\partial L/\partial\gamma` and :math:`\partial L/\partial\beta` of the last
        :meth:`backward`.

    Examples
    --------
    >>> bn = BatchNorm(3)
    >>> z = np.random.default_rng(0).normal(5.0, 2.0, (100, 3))
    >>> y = bn.forward(z)
    >>> y.dtype, np.abs(y.mean(axis=0)).max() < 1e-5, np.abs(y.std(axis=0) - 1).max() < 1e-3
    (dtype('float32'), np.True_, np.True_)
    >>> grad = bn.backward(np.ones_like(y))  # a constant upstream gradient cancels out
    >>> bool(np.allclose(grad, 0, atol=1e-5))
    True
    """

    def __init__(
        self,
        n_features: int,
        momentum: float = 0.9,
        eps: float = 1e-5,
        *,
        dtype: DTypeLike = np.float32,
    ) -> None:
        self.n_features = check_count(n_features, "n_features")
        self.momentum = check_interval(momentum, "momentum", 0.0, 1.0, high_open=True)
        self.eps = check_real(eps, "eps", positive=True)
        self.dtype = check_float_dtype(dtype)
        k = self.n_features
        self.gamma = np.ones(k, dtype=self.dtype)
        self.beta = np.zeros(k, dtype=self.dtype)
        self.running_mean = np.zeros(k, dtype=self.dtype)
        self.running_var = np.ones(k, dtype=self.dtype)
        self.grad_gamma = np.zeros(k, dtype=self.dtype)
        self.grad_beta = np.zeros(k, dtype=self.dtype)
        self._mean = np.empty(k, dtype=self.dtype)
        self._var = np.empty(k, dtype=self.dtype)
        self._inv_std = np.empty(k, dtype=self.dtype)
        self._row = np.empty(k, dtype=self.dtype)
        self._ones = np.ones(0, dtype=self.dtype)
        self._normalized: dict[int, np.ndarray] = {}  # z-hat per batch size, for backward
        self._last: np.ndarray | None = None

    # --- the trusted, in-place passes the MLP calls ------------------------------------------

    def _buffer(self, n: int) -> np.ndarray:
        if n not in self._normalized:
            if len(self._normalized) >= 2:  # bounded memory: a training and an evaluation size
                self._normalized.pop(next(iter(self._normalized)))
            self._normalized[n] = np.empty((n, self.n_features), dtype=self.dtype)
            if len(self._ones) < n:
                self._ones = np.ones(n, dtype=self.dtype)
        return self._normalized[n]

    def _forward_into(self, z: np.ndarray, training: bool) -> None:
        """Overwrite ``z`` (n, k) with the layer's output; keep z-hat for the backward pass."""
        if not training:
            z -= self.running_mean
            np.add(self.running_var, self.eps, out=self._row)
            np.sqrt(self._row, out=self._row)
            np.divide(self.gamma, self._row, out=self._row)
            z *= self._row
            z += self.beta
            return
        n = z.shape[0]
        normalized = self._buffer(n)
        ones = self._ones[:n]
        np.matmul(ones, z, out=self._mean)  # column sums as one matrix-vector product
        self._mean /= n
        z -= self._mean
        np.multiply(z, z, out=normalized)  # scratch: squared deviations
        np.matmul(ones, normalized, out=self._var)
        self._var /= n
        self.running_mean *= self.momentum
        self.running_mean += (1.0 - self.momentum) * self._mean
        self.running_var *= self.momentum
        self.running_var += (1.0 - self.momentum) * self._var
        np.add(self._var, self.eps, out=self._inv_std)
        np.sqrt(self._inv_std, out=self._inv_std)
        np.reciprocal(self._inv_std, out=self._inv_std)
        np.multiply(z, self._inv_std, out=normalized)  # z-hat, kept for backward
        np.multiply(normalized, self.gamma, out=z)
        z += self.beta
        self._last = normalized

    def _backward_into(self, g: np.ndarray) -> None:
        """Overwrite ``g`` = dL/dy (n, k) with dL/dz; fill ``grad_gamma`` and ``grad_beta``.

        Uses up the z-hat of the last training forward pass (one backward per forward).
        """
        n = g.shape[0]
        normalized = self._last
        self._last = None
        np.matmul(self._ones[:n], g, out=self.grad_beta)
        np.einsum("ij,ij->j", g, normalized, out=self.grad_gamma)  # no n x k temporary
        g *= n
        g -= self.grad_beta
        normalized *= self.grad_gamma
        g -= normalized
        np.multiply(self.gamma, self._inv_std, out=self._row)
        self._row /= n
        g *= self._row

    # --- the public, validated API -----------------------------------------------------------

    def _check(self, z: ArrayLike, name: str) -> np.ndarray:
        array = check_matrix(z, name, n_columns=self.n_features, dtype=self.dtype)
        return array.copy()  # a copy: the passes work in place

    def forward(self, z: ArrayLike, *, training: bool = True) -> np.ndarray:
        """Return the normalized, scaled and shifted batch; in training, update the averages.

        Parameters
        ----------
        z : array_like
            Shape ``(n_samples, n_features)``; in training mode at least two samples.
        training : bool, optional
            Batch statistics (True, the default) or the running averages (False).

        Returns
        -------
        numpy.ndarray
            Same shape, the layer's dtype.
        """
        training = check_bool(training, "training")
        out = self._check(z, "z")
        check_value(
            not training or out.shape[0] >= 2, "z", "have at least two samples in training mode"
        )
        self._forward_into(out, training)
        return out

    def backward(self, grad: ArrayLike) -> np.ndarray:
        """Return dL/dz for dL/dy = ``grad``, after a training-mode :meth:`forward`."""
        if self._last is None:
            raise RuntimeError("backward needs a training-mode forward pass first")
        g = self._check(grad, "grad")
        rule = f"have the shape of the last forward batch {self._last.shape}"
        check_value(g.shape == self._last.shape, "grad", rule, g.shape)
        self._backward_into(g)
        return g
