"""The two numbers every scaled initializer is built from: the fans and the gain.

Weight layout
-------------
``weightinit`` follows the ``x @ W`` convention of Keras and JAX. A dense weight has shape
``(fan_in, fan_out)``; a convolution kernel has shape ``(*kernel, in_channels, out_channels)``,
and its receptive field is the product of the kernel dimensions. PyTorch stores the transpose:
a ``torch.nn.Linear`` weight is ``(out_features, in_features)`` and a convolution weight is
``(out_channels, in_channels, *kernel)``. To use an array from ``weightinit`` in PyTorch,
convert it with ``W.T`` (dense) or ``np.moveaxis(W, (-1, -2), (0, 1))`` (convolution).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from weightinit._validation import check_choice, check_real, check_shape, check_value

__all__ = ["NONLINEARITIES", "calculate_gain", "compute_fans"]

#: Names accepted by :func:`calculate_gain`, as in :func:`torch.nn.init.calculate_gain`.
NONLINEARITIES: tuple[str, ...] = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
)


def compute_fans(shape: int | Sequence[int]) -> tuple[int, int]:
    r"""Return the fan-in and fan-out of a weight of the given shape.

    For a dense weight of shape ``(n_in, n_out)`` the fans are ``n_in`` and ``n_out``. For a
    convolution kernel of shape ``(*kernel, in_channels, out_channels)`` each fan is multiplied
    by the receptive field size :math:`r = \prod_i k_i`, the product of the kernel sizes
    :math:`k_i`; with :math:`c_\text{in}` = ``in_channels`` and :math:`c_\text{out}` =
    ``out_channels``,

    .. math::

        n_\text{in} = r \, c_\text{in}, \qquad
        n_\text{out} = r \, c_\text{out}.

    Parameters
    ----------
    shape : int or sequence of int
        Shape of the weight, in the ``x @ W`` layout (see the module notes). At least two
        dimensions.

    Returns
    -------
    fan_in : int
        Number of inputs feeding each output unit.
    fan_out : int
        Number of outputs each input feeds.

    Raises
    ------
    ValueError
        If ``shape`` has fewer than two dimensions, a negative dimension, or a zero fan.
    TypeError
        If ``shape`` is not an int or a sequence of ints.

    Notes
    -----
    PyTorch's ``_calculate_fan_in_and_fan_out`` gives the same numbers for the transposed
    layout ``(out, in, *kernel)``.

    Examples
    --------
    >>> compute_fans((784, 100))
    (784, 100)
    >>> compute_fans((3, 3, 16, 32))  # a 3x3 convolution from 16 to 32 channels
    (144, 288)
    """
    dims = check_shape(shape)
    rule = "have at least 2 dimensions to define fan_in and fan_out"
    check_value(len(dims) >= 2, "shape", rule, dims)
    receptive_field = math.prod(dims[:-2])
    fan_in = dims[-2] * receptive_field
    fan_out = dims[-1] * receptive_field
    check_value(fan_in > 0 and fan_out > 0, "shape", "give non-zero fan_in and fan_out", dims)
    return fan_in, fan_out


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""Return the recommended gain for a nonlinearity, as :func:`torch.nn.init.calculate_gain`.

    The gain multiplies the standard deviation of an initializer so that the nonlinearity
    keeps the variance of the signal from layer to layer.

    ================= =====================================================
    nonlinearity      gain
    ================= =====================================================
    linear, conv*     :math:`1`
    sigmoid           :math:`1`
    tanh              :math:`5/3`
    relu              :math:`\sqrt{2}`
    leaky_relu        :math:`\sqrt{2 / (1 + a^2)}`, slope :math:`a` = ``param``
    selu              :math:`3/4`
    ================= =====================================================

    Parameters
    ----------
    nonlinearity : str
        One of :data:`NONLINEARITIES`.
    param : float, optional
        Negative slope :math:`a` of ``"leaky_relu"`` (default 0.01); ignored otherwise.

    Returns
    -------
    float
        The gain.

    Raises
    ------
    ValueError
        If ``nonlinearity`` is unknown or ``param`` is not finite.
    TypeError
        If ``nonlinearity`` is not a str or ``param`` is not a real number.

    Examples
    --------
    >>> calculate_gain("relu")
    1.4142135623730951
    >>> calculate_gain("tanh")
    1.6666666666666667
    >>> round(calculate_gain("leaky_relu", 0.2), 6)
    1.386750
    """
    check_choice(nonlinearity, "nonlinearity", NONLINEARITIES)
    if nonlinearity in ("tanh",):
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "selu":
        return 3.0 / 4.0
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else check_real(param, "param (negative slope)")
        if abs(slope) > 1e150:  # slope**2 would overflow; sqrt(2) / |slope| to double precision
            return math.sqrt(2.0) / math.hypot(1.0, slope)
        return math.sqrt(2.0 / (1.0 + slope**2))  # PyTorch's formula, bit for bit
    return 1.0
