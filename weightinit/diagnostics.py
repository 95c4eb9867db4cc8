r"""What to look at before and while training: per-layer checks of a network's start.

The checks practitioners run on a new network (CS231n's sanity checks, the statistics of
Karpathy's makemore lectures, fast.ai's activation statistics), for each layer :math:`\ell` of
a fully connected network with weights :math:`W^{(\ell)}`, outputs :math:`h^{(\ell)}` (the
logits :math:`s` for the last layer) and a batch-mean loss :math:`L`:

- the **mean and standard deviation** of :math:`h^{(\ell)}` over the batch and the units;
- the **saturated share**: for tanh, the share of outputs with :math:`|h| > 0.97`; for the
  sigmoid, of outputs within 0.02 of 0 or 1 (:data:`SATURATION`);
- the **dead share** of a ReLU layer: the share of its units that output 0 for *every* sample
  of the batch, so that no gradient reaches their weights;
- the **gradient std**, :math:`\operatorname{std}(\partial L/\partial h^{(\ell)})`;
- the **gradient-to-weight ratio**
  :math:`\operatorname{std}(\partial L/\partial W^{(\ell)}) / \operatorname{std}(W^{(\ell)})`;
- the **update-to-data ratio** of an SGD step with learning rate :math:`\eta`,

  .. math::

      r^{(\ell)} = \log_{10}
      \frac{\operatorname{std}(\eta\, \partial L/\partial W^{(\ell)})}
           {\operatorname{std}(W^{(\ell)})},

  which Karpathy's makemore lecture (part 3) suggests should sit near :math:`-3`, an update
  about a thousandth of the weights; CS231n's notes give the same :math:`10^{-3}` for the
  ratio of the update's norm to the weights' norm;
- the **initial loss** against :math:`\ln C`, the cross-entropy of a uniform guess over
  :math:`C` classes (CS231n: "look for correct loss at chance performance").

Standard deviations are population ones (divided by :math:`N`, not :math:`N - 1`).
:func:`diagnose` takes plain arrays, from any framework; :func:`diagnose_network` runs a
batch through an :class:`~weightinit.network.MLP` in float64 and calls it;
:func:`track_training` records the checks over the first training steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from weightinit import passes
from weightinit._threads import chosen_threads
from weightinit._validation import (
    RngLike,
    check_instance,
    check_int,
    check_matrix,
    check_real,
    check_real_array,
    check_rng,
    check_sequence,
    check_value,
)
from weightinit.activations import Activation, get_activation
from weightinit.network import MLP, SGD, softmax_cross_entropy

__all__ = [
    "SATURATION",
    "Diagnostics",
    "TrainingTrace",
    "dead_share",
    "diagnose",
    "diagnose_network",
    "saturated_share",
    "track_training",
    "update_ratio",
]

#: Saturation thresholds: tanh saturates where :math:`|h| > 0.97`, the sigmoid where :math:`h`
#: lies within 0.02 of 0 or 1.
SATURATION = {"tanh": 0.97, "sigmoid": 0.02}


def _arrays(values: object, name: str, n: int | None = None) -> list[np.ndarray]:
    values = check_instance(values, name, Sequence)  # type: ignore[type-abstract]  # one array a layer
    expected = "at least one" if n is None else f"{n}"
    count_ok = len(values) > 0 and (n is None or len(values) == n)
    check_value(count_ok, name, f"hold {expected} array(s), one per layer", len(values))
    return [check_real_array(value, f"{name}[{i}]") for i, value in enumerate(values)]


def saturated_share(h: ArrayLike, activation: str | Activation) -> float:
    r"""Share of the outputs ``h`` of a tanh or sigmoid layer that are saturated.

    Tanh saturates where :math:`|h| > 0.97`, the sigmoid where :math:`h < 0.02` or
    :math:`h > 0.98` (:data:`SATURATION`): there the slope is below :math:`0.06` of its
    largest value for tanh and below :math:`0.08` of it for the sigmoid.

    Parameters
    ----------
    h : array_like
        Outputs of the layer, any shape.
    activation : str or Activation
        The layer's activation; a non-saturating one (ReLU, linear, ...) gives NaN.

    Returns
    -------
    float

    Examples
    --------
    >>> saturated_share([-0.99, 0.0, 0.5, 0.98], "tanh")
    0.5
    >>> saturated_share([0.01, 0.5, 0.99, 0.97], "sigmoid")
    0.5
    >>> saturated_share([0.0, 3.0], "relu")
    nan
    """
    name = get_activation(activation).name
    values = check_real_array(h, "h")
    if name == "tanh":
        return float(np.mean(np.abs(values) > SATURATION["tanh"]))
    if name == "sigmoid":
        tol = SATURATION["sigmoid"]
        return float(np.mean((values < tol) | (values > 1.0 - tol)))
    return math.nan


def dead_share(h: ArrayLike) -> float:
    """Share of the units of a ReLU layer that output 0 for every sample of the batch.

    Parameters
    ----------
    h : array_like
        Outputs of the layer, shape ``(n_samples, n_units)``.

    Returns
    -------
    float

    Examples
    --------
    >>> dead_share([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])  # unit 0 is dead
    0.3333333333333333
    """
    values = check_real_array(h, "h")
    check_value(values.ndim == 2, "h", "have shape (n_samples, n_units)", values.shape)
    return float(np.mean(np.all(values == 0.0, axis=0)))


def update_ratio(lr: float, gradient: ArrayLike, weight: ArrayLike) -> float:
    r"""The update-to-data ratio of an SGD step with learning rate ``lr`` and gradient ``gradient``.

    It is :math:`\log_{10}(\operatorname{std}(\eta g) / \operatorname{std}(W))`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0` of a plain SGD step.
    gradient : array_like
        :math:`g = \partial L/\partial W`, shaped like ``weight``.
    weight : array_like
        :math:`W`; it must not be constant.

    Returns
    -------
    float

    Examples
    --------
    >>> w = np.array([-1.0, 1.0])
    >>> update_ratio(0.1, 0.01 * w, w)  # the step is 1e-3 of the weights
    -3.0
    """
    lr = check_real(lr, "lr", positive=True)
    g, w = check_real_array(gradient, "gradient"), check_real_array(weight, "weight")
    check_value(g.shape == w.shape, "gradient", f"have the shape of weight {w.shape}", g.shape)
    rule = "not be constant (its std is the ratio's denominator)"
    check_value(bool(w.std() != 0.0), "weight", rule)
    return float(np.log10(lr * g.std() / w.std()))


@dataclass(frozen=True)
class Diagnostics:
    r"""Per-layer checks of one batch; ``print`` shows them as a table.

    Layer :math:`\ell = 1, \dots, L` is the :math:`\ell`-th weight matrix and its outputs; the
    last layer's outputs are the logits. Entries that do not apply are NaN (the saturated share
    of a ReLU or output layer, the dead share of anything but a ReLU hidden layer).

    Attributes
    ----------
    activation : str
        The hidden layers' activation.
    mean, std : numpy.ndarray
        Mean and standard deviation of each layer's outputs, shape ``(L,)``.
    saturated, dead : numpy.ndarray
        Saturated and dead shares (:func:`saturated_share`, :func:`dead_share`).
    gradient_std : numpy.ndarray
        :math:`\operatorname{std}(\partial L/\partial h^{(\ell)})`; NaN without gradients.
    grad_to_weight : numpy.ndarray
        :math:`\operatorname{std}(\partial L/\partial W) / \operatorname{std}(W)`.
    update_ratio : numpy.ndarray
        :func:`update_ratio` at ``lr``; NaN without ``lr``. Both ratios are NaN for a layer
        whose weights are all equal (all zero, say), where they are undefined.
    loss : float
        The batch's mean loss (NaN if not given).
    n_classes : int
        :math:`C`, the width of the last layer.
    lr : float or None
    outputs : tuple of numpy.ndarray
        Every layer's outputs (float64), kept for histograms; not shown by ``repr``.
    """

    activation: str
    mean: np.ndarray
    std: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray
    gradient_std: np.ndarray
    grad_to_weight: np.ndarray
    update_ratio: np.ndarray
    loss: float
    n_classes: int
    lr: float | None = None
    outputs: tuple[np.ndarray, ...] = field(default=(), repr=False)

    @property
    def chance_loss(self) -> float:
        r""":math:`\ln C`, the loss of a uniform guess over the ``n_classes`` classes."""
        return math.log(self.n_classes)

    @property
    def n_layers(self) -> int:
        """:math:`L`, the number of weight matrices."""
        return len(self.std)

    def std_factors(self) -> np.ndarray:
        r"""Return the factor by which the outputs' std changes from each hidden layer to the next.

        Returns
        -------
        numpy.ndarray
            :math:`\operatorname{std}(h^{(\ell+1)}) / \operatorname{std}(h^{(\ell)})` for the
            hidden layers :math:`\ell = 1, \dots, L - 2`, shape ``(L - 2,)``.

        Examples
        --------
        >>> net = MLP((50, 200, 200, 200, 10), "relu", "xavier-book", rng=0)
        >>> x = np.random.default_rng(1).standard_normal((500, 50))
        >>> d = diagnose_network(net, x, np.arange(500) % 10)
        >>> np.round(d.std_factors() * np.sqrt(2), 1)  # Xavier halves the variance under ReLU
        array([1., 1.])
        """
        return self.std[1 : self.n_layers - 1] / self.std[: self.n_layers - 2]

    def share_within(self, low: float, high: float) -> np.ndarray:
        """Return the share of each hidden layer's outputs in the interval ``[low, high]``.

        Parameters
        ----------
        low, high : float
            The interval's ends, both included.

        Returns
        -------
        numpy.ndarray
            One share per hidden layer, shape ``(L - 1,)``.

        Raises
        ------
        TypeError
            If ``low`` or ``high`` is not a real number.
        ValueError
            If ``low > high``, or the checks kept no outputs (the steps of a
            :class:`TrainingTrace`).

        Examples
        --------
        >>> net = MLP((50, 100, 100, 10), "sigmoid", "std=1", rng=0)
        >>> x = np.random.default_rng(1).standard_normal((200, 50))
        >>> d = diagnose_network(net, x, np.arange(200) % 10)
        >>> ends = d.share_within(0.0, 0.02) + d.share_within(0.98, 1.0)
        >>> bool(np.allclose(ends, d.saturated[:2]))  # the saturated share, by its definition
        True
        """
        lo, hi = check_real(low, "low"), check_real(high, "high")
        check_value(lo <= hi, "low", f"be at most high={hi}", lo)
        check_value(len(self.outputs) == self.n_layers, "outputs", "be kept (not dropped)")
        return np.array([np.mean((h >= lo) & (h <= hi)) for h in self.outputs[:-1]])

    def backward_factors(
        self, weights: Sequence[ArrayLike]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        r"""Return what multiplies the gradient from each hidden layer to the one below.

        Going down from layer :math:`\ell + 1` to layer :math:`\ell`, for the hidden layers
        :math:`\ell = 1, \dots, L - 2`: the measured factor
        :math:`\operatorname{std}(\partial L/\partial h^{(\ell)}) /
        \operatorname{std}(\partial L/\partial h^{(\ell+1)})`, the weights' factor
        :math:`\sqrt{n_\text{out}}\,\operatorname{std}(W^{(\ell+1)})` and the root mean square
        of the activation's slope :math:`\sigma'` at layer :math:`\ell + 1`, computed from its
        outputs.

        Parameters
        ----------
        weights : sequence of array_like
            The network's :math:`W^{(1)}, \dots, W^{(L)}`, shape ``(n_in, n_out)`` each.

        Returns
        -------
        measured : numpy.ndarray
            The gradient's measured factor, shape ``(L - 2,)``.
        weights : numpy.ndarray
            The weights' factor, shape ``(L - 2,)``.
        slopes : numpy.ndarray
            The slopes' root mean square, shape ``(L - 2,)``.

        Raises
        ------
        TypeError
            If ``weights`` is not a sequence of real arrays.
        ValueError
            If ``weights`` does not hold ``L`` matrices, the checks kept no outputs or no
            gradients, or the activation's slope is not a function of its output.

        Examples
        --------
        >>> net = MLP((50, 100, 100, 100, 10), "sigmoid", "xavier-book", rng=0)
        >>> x = np.random.default_rng(1).standard_normal((500, 50))
        >>> d = diagnose_network(net, x, np.arange(500) % 10)
        >>> measured, weights, slopes = d.backward_factors(net.weights)
        >>> bool(np.allclose(measured, weights * slopes, rtol=0.1))
        True
        """
        matrices = [check_matrix(w, "weights") for w in _arrays(weights, "weights", self.n_layers)]
        check_value(len(self.outputs) == self.n_layers, "outputs", "be kept (not dropped)")
        check_value(not np.isnan(self.gradient_std).any(), "gradient_std", "be measured")
        backward = get_activation(self.activation).backward_from_output
        check_value(backward is not None, "activation", "have a slope given by its output")
        assert backward is not None
        hidden = slice(1, self.n_layers - 1)
        measured = self.gradient_std[: self.n_layers - 2] / self.gradient_std[hidden]
        spread = [math.sqrt(w.shape[1]) * w.std() for w in matrices[hidden]]
        slopes = []
        for h in self.outputs[hidden]:
            slope = np.ones_like(h)
            backward(slope, h)
            slopes.append(np.sqrt(np.mean(slope**2)))
        return measured, np.array(spread), np.array(slopes)

    def rows(self) -> list[list[str]]:
        """The table's header and rows, as strings ("–" where a check does not apply)."""

        def cell(value: float, fmt: str) -> str:
            return "–" if math.isnan(value) else format(value, fmt)

        header = ["layer", "mean", "std", "saturated", "dead", "grad std", "grad/W", "log10 upd"]
        body = []
        for i in range(self.n_layers):
            name = "output" if i == self.n_layers - 1 else f"{i + 1}"
            body.append(
                [
                    name,
                    cell(self.mean[i], ".3g"),
                    cell(self.std[i], ".3g"),
                    cell(100 * self.saturated[i], ".1f") + (" %" if self.saturated[i] >= 0 else ""),
                    cell(100 * self.dead[i], ".1f") + (" %" if self.dead[i] >= 0 else ""),
                    cell(self.gradient_std[i], ".2e"),
                    cell(self.grad_to_weight[i], ".2e"),
                    cell(self.update_ratio[i], ".2f"),
                ]
            )
        return [header, *body]

    def __str__(self) -> str:
        rows = self.rows()
        widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
        lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append(f"loss {self.loss:.3f} (ln C = {self.chance_loss:.3f}, C = {self.n_classes})")
        return "\n".join(lines)


