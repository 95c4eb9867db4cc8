"""The one forward/backward pass: gradients against finite differences, dtypes, stacks."""

import itertools

import numpy as np
import pytest

from weightinit.activations import get_activation
from weightinit.passes import Forward, backward, forward, softmax_cross_entropy_into

SIZES = (5, 7, 6, 4)


def network(seed, dtype=np.float64, sizes=SIZES):
    rng = np.random.default_rng(seed)
    weights = [
        (rng.standard_normal((m, n)) / np.sqrt(m)).astype(dtype)
        for m, n in itertools.pairwise(sizes)
    ]
    biases = [0.1 * rng.standard_normal(n).astype(dtype) for n in sizes[1:]]
    x = rng.standard_normal((9, sizes[0])).astype(dtype)
    labels = rng.integers(0, sizes[-1], 9)
    return x, weights, biases, labels


def loss_of(x, weights, biases, labels, activation):
    logits = forward(x, weights, biases, activation).outputs[-1].copy()
    return float(softmax_cross_entropy_into(logits, labels, 1.0))


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("in_place", [False, True])
def test_gradients_match_central_differences(name, in_place):
    act = get_activation(name)
    x, weights, biases, labels = network(0)
    run = forward(x, weights, biases, act, in_place=in_place)
    loss_into = softmax_cross_entropy_into(run.outputs[-1], labels, 1.0)
    assert float(loss_into) == pytest.approx(loss_of(x, weights, biases, labels, act), abs=1e-15)
    back = backward(run, weights, act, run.outputs[-1], biases=True)
    eps = 1e-6  # central differences: error O(eps^2) ~ 1e-12, rounding ~ 1e-16 / eps = 1e-10
    for params, grads in ((weights, back.weight_gradients), (biases, back.bias_gradients)):
        for p, g in zip(params, grads, strict=True):
            numeric = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                keep = p[i]
                p[i] = keep + eps
                up = loss_of(x, weights, biases, labels, act)
                p[i] = keep - eps
                down = loss_of(x, weights, biases, labels, act)
                p[i] = keep
                numeric[i] = (up - down) / (2 * eps)
            # relu's kink: a weight moved by eps flips no unit here (|z| >> eps almost surely)
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8)


