r"""Each framework's default weight rule: the registry's entry of that framework.

Each function draws with the entry ``"pytorch"``, ``"keras"``, ``"flax"`` or ``"stax"`` of
:data:`weightinit.schemes.SCHEMES`, where its ``(scale, mode, distribution)`` is written once
(one call into :func:`~weightinit.initializers.variance_scaling`). Every function takes a
shape in the ``x @ W`` layout (``(n_in, n_out)`` or ``(kh, kw, in_channels, out_channels)``),
``rng`` and ``dtype``, like :mod:`weightinit.initializers`. The biases are the entries' too
(``Scheme.bias``); the table is in :mod:`weightinit.frameworks.defaults`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from weightinit._typing import Shape
from weightinit._validation import RngLike
from weightinit.schemes import SCHEMES

__all__ = ["flax_weight", "keras_weight", "pytorch_weight", "stax_weight"]


def pytorch_weight(
    shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    r"""PyTorch's default weights of ``nn.Linear`` and ``nn.Conv2d``.

    .. math::

        \begin{aligned}
        &W \sim \mathcal{U}\!\left(-\frac{1}{\sqrt{n_\text{in}}}, \frac{1}{\sqrt{n_\text{in}}}
        \right), \\
        &\operatorname{Var}(W) = \frac{1}{3\,n_\text{in}}.
        \end{aligned}

    Source: PyTorch 2.13.0, ``reset_parameters`` of ``torch.nn.Linear`` and
    ``torch.nn.modules.conv._ConvNd`` call ``init.kaiming_uniform_(weight, a=math.sqrt(5))``:
    gain :math:`\sqrt{2/(1 + 5)}` times :math:`\sqrt{3/n_\text{in}}`, which is
    :math:`1/\sqrt{n_\text{in}}`. Here: ``variance_scaling(shape, 1/3, "fan_in", "uniform")``,
    the entry ``"pytorch"`` of :data:`~weightinit.schemes.SCHEMES`.

    Parameters
    ----------
    shape : int or sequence of int
        ``x @ W`` layout, ``(n_in, n_out)`` or ``(kh, kw, in_channels, out_channels)``.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import math
    >>> w = pytorch_weight((784, 100), rng=0)
    >>> bool(abs(w).max() <= 1 / math.sqrt(784))
    True
    """
    return SCHEMES["pytorch"](shape, rng=rng, dtype=dtype)


def keras_weight(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""Keras' default kernel of ``Dense`` and ``Conv2D``: Glorot uniform.

    .. math::

        \begin{aligned}
        &W \sim \mathcal{U}(-\ell, \ell), \quad \ell = \sqrt{\frac{6}{n_\text{in} + n_\text{out}}},
        \\
        &\operatorname{Var}(W) = \frac{2}{n_\text{in} + n_\text{out}}.
        \end{aligned}

    Source: Keras 3.15.1, ``keras.layers.Dense`` and ``keras.layers.Conv2D`` default to
    ``kernel_initializer="glorot_uniform"``, ``VarianceScaling(1.0, "fan_avg", "uniform")``.

    Parameters
    ----------
    shape : int or sequence of int
        ``x @ W`` layout, Keras' own.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import math
    >>> w = keras_weight((300, 100), rng=0)
    >>> bool(abs(w).max() <= math.sqrt(6 / 400))
    True
    """
    return SCHEMES["keras"](shape, rng=rng, dtype=dtype)


def flax_weight(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""Flax's default kernel of ``nn.Dense`` and ``nn.Conv``: LeCun truncated normal.

    A normal of standard deviation :math:`\sigma / 0.8796\ldots`, cut at two of those standard
    deviations, so that after the cut

    .. math::

        \operatorname{Var}(W) = \sigma^2 = \frac{1}{n_\text{in}}.

    Source: Flax 0.12.8, ``flax.linen.linear.default_kernel_init = initializers.lecun_normal()``
    (``jax.nn.initializers.variance_scaling(1.0, "fan_in", "truncated_normal")``), also the
    default of ``flax.nnx.Linear`` and ``flax.nnx.Conv``.

    Parameters
    ----------
    shape : int or sequence of int
        ``x @ W`` layout, Flax's own.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import math
    >>> w = flax_weight((400, 300), rng=0)
    >>> bool(abs(w).max() <= 2 / 0.8796 / math.sqrt(400))  # cut at two std before correction
    True
    """
    return SCHEMES["flax"](shape, rng=rng, dtype=dtype)


def stax_weight(shape: Shape, *, rng: RngLike = None, dtype: DTypeLike = np.float64) -> np.ndarray:
    r"""JAX ``stax``'s default weights of ``Dense`` and ``Conv``: Glorot truncated normal.

    .. math::

        \operatorname{Var}(W) = \frac{2}{n_\text{in} + n_\text{out}},

    from a normal cut at two standard deviations and corrected by :math:`0.8796\ldots`.

    Source: JAX 0.10.2, ``jax.example_libraries.stax.Dense(out_dim, W_init=glorot_normal(),
    b_init=normal())`` and ``GeneralConv(..., W_init=None, b_init=normal(1e-6))`` with
    ``W_init = glorot_normal(in_axis, out_axis)`` of the ``HWIO`` kernel.
    ``jax.nn.initializers.normal()`` has standard deviation 0.01, so ``Dense``'s bias is
    :math:`\mathcal{N}(0, 10^{-4})` and ``Conv``'s :math:`\mathcal{N}(0, 10^{-12})`.

    Parameters
    ----------
    shape : int or sequence of int
        ``x @ W`` layout, ``stax``'s own.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> stax_weight((3, 3, 16, 32), rng=0).shape
    (3, 3, 16, 32)
    """
    return SCHEMES["stax"](shape, rng=rng, dtype=dtype)