def diagnose(
    weights: Sequence[ArrayLike],
    outputs: Sequence[ArrayLike],
    *,
    activation: str | Activation,
    weight_gradients: Sequence[ArrayLike] | None = None,
    output_gradients: Sequence[ArrayLike] | None = None,
    lr: float | None = None,
    loss: float | None = None,
) -> Diagnostics:
    r"""Per-layer checks from plain arrays: weights, layer outputs and optionally gradients.

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W^{(1)}, \dots, W^{(L)}` in any layout (only their spread is used).
    outputs : sequence of array_like
        Each layer's outputs for one batch, shape ``(n_samples, n_units)``: the hidden
        activations :math:`h^{(\ell)}`, then the logits.
    activation : str or Activation
        The hidden layers' activation (the last layer has none).
    weight_gradients : sequence of array_like, optional
        :math:`\partial L/\partial W^{(\ell)}`, shaped like ``weights``.
    output_gradients : sequence of array_like, optional
        :math:`\partial L/\partial h^{(\ell)}`, shaped like ``outputs``.
    lr : float, optional
        Learning rate of a plain SGD step, for the update-to-data ratio; it needs
        ``weight_gradients``.
    loss : float, optional
        The batch's mean loss.

    Returns
    -------
    Diagnostics

    Examples
    --------
    >>> w = [np.array([[1.0, -1.0]]), np.array([[2.0], [-2.0]])]
    >>> h = [np.array([[0.0, 3.0], [0.0, 1.0]]), np.array([[-6.0], [-2.0]])]
    >>> d = diagnose(w, h, activation="relu")
    >>> float(d.dead[0]), float(d.std[0] ** 2), float(d.std[1])  # one unit of two is dead
    (0.5, 1.5, 2.0)
    """
    act = get_activation(activation)
    ws = _arrays(weights, "weights")
    n_layers = len(ws)
    hs = _arrays(outputs, "outputs", n_layers)
    rule = "have shape (n_samples, n_units) with one n_samples for every layer"
    for i, h in enumerate(hs):
        check_value(h.ndim == 2 and h.shape[0] == hs[0].shape[0], f"outputs[{i}]", rule, h.shape)
    nan = np.full(n_layers, np.nan)
    saturated, dead = nan.copy(), nan.copy()
    for i, h in enumerate(hs[:-1]):
        saturated[i] = saturated_share(h, act)
        if act.name == "relu":
            dead[i] = dead_share(h)
    gradient_std, grad_to_weight, ratio = nan.copy(), nan.copy(), nan.copy()
    if output_gradients is not None:
        gs = _arrays(output_gradients, "output_gradients", n_layers)
        for i, (g, h) in enumerate(zip(gs, hs, strict=True)):
            check_value(
                g.shape == h.shape, f"output_gradients[{i}]", f"have shape {h.shape}", g.shape
            )
        gradient_std = np.array([g.std() for g in gs])
    if lr is not None:
        lr = check_real(lr, "lr", positive=True)
        rule = "come with weight_gradients, to compute the update-to-data ratio"
        check_value(weight_gradients is not None, "lr", rule)
    if weight_gradients is not None:
        dws = _arrays(weight_gradients, "weight_gradients", n_layers)
        for i, (dw, w) in enumerate(zip(dws, ws, strict=True)):
            rule = f"have shape {w.shape}"
            check_value(dw.shape == w.shape, f"weight_gradients[{i}]", rule, dw.shape)
        spread = np.array([w.std() for w in ws])
        spread[spread == 0.0] = np.nan  # constant weights (all zero, say): ratios undefined
        grad_to_weight = np.array([dw.std() for dw in dws]) / spread
        if lr is not None:
            with np.errstate(divide="ignore"):  # a gradient of 0 gives -inf
                ratio = np.log10(lr * grad_to_weight)
    return Diagnostics(
        activation=act.name,
        mean=np.array([h.mean() for h in hs]),
        std=np.array([h.std() for h in hs]),
        saturated=saturated,
        dead=dead,
        gradient_std=gradient_std,
        grad_to_weight=grad_to_weight,
        update_ratio=ratio,
        loss=math.nan if loss is None else check_real(loss, "loss"),
        n_classes=hs[-1].shape[1],
        lr=lr,
        outputs=tuple(hs),
    )


