r"""Forward and backward spread per layer, for every initialization and activation at once.

The front page of the site sums the lecture up in one figure: how the standard deviation of
the activations (forward) and of the back-propagated gradients (backward) changes with depth,
for each combination of a weight scheme and an activation function. :func:`depth_profiles`
computes it from :func:`~weightinit.experiments.propagation.stacks.forward_stack` and
:func:`~weightinit.experiments.propagation.stacks.backward_stack`;
:mod:`weightinit.plotting.summary`
draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from weightinit._validation import RngLike, check_choice, check_int, check_names, check_rng
from weightinit.activations import get_activation
from weightinit.experiments.propagation.stacks import backward_stack, forward_stack, layer_std
from weightinit.schemes import get_scheme

__all__ = ["DepthProfiles", "depth_profiles"]

_DIRECTIONS = ("forward", "backward")


@dataclass(frozen=True)
class DepthProfiles:
    r"""Standard deviations per layer for each (scheme, activation) pair.

    Attributes
    ----------
    inits : tuple of str
        The scheme names, in the order of the first axis of the arrays.
    activations : tuple of str
        The activation names, in the order of the second axis.
    forward : numpy.ndarray
        Shape ``(len(inits), len(activations), n_layers)``: the standard deviation of the
        activations :math:`x^{(\ell)}` of layer :math:`\ell = 1, \dots, L` (index 0 is layer 1),
        averaged over the networks.
    backward : numpy.ndarray
        Same shape: the standard deviation of :math:`\partial L / \partial x^{(\ell-1)}`, the
        gradient that layer :math:`\ell` sends to its input, for a standard-normal gradient fed
        in at the top; averaged over the networks.
    """

    inits: tuple[str, ...]
    activations: tuple[str, ...]
    forward: np.ndarray
    backward: np.ndarray

    @property
    def n_layers(self) -> int:
        """Number of layers :math:`L`."""
        return int(self.forward.shape[-1])

    def get(self, init: str, activation: str, direction: str = "forward") -> np.ndarray:
        """Return the per-layer standard deviations of one pair, ``"forward"`` or ``"backward"``.

        Examples
        --------
        >>> p = depth_profiles(["he"], ["relu"], n_layers=3, n_samples=200, rng=0)
        >>> p.get("he", "relu", "backward").shape
        (3,)
        """
        check_choice(direction, "direction", _DIRECTIONS)
        check_choice(init, "init", self.inits)
        check_choice(activation, "activation", self.activations)
        table = self.forward if direction == "forward" else self.backward
        return table[self.inits.index(init), self.activations.index(activation)]

    def change(self, init: str, activation: str, direction: str = "forward") -> float:
        """Return the factor by which one pair's spread changes over the stack.

        In the signal's direction of travel: last layer over first for ``"forward"``, first over
        last for ``"backward"`` (the gradient enters at the top). Below 1 the signal shrinks.

        Examples
        --------
        Weights of std 0.01 in layers of 100 units: a tenth per layer both ways, 0.01 over two.

        >>> p = depth_profiles(["std=0.01"], ["tanh"], n_layers=3, n_samples=200, rng=0)
        >>> p.change("std=0.01", "tanh"), p.change("std=0.01", "tanh", "backward")
        (0.01, 0.01)
        """
        stds = self.get(init, activation, direction)
        return float(stds[-1] / stds[0] if direction == "forward" else stds[0] / stds[-1])


def _names(values: object, name: str) -> tuple[str, ...]:
    return check_names(values, name)


def depth_profiles(
    inits: Sequence[str] = ("std=0.01", "std=1", "xavier-book", "he"),
    activations: Sequence[str] = ("sigmoid", "tanh", "relu"),
    n_layers: int = 10,
    width: int = 100,
    *,
    n_samples: int = 500,
    n_seeds: int = 2,
    rng: RngLike = None,
) -> DepthProfiles:
    """Measure the forward and backward standard deviation per layer for every pair.

    For each scheme and activation, ``n_seeds`` stacks of ``n_layers`` bias-free layers of
    ``width`` units are fed a standard-normal input of ``n_samples`` rows, and a
    standard-normal gradient is back-propagated from the top. The standard deviations of each
    layer's activations and of the gradient it sends down are averaged over the stacks.

    Parameters
    ----------
    inits : sequence of str, default ("std=0.01", "std=1", "xavier-book", "he")
        Scheme names of :func:`~weightinit.schemes.get_scheme`.
    activations : sequence of str, default ("sigmoid", "tanh", "relu")
        Activation names of :func:`~weightinit.activations.get_activation`.
    n_layers : int, default 10
        Layers per stack.
    width : int, default 100
        Units per layer, and features of the input.
    n_samples : int, default 500
        Input rows per stack.
    n_seeds : int, default 2
        Independent stacks per pair.
    rng : numpy.random.Generator, int or None
        Source of randomness, or a seed for one. Every pair gets its own stream spawned from
        it, so adding a pair does not change the others.

    Returns
    -------
    DepthProfiles

    Raises
    ------
    TypeError
        If ``inits`` or ``activations`` is not a sequence of names.
    ValueError
        If a name is unknown or repeated, or a count is not a positive int.

    Examples
    --------
    >>> p = depth_profiles(["std=0.01", "he"], ["relu"], n_layers=5, rng=0)
    >>> he = p.get("he", "relu")
    >>> bool(0.5 < he[-1] / he[0] < 2)  # He keeps the ReLU signal's size
    True
    >>> small = p.get("std=0.01", "relu")
    >>> bool(small[-1] < 1e-3 * small[0])  # weights of std 0.01 shrink it layer by layer
    True
    """
    init_names = _names(inits, "inits")
    activation_names = _names(activations, "activations")
    schemes = [get_scheme(name) for name in init_names]
    functions = [get_activation(name) for name in activation_names]
    n_layers = check_int(n_layers, "n_layers", minimum=1)
    width = check_int(width, "width", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    n_seeds = check_int(n_seeds, "n_seeds", minimum=1)
    streams = iter(check_rng(rng).spawn(len(schemes) * len(functions)))
    shape = (len(schemes), len(functions), n_layers)
    forward, backward = np.zeros(shape), np.zeros(shape)
    for i, scheme in enumerate(schemes):
        for j, activation in enumerate(functions):
            stream = next(streams)
            for _ in range(n_seeds):
                x = stream.standard_normal((n_samples, width))
                run = forward_stack(x, n_layers, width, scheme, activation, rng=stream)
                grads = backward_stack(run, rng=stream).activation_gradients
                forward[i, j] += layer_std(run.activations) / n_seeds
                backward[i, j] += layer_std(grads) / n_seeds
    return DepthProfiles(init_names, activation_names, forward, backward)
