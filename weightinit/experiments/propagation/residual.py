r"""The forward variance of a residual network at initialization, three ways to start branches.

A **residual network** of :math:`B` blocks adds a **branch** :math:`f_b` to a running signal,

.. math::

    \begin{aligned}
    h^{(b)} &= h^{(b-1)} + f_b\!\left(h^{(b-1)}\right), \\
    f_b(h) &= \operatorname{ReLU}\!\left(h W_1^{(b)}\right) W_2^{(b)}, \\
    b &= 1, \dots, B,
    \end{aligned}

with square weights of width :math:`n`. :math:`W_1` is He-initialized (variance :math:`2/n`,
a ReLU follows) and :math:`W_2` has variance :math:`1/n` (its output is linear), so each
branch on its own keeps the second moment :math:`q = \mathbb{E}[h^2]` of its input. The three
choices of :func:`residual_forward` differ only in :math:`W_2`:

- ``"residual"``: as above. The branch's output is uncorrelated with its input, so the
  second moments add, :math:`q_b = 2\,q_{b-1}`, and :math:`q_B = 2^B q_0`.
- ``"residual-scaled"``: :math:`W_2` times :math:`1/\sqrt{B}` (GPT-2, Radford et al., 2019):
  :math:`q_b = (1 + 1/B)\,q_{b-1}`, so :math:`q_B = (1 + 1/B)^B q_0 < e\,q_0`.
- ``"residual-zero"``: :math:`W_2 = 0` (Fixup, Zhang et al., 2019; SkipInit, De & Smith, 2020,
  who zero a scalar multiplier instead): every block starts as the identity, :math:`q_B = q_0`,
  and the gradient still reaches :math:`W_2` because :math:`\operatorname{ReLU}(h W_1)` is not 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import RngLike, check_choice, check_count, check_matrix, check_rng
from weightinit.schemes import get_scheme

__all__ = ["BRANCH_INITS", "ResidualForward", "predicted_residual_moments", "residual_forward"]

#: The three ways to start a branch, keyed like the site's style map.
BRANCH_INITS = ("residual", "residual-scaled", "residual-zero")


@dataclass(frozen=True)
class ResidualForward:
    r"""Second moments of the running signal of a residual network, block by block.

    Attributes
    ----------
    moments : numpy.ndarray
        Shape ``(n_blocks + 1,)``: :math:`q_b = \mathbb{E}[h^{(b)2}]` over samples and units,
        from the input (:math:`b = 0`) to the output.
    branch_init : str
        One of :data:`BRANCH_INITS`.
    """

    moments: np.ndarray
    branch_init: str

    @property
    def n_blocks(self) -> int:
        """Number of blocks :math:`B`."""
        return len(self.moments) - 1


def predicted_residual_moments(n_blocks: int, branch_init: str) -> np.ndarray:
    r"""The predicted :math:`q_b / q_0` for :math:`b = 0, \dots, B` (see the module docstring).

    Parameters
    ----------
    n_blocks : int
        Number of blocks :math:`B`.
    branch_init : {"residual", "residual-scaled", "residual-zero"}
        How the last layer of each branch starts.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_blocks + 1,)``.

    Examples
    --------
    >>> predicted_residual_moments(3, "residual")
    array([1., 2., 4., 8.])
    >>> round(float(predicted_residual_moments(100, "residual-scaled")[-1]), 3)  # near e
    2.705
    """
    n_blocks = check_count(n_blocks, "n_blocks")
    check_choice(branch_init, "branch_init", BRANCH_INITS)
    growth = {"residual": 2.0, "residual-scaled": 1.0 + 1.0 / n_blocks, "residual-zero": 1.0}
    return growth[branch_init] ** np.arange(n_blocks + 1, dtype=float)


def residual_forward(
    x: ArrayLike,
    n_blocks: int = 50,
    branch_init: str = "residual",
    *,
    rng: RngLike = None,
) -> ResidualForward:
    """Send ``x`` through a fresh residual network of ReLU branches; record every block.

    Parameters
    ----------
    x : array_like
        Input rows, shape ``(n_samples, width)``; the width of every block.
    n_blocks : int, default 50
        Number of blocks :math:`B`.
    branch_init : {"residual", "residual-scaled", "residual-zero"}, default "residual"
        How the last layer of each branch starts (see the module docstring).
    rng : numpy.random.Generator, int or None
        Source of randomness for the weights, or a seed for one.

    Returns
    -------
    ResidualForward

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((500, 100))
    >>> run = residual_forward(x, 10, "residual", rng=1)
    >>> round(float(np.log2(run.moments[-1] / run.moments[0])))  # doubled 10 times
    10
    >>> float(residual_forward(x, 10, "residual-zero", rng=1).moments[-1] / run.moments[0])
    1.0
    """
    h = check_matrix(x, "x")
    n_blocks = check_count(n_blocks, "n_blocks")
    check_choice(branch_init, "branch_init", BRANCH_INITS)
    generator = check_rng(rng)
    width = h.shape[1]
    out_gain = {"residual": 1.0, "residual-scaled": 1.0 / math.sqrt(n_blocks), "residual-zero": 0}
    moments = np.empty(n_blocks + 1)
    moments[0] = np.mean(h * h)
    for block in range(1, n_blocks + 1):
        inner = get_scheme("he")((width, width), rng=generator)
        outer = get_scheme("lecun-untruncated")((width, width), rng=generator)
        outer = outer if out_gain[branch_init] == 1.0 else outer * out_gain[branch_init]
        h = h + np.maximum(h @ inner, 0.0) @ outer
        moments[block] = np.mean(h * h)
    return ResidualForward(moments, branch_init)