def _check_network(net: object) -> MLP:
    net = check_instance(net, "net", MLP)
    rule = "not use batch normalization (not supported by diagnose)"
    check_value(not net.batchnorms, "net", rule)
    return net


def diagnose_network(
    net: MLP, x: ArrayLike, labels: ArrayLike, *, lr: float | None = None
) -> Diagnostics:
    r"""Run one batch through ``net`` in float64 and return its per-layer checks.

    The pass is the network's own (``z = h W + b``, the activation, the softmax cross-entropy
    of the mean over the batch), recomputed in float64 so that the gradients of the outputs are
    at hand; the network is not changed.

    Parameters
    ----------
    net : weightinit.network.MLP
        A network without batch normalization.
    x : array_like
        Inputs, shape ``(n_samples, net.sizes[0])``.
    labels : array_like of int
        Classes, shape ``(n_samples,)``.
    lr : float, optional
        Learning rate of a plain SGD step, for the update-to-data ratio.

    Returns
    -------
    Diagnostics

    Examples
    --------
    >>> net = MLP((784, 100, 100, 10), "relu", "std=0.01", rng=0)
    >>> x = np.random.default_rng(1).random((200, 784))
    >>> d = diagnose_network(net, x, np.arange(200) % 10, lr=0.01)
    >>> round(d.loss, 3), round(d.chance_loss, 3)  # tiny weights: a uniform guess
    (2.303, 2.303)
    >>> bool(np.all(d.update_ratio < -3))
    True
    """
    net = _check_network(net)
    inputs = check_matrix(x, "x", n_columns=net.sizes[0])
    with chosen_threads():  # one BLAS thread: many times faster on a busy machine
        return _diagnose_float64(net, inputs, labels, lr)