def test_a_stack_with_its_top_activation_differentiates_a_sum_of_outputs():
    act = get_activation("tanh")
    x, weights, _, _ = network(1)
    run = forward(x, weights, None, act, top_activation=True)
    upstream = np.random.default_rng(2).standard_normal(run.outputs[-1].shape)
    back = backward(
        run, weights, act, upstream, top_activation=True, record=True, send_to_input=True
    )
    eps = 1e-6

    def objective(w):
        return float(np.sum(upstream * forward(x, w, None, act, top_activation=True).outputs[-1]))

    w = weights[0]
    numeric = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        keep = w[i]
        w[i] = keep + eps
        up = objective(weights)
        w[i] = keep - eps
        down = objective(weights)
        w[i] = keep
        numeric[i] = (up - down) / (2 * eps)
    np.testing.assert_allclose(back.weight_gradients[0], numeric, rtol=1e-5, atol=1e-8)
    assert len(back.deltas) == len(back.sent) == len(weights)
    # the gradient sent to the input is delta_1 W_1^T
    np.testing.assert_array_equal(back.sent[0], back.deltas[0] @ weights[0].T)
    mean = backward(run, weights, act, upstream, top_activation=True, batch_mean=True)
    np.testing.assert_allclose(mean.weight_gradients[0], numeric / len(x), rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("name", ["tanh", "relu", "sigmoid"])
def test_float32_agrees_with_float64_to_single_precision(name):
    act = get_activation(name)
    results = {}
    for dtype in (np.float32, np.float64):
        x, weights, biases, labels = network(3, dtype)
        run = forward(x, weights, biases, act, in_place=True)
        loss = softmax_cross_entropy_into(run.outputs[-1], labels, 1.0)
        back = backward(run, weights, act, run.outputs[-1], biases=True)
        assert all(g.dtype == dtype for g in back.weight_gradients + back.bias_gradients)
        results[dtype] = (float(loss), back.weight_gradients)
    loss32, grads32 = results[np.float32]
    loss64, grads64 = results[np.float64]
    assert loss32 == pytest.approx(loss64, rel=1e-5)  # float32's epsilon is 1.2e-7
    for g32, g64 in zip(grads32, grads64, strict=True):
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_stack_of_networks_computes_each_network_bit_for_bit(dtype):
    act = get_activation("relu")
    nets = [network(seed, dtype) for seed in range(3)]
    x = np.stack([n[0] for n in nets])
    weights = [np.stack(layer) for layer in zip(*(n[1] for n in nets), strict=True)]
    biases = [np.stack(layer) for layer in zip(*(n[2] for n in nets), strict=True)]
    labels = np.stack([n[3] for n in nets])
    run = forward(x, weights, biases, act, in_place=True)
    losses = softmax_cross_entropy_into(run.outputs[-1], labels, 0.1)
    back = backward(run, weights, act, run.outputs[-1], biases=True)
    assert losses.shape == (3,)
    for k, (xk, wk, bk, tk) in enumerate(nets):
        one = forward(xk, wk, bk, act, in_place=True)
        loss = softmax_cross_entropy_into(one.outputs[-1], tk, 0.1)
        alone = backward(one, wk, act, one.outputs[-1], biases=True)
        assert float(loss) == losses[k]
        for stacked, single in zip(back.weight_gradients, alone.weight_gradients, strict=True):
            np.testing.assert_array_equal(stacked[k], single)
        for stacked, single in zip(back.bias_gradients, alone.bias_gradients, strict=True):
            np.testing.assert_array_equal(stacked[k], single)


def test_buffers_give_the_new_arrays_values():
    act = get_activation("sigmoid")
    x, weights, biases, labels = network(4)
    fresh = forward(x, weights, biases, act)
    softmax_cross_entropy_into(fresh.outputs[-1], labels, 1.0)
    expected = backward(fresh, weights, act, fresh.outputs[-1], biases=True)
    outs = [np.empty((len(x), n)) for n in SIZES[1:]]
    buffers = ([np.empty_like(w) for w in weights], [np.empty_like(b) for b in biases])
    sent = [np.empty((len(x), n)) for n in SIZES[1:-1]]
    run = forward(x, weights, biases, act, out=outs)
    assert all(a is b for a, b in zip(run.outputs, outs, strict=True))
    softmax_cross_entropy_into(run.outputs[-1], labels, 1.0)
    got = backward(run, weights, act, run.outputs[-1], biases=True, out=(*buffers, sent))
    assert all(a is b for a, b in zip(got.weight_gradients, buffers[0], strict=True))
    for a, b in zip(
        got.weight_gradients + got.bias_gradients,
        expected.weight_gradients + expected.bias_gradients,
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)


def test_dropout_masks_scale_the_outputs_and_block_the_gradient_of_dropped_units():
    act = get_activation("tanh")
    x, weights, biases, labels = network(5)
    rng = np.random.default_rng(6)
    masks = [(rng.random((len(x), n)) >= 0.5) / 0.5 for n in SIZES[1:-1]]

    def dropped_pass(biases):  # layer by layer: z, then f(z) * mask (train_hidden_layer's way)
        h, dropped, pre = x, [], []
        for w, b, m in zip(weights[:-1], biases[:-1], masks, strict=True):
            layer = forward(h, [w], [b], act, top_activation=True)
            pre.append(layer.pre_activations[0])
            h = layer.outputs[0] * m
            dropped.append(h)
        top = forward(h, weights[-1:], biases[-1:], act).outputs[0]
        return Forward(x, [*dropped, top], pre)

    run = dropped_pass(biases)
    logits = run.outputs[-1].copy()
    softmax_cross_entropy_into(logits, labels, 1.0)
    back = backward(run, weights, act, logits, record=True, masks=masks)
    dropped = masks[0] == 0.0
    assert dropped.any() and np.all(back.deltas[0][dropped] == 0.0)
    eps = 1e-6
    b = biases[0]
    numeric = np.zeros_like(b)
    for i in range(len(b)):
        keep = b[i]
        values = []
        for shift in (eps, -eps):
            b[i] = keep + shift
            s = dropped_pass(biases).outputs[-1].copy()
            values.append(float(softmax_cross_entropy_into(s, labels, 1.0)))
        b[i] = keep
        numeric[i] = (values[0] - values[1]) / (2 * eps)
    np.testing.assert_allclose(back.deltas[0].sum(axis=0), numeric, rtol=1e-5, atol=1e-8)
