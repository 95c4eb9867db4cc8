r"""Whole layers as each framework initializes them, and the conversion between layouts.

weightinit's layout is ``x @ W``: a dense weight has shape ``(n_in, n_out)`` and a 2-D
convolution kernel ``(kh, kw, in_channels, out_channels)``. Keras, Flax and ``stax`` store
exactly that; PyTorch stores the transpose, ``(out, in)`` and
``(out_channels, in_channels, kh, kw)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike

from weightinit._validation import RngLike, check_rng, check_shape, check_value
from weightinit.fans import compute_fans
from weightinit.frameworks.defaults import get_default


def init_dense(
    framework: str,
    n_in: int,
    n_out: int,
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw a dense layer's weight and bias as ``framework`` does by default.

    See the list in the module notes: PyTorch draws both weight and bias uniformly, Keras,
    Flax and ``stax`` draw the weights by Glorot uniform, LeCun truncated normal and Glorot
    truncated normal.

    PyTorch's ``kaiming_uniform_(a=√5)`` has gain :math:`\sqrt{2/(1+5)}` and bound
    :math:`\text{gain}\sqrt{3/n_\text{in}} = 1/\sqrt{n_\text{in}}`, i.e. it is
    ``variance_scaling(scale=1/3, mode="fan_in", distribution="uniform")``. The sources, by
    framework version, are in :data:`~weightinit.frameworks.defaults.DEFAULTS`.

    Parameters
    ----------
    framework : {"pytorch", "keras", "flax", "stax"}
        Whose default to reproduce.
    n_in, n_out : int
        Input and output features.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    weight : numpy.ndarray
        Shape ``(n_in, n_out)``; ``to_framework_layout(weight, framework)`` gives the
        framework's own layout.
    bias : numpy.ndarray
        Shape ``(n_out,)``.

    Examples
    --------
    >>> import math
    >>> w, b = init_dense("pytorch", 400, 300, rng=0)
    >>> w.shape, b.shape, to_framework_layout(w, "pytorch").shape
    ((400, 300), (300,), (300, 400))
    >>> bool(abs(w).max() <= 1 / math.sqrt(400) and abs(b).max() <= 1 / math.sqrt(400))
    True
    >>> round(float(w.var() * 3 * 400), 1)  # Var(W) = 1 / (3 n_in)
    1.0
    """
    return _init_layer(framework, "dense", (n_in, n_out), rng, dtype)


def init_conv2d(
    framework: str,
    kernel_size: int | Sequence[int],
    in_channels: int,
    out_channels: int,
    *,
    rng: RngLike = None,
    dtype: DTypeLike = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw a 2-D convolution's kernel and bias as ``framework`` does by default.

    The weights follow the same rule as :func:`init_dense` with the convolution's fans,
    :math:`n_\text{in} = k_h k_w \cdot \text{in_channels}` and
    :math:`n_\text{out} = k_h k_w \cdot \text{out_channels}`. The bias is PyTorch's
    :math:`\mathcal{U}(\pm 1/\sqrt{n_\text{in}})`, zero in Keras and Flax, and
    :math:`\mathcal{N}(0, 10^{-12})` in ``stax.Conv`` (std :math:`10^{-6}`).

    Parameters
    ----------
    framework : {"pytorch", "keras", "flax", "stax"}
        Whose default to reproduce.
    kernel_size : int or (int, int)
        ``(kh, kw)``; an int means a square kernel.
    in_channels, out_channels : int
        Input and output channels.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one.
    dtype : floating dtype, default numpy.float64
        Data type of the result.

    Returns
    -------
    kernel : numpy.ndarray
        Shape ``(kh, kw, in_channels, out_channels)``.
    bias : numpy.ndarray
        Shape ``(out_channels,)``.

    Examples
    --------
    >>> import math
    >>> k, b = init_conv2d("pytorch", 3, 16, 32, rng=0)
    >>> k.shape, to_framework_layout(k, "pytorch").shape
    ((3, 3, 16, 32), (32, 16, 3, 3))
    >>> bool(abs(k).max() <= 1 / math.sqrt(3 * 3 * 16))  # fan_in = 144
    True
    """
    sizes = check_shape(kernel_size, "kernel_size")
    if len(sizes) == 1 and not isinstance(kernel_size, Sequence):  # an int: a square kernel
        sizes = sizes * 2
    rule = "be a positive int or a pair of them"
    check_value(len(sizes) == 2 and 0 not in sizes, "kernel_size", rule, sizes)
    shape = (*sizes, *check_shape((in_channels, out_channels), "in_channels and out_channels"))
    return _init_layer(framework, "conv2d", shape, rng, dtype)


def _init_layer(
    framework: str, layer: str, shape: tuple[int, ...], rng: RngLike, dtype: DTypeLike
) -> tuple[np.ndarray, np.ndarray]:
    default = get_default(framework)
    fan_in, _ = compute_fans(shape)
    generator = check_rng(rng)
    weight = default.initializer(shape, rng=generator, dtype=dtype)
    bias = default.bias_for(layer).draw(shape[-1], fan_in, generator, dtype)
    return weight, bias


def to_framework_layout(weight: np.ndarray, framework: str) -> np.ndarray:
    """Return a weight in ``x @ W`` layout as ``framework`` stores it.

    PyTorch's layout is the transpose: ``(n_in, n_out) -> (n_out, n_in)`` and
    ``(kh, kw, in, out) -> (out, in, kh, kw)``. Keras, Flax and ``stax`` store the weight as is
    (a view is returned for all frameworks; copy it before writing into it).

    Parameters
    ----------
    weight : numpy.ndarray
        At least two dimensions, ``(*kernel, fan_in, fan_out)``.
    framework : {"pytorch", "keras", "flax", "stax"}
        The target framework.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> to_framework_layout(np.zeros((3, 3, 16, 32)), "pytorch").shape
    (32, 16, 3, 3)
    >>> to_framework_layout(np.zeros((3, 3, 16, 32)), "keras").shape
    (3, 3, 16, 32)
    """
    return _pytorch_moves(weight, framework, (-1, -2), (0, 1))


def from_framework_layout(weight: np.ndarray, framework: str) -> np.ndarray:
    """Return a weight stored by ``framework`` in the ``x @ W`` layout (inverse of the above).

    Parameters
    ----------
    weight : numpy.ndarray
        At least two dimensions, in the framework's layout.
    framework : {"pytorch", "keras", "flax", "stax"}
        The framework it comes from.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> from_framework_layout(np.zeros((32, 16, 3, 3)), "pytorch").shape
    (3, 3, 16, 32)
    """
    return _pytorch_moves(weight, framework, (0, 1), (-1, -2))


def _pytorch_moves(
    weight: object, framework: str, source: tuple[int, int], destination: tuple[int, int]
) -> np.ndarray:
    # PyTorch alone stores (out, in, *kernel): its two matrix axes move; the others' do not
    array = np.asarray(weight)
    check_value(array.ndim >= 2, "weight", "have at least 2 dimensions", array.shape)
    if get_default(framework).key != "pytorch":
        return array
    return np.moveaxis(array, source, destination)