def _diagnose_float64(
    net: MLP, inputs: np.ndarray, labels: ArrayLike, lr: float | None
) -> Diagnostics:
    weights = [w.astype(np.float64) for w in net.weights]
    biases = [b.astype(np.float64) for b in net.biases]
    act = net.activation
    run = passes.forward(inputs, weights, biases, act)
    logits = run.outputs[-1]
    loss, delta = softmax_cross_entropy(logits, labels)  # checks the labels
    back = passes.backward(run, weights, act, delta, record=True)
    below = [inputs, *run.outputs[:-1]]
    weight_grads, output_grads = back.weight_gradients, [*back.sent, delta]
    return diagnose(
        weights,
        [*below[1:], logits],
        activation=act,
        weight_gradients=weight_grads,
        output_gradients=output_grads,
        lr=lr,
        loss=loss,
    )


@dataclass(frozen=True)
class TrainingTrace:
    r"""The checks over the first training steps, for the "colourful dimension" picture.

    Attributes
    ----------
    steps : list of Diagnostics
        The checks of each step's batch, before its update (``outputs`` dropped).
    update_ratio : numpy.ndarray
        Shape ``(n_steps, L)``: :math:`\log_{10}(\operatorname{std}(\Delta W) /
        \operatorname{std}(W))` of the update :math:`\Delta W` each step made (momentum too).
    histograms : numpy.ndarray
        Shape ``(n_steps, L - 1, n_bins)``: each hidden layer's outputs counted in ``edges``.
    edges : numpy.ndarray
        Bin edges, shape ``(n_bins + 1,)``.
    loss : numpy.ndarray
        Each step's loss, shape ``(n_steps,)``.
    """

    steps: list[Diagnostics]
    update_ratio: np.ndarray
    histograms: np.ndarray
    edges: np.ndarray
    loss: np.ndarray

    def edge_share(self, bins: int = 2) -> np.ndarray:
        """Return the share of each step's hidden outputs in the ``bins`` outermost bins each side.

        Parameters
        ----------
        bins : int, default 2
            How many bins at each end count, at most half of them.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_steps, L - 1)``.

        Raises
        ------
        TypeError
            If ``bins`` is not an int.
        ValueError
            If ``bins`` is below 1 or above half the bins.

        Examples
        --------
        >>> net = MLP((20, 30, 30, 3), "sigmoid", "std=1", rng=0)
        >>> x = np.random.default_rng(1).standard_normal((300, 20))
        >>> trace = track_training(net, x, np.arange(300) % 3, SGD(0.1), steps=3, rng=2)
        >>> trace.edge_share().shape, bool(np.all(trace.edge_share(20) == 1.0))
        ((3, 2), True)
        """
        n_bins = self.histograms.shape[2]
        bins = check_int(bins, "bins", minimum=1)
        check_value(2 * bins <= n_bins, "bins", f"be at most half the {n_bins} bins", bins)
        counts = self.histograms
        outer = counts[:, :, :bins].sum(axis=2) + counts[:, :, -bins:].sum(axis=2)
        return outer / counts.sum(axis=2)


