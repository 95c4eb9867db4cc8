r"""Starting a deep ReLU network: He, PyTorch's default and LSUV, side by side.

:func:`compare_deep_relu_starts` builds one deep :class:`~weightinit.network.MLP` per way of
starting it, measures the variance of every layer's output on a batch
(:func:`~weightinit.lsuv.layer_output_variances`), then trains each on the same minibatches.
The starts, keyed like the site's style map:

- ``"he"``: normal weights of variance :math:`2/n_\text{in}` (He et al., 2015);
- ``"pytorch"``: :math:`\mathcal{U}(-1/\sqrt{n_\text{in}}, 1/\sqrt{n_\text{in}})`, the default of
  ``torch.nn.Linear`` (variance :math:`1/(3 n_\text{in})`; its biases, uniform too there,
  start at zero here, as in every network of this package);
- ``"lsuv"``: orthogonal weights rescaled layer by layer on the first minibatch
  (:func:`~weightinit.lsuv.lsuv`, Mishkin & Matas, 2016).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from weightinit._validation import check_classes, check_count, check_data, check_names, check_seed
from weightinit.experiments._training import Job, train_side_by_side
from weightinit.experiments.training.mnist import minibatches, seed_streams
from weightinit.lsuv import layer_output_variances, lsuv
from weightinit.network import MLP, SGD
from weightinit.schemes import SCHEMES

__all__ = ["DEEP_RELU_STARTS", "DeepReluStarts", "compare_deep_relu_starts"]

#: The starts :func:`compare_deep_relu_starts` compares by default, entries of
#: :data:`~weightinit.schemes.SCHEMES` (any other entry is a start too).
DEEP_RELU_STARTS = ("pytorch", "he", "lsuv")


@dataclass(frozen=True)
class DeepReluStarts:
    """Initial layer variances and training losses of a deep ReLU network, per start.

    Attributes
    ----------
    initial_variances : dict of str to numpy.ndarray
        Start -> variance of each layer's output (before the activation) on the probe batch,
        from the first layer to the logits.
    losses : dict of str to numpy.ndarray
        Start -> loss of every SGD step, shape ``(iterations,)``.
    settings : dict
        Layer sizes, learning rate, batch size, iterations, seed.
    """

    initial_variances: dict[str, np.ndarray]
    losses: dict[str, np.ndarray]
    settings: dict[str, Any] = field(default_factory=dict)

    def final_loss(self, window: int = 50) -> dict[str, float]:
        """Mean loss of the last ``window`` steps, per start."""
        window = check_count(window, "window")
        return {name: float(v[-window:].mean()) for name, v in self.losses.items()}


def compare_deep_relu_starts(
    x: ArrayLike,
    t: ArrayLike,
    starts: Sequence[str] = DEEP_RELU_STARTS,
    depth: int = 20,
    width: int = 100,
    *,
    iterations: int = 500,
    lr: float = 0.01,
    batch_size: int = 128,
    seed: int = 0,
    n_classes: int | None = None,
) -> DeepReluStarts:
    """Start a deep ReLU network several ways; measure its layers, then train it.

    Parameters
    ----------
    x : array_like
        Training inputs as rows, shape ``(n_samples, n_features)``.
    t : array_like of int
        Training labels, shape ``(n_samples,)``.
    starts : sequence of str, default ("pytorch", "he", "lsuv")
        The starts to compare (see the module docstring): names of
        :data:`~weightinit.schemes.SCHEMES`; ``"lsuv"`` is then rescaled by
        :func:`~weightinit.lsuv.lsuv`.
    depth : int, default 20
        Number of hidden layers, each of ``width`` ReLU units.
    width : int, default 100
        Units per hidden layer.
    iterations : int, default 500
        SGD steps per network, on the same minibatches (the first one is LSUV's batch and,
        for every start, the batch on which the initial variances are measured).
    lr : float, default 0.01
        Learning rate of plain SGD.
    batch_size : int, default 128
        Rows per minibatch.
    seed : int, default 0
        Seeds the minibatches and the weights (the same stream for every start).
    n_classes : int, optional
        Number of classes; by default ``max(t) + 1``.

    Returns
    -------
    DeepReluStarts

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((300, 16)).astype(np.float32)
    >>> t = (x[:, 0] > 0.5).astype(int)
    >>> runs = compare_deep_relu_starts(x, t, depth=10, width=32, iterations=20)
    >>> v = runs.initial_variances
    >>> bool(v["pytorch"][-1] < 1e-5 < v["he"][-1]), bool(abs(v["lsuv"][-1] - 1) < 0.1)
    (True, True)
    """
    images, labels = check_data(x, t, min_samples=2)
    starts = check_names(starts, "starts", tuple(SCHEMES), distinct=False)
    depth = check_count(depth, "depth")
    width = check_count(width, "width")
    iterations = check_count(iterations, "iterations")
    batch_size = check_count(batch_size, "batch_size")
    seed = check_seed(seed)
    classes = check_classes(labels, n_classes)
    optimizer = SGD(lr=lr)

    sizes = (images.shape[1], *([width] * depth), classes)
    batches = minibatches(int(seed), len(labels), iterations, batch_size)
    probe = images[batches[0]]
    variances, jobs = {}, []
    for start in starts:
        net = MLP(sizes, "relu", start, rng=seed_streams(int(seed))[0])
        if start == "lsuv":
            lsuv(net, probe, rng=seed_streams(int(seed), extra=1)[2])
        variances[start] = layer_output_variances(net, probe)
        jobs.append(Job(net, images, labels, batches, optimizer))
    # the starts side by side, one BLAS thread each
    losses = dict(zip(starts, train_side_by_side(jobs), strict=True))
    settings = {
        "sizes": sizes,
        "lr": optimizer.lr,
        "batch_size": batch_size,
        "iterations": iterations,
        "seed": int(seed),
    }
    return DeepReluStarts(variances, losses, settings)