def track_training(
    net: MLP,
    x: ArrayLike,
    labels: ArrayLike,
    optimizer: SGD,
    *,
    steps: int = 50,
    batch_size: int = 100,
    bins: int = 40,
    value_range: tuple[float, float] | None = None,
    rng: RngLike = None,
) -> TrainingTrace:
    """Train ``net`` in place for ``steps`` minibatch steps, checking each step's batch.

    Parameters
    ----------
    net : weightinit.network.MLP
        A network without batch normalization; it is trained.
    x, labels : array_like
        The training set; each step draws ``batch_size`` rows without replacement.
    optimizer : weightinit.network.SGD
        The optimizer of every step.
    steps, batch_size, bins : int
        Steps, samples per batch, histogram bins.
    value_range : (float, float), optional
        Histogram range; by default the activation's output range if bounded, else from 0 (or
        the first batch's smallest output) to the first batch's largest hidden output.
    rng : numpy.random.Generator, int or None
        Source of the minibatches, or a seed for one.

    Returns
    -------
    TrainingTrace

    Examples
    --------
    >>> net = MLP((20, 30, 30, 3), "tanh", "xavier-book", rng=0)
    >>> x = np.random.default_rng(1).standard_normal((300, 20))
    >>> trace = track_training(net, x, np.arange(300) % 3, SGD(0.1), steps=5, rng=2)
    >>> trace.histograms.shape, trace.update_ratio.shape
    ((5, 2, 40), (5, 3))
    """
    net = _check_network(net)
    optimizer = check_instance(optimizer, "optimizer", SGD)
    steps = check_int(steps, "steps", minimum=1)
    bins = check_int(bins, "bins", minimum=1)
    check_real_array(x, "x")  # the network trains on x in its own dtype
    inputs = np.asarray(x)
    targets = np.asarray(labels)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    shapes_ok = inputs.ndim == 2 and targets.shape == inputs.shape[:1]
    rule = "have shapes (n_samples, n_features) and (n_samples,)"
    check_value(shapes_ok, "x and labels", rule, (inputs.shape, targets.shape))
    rule = f"be at most n_samples={len(inputs)}"
    check_value(batch_size <= len(inputs), "batch_size", rule, batch_size)
    generator = check_rng(rng)
    edges = None
    if value_range is not None:
        pair = check_sequence(value_range, "value_range")
        check_value(len(pair) == 2, "value_range", "be a pair (low, high)", value_range)
        lo, hi = (check_real(v, "value_range") for v in pair)
        check_value(lo < hi, "value_range", "be (low, high) with low < high", value_range)
        edges = np.linspace(lo, hi, bins + 1)
    with chosen_threads():
        return _track(net, inputs, targets, optimizer, steps, batch_size, bins, edges, generator)


def _track(
    net: MLP,
    inputs: np.ndarray,
    targets: np.ndarray,
    optimizer: SGD,
    steps: int,
    batch_size: int,
    bins: int,
    edges: np.ndarray | None,
    generator: np.random.Generator,
) -> TrainingTrace:
    records, ratios, hists, losses = [], [], [], []
    for _ in range(steps):
        batch = generator.choice(len(inputs), batch_size, replace=False)
        record = diagnose_network(net, inputs[batch], targets[batch], lr=optimizer.lr)
        hidden = record.outputs[:-1]
        if edges is None:
            lo, hi = net.activation.output_range
            if not (math.isfinite(lo) and math.isfinite(hi)):
                lo = min(0.0, min(float(h.min()) for h in hidden))
                hi = max(float(h.max()) for h in hidden)
            edges = np.linspace(lo, hi, bins + 1)
        hists.append([np.histogram(np.clip(h, edges[0], edges[-1]), edges)[0] for h in hidden])
        before = [w.astype(np.float64) for w in net.weights]
        losses.append(net.train_step(inputs[batch], targets[batch], optimizer))
        ratios.append(
            [np.log10(np.std(w - b) / np.std(b)) for w, b in zip(net.weights, before, strict=True)]
        )
        records.append(Diagnostics(**{**record.__dict__, "outputs": ()}))
    assert edges is not None  # set at the first step, and steps >= 1
    return TrainingTrace(records, np.array(ratios), np.array(hists), edges, np.array(losses))
