import numpy as np
import pytest

import weightinit.distributions
from weightinit.lsuv import LSUVConvergenceError, LSUVReport, layer_output_variances, lsuv
from weightinit.network import MLP


@pytest.fixture()
def batch():
    return np.random.default_rng(0).standard_normal((256, 20)).astype(np.float32)


def deep_net(init="he", depth=8, seed=0):
    return MLP((20, *[40] * depth, 10), "relu", init, rng=seed)


def test_every_layer_ends_with_unit_variance(batch):
    net = deep_net("std=0.01")
    report = lsuv(net, batch, rng=1)
    assert isinstance(report, LSUVReport)
    assert report.iterations.shape == (9,)
    assert np.all(np.abs(report.final_variances - 1) < 0.1)
    np.testing.assert_allclose(layer_output_variances(net, batch), report.final_variances)


def test_zero_biases_need_one_rescaling_and_hit_one_exactly(batch):
    net = deep_net()
    report = lsuv(net, batch, tol=1e-3, rng=1)
    np.testing.assert_array_equal(report.iterations, 1)
    np.testing.assert_allclose(report.final_variances, 1.0, rtol=1e-5)  # float32 sums


def test_starts_from_orthogonal_weights_and_only_rescales_them(batch):
    net = deep_net()
    lsuv(net, batch, rng=1)
    for w in net.weights:
        gram = w.T @ w if w.shape[0] >= w.shape[1] else w @ w.T
        scale = gram[0, 0]
        np.testing.assert_allclose(gram / scale, np.eye(len(gram)), atol=1e-5)


def test_without_orthogonal_start_it_keeps_the_directions(batch):
    net = deep_net()
    before = [w.copy() for w in net.weights]
    lsuv(net, batch, orthogonal_start=False)
    for w0, w in zip(before, net.weights, strict=True):
        ratio = w / w0
        np.testing.assert_allclose(ratio, ratio.flat[0], rtol=1e-5)


def test_biases_take_several_iterations(batch):
    net = deep_net(depth=3)
    for b in net.biases:  # biases that differ across units add to the output variance
        b[:] = np.linspace(-0.6, 0.6, len(b))
    report = lsuv(net, batch, tol=0.01, max_iter=50, rng=1)
    assert report.iterations.max() > 1
    assert np.all(np.abs(report.final_variances - 1) < 0.01)


def test_clear_error_when_it_cannot_converge(batch):
    net = deep_net(depth=3)
    for b in net.biases:
        b[:] = np.linspace(-0.6, 0.6, len(b))
    with pytest.raises(LSUVConvergenceError, match=r"layer 1 of 4: .*max_iter=1 rescalings"):
        lsuv(net, batch, tol=1e-4, max_iter=1, rng=1)
    net.biases[0][:] = np.linspace(-3, 3, len(net.biases[0]))  # bias variance alone exceeds 1
    with pytest.raises(LSUVConvergenceError, match=r"still not within tol=0\.1 of 1"):
        lsuv(net, batch, max_iter=100, rng=1)


def test_clear_error_on_a_dead_layer(batch):
    net = deep_net(depth=3)
    net.biases[0][:] = -1e3  # every unit of layer 1 is a dead ReLU
    with pytest.raises(LSUVConvergenceError, match="layer 2 of 4: its output has variance 0"):
        lsuv(net, batch, rng=1)


def test_page_check_fails_on_the_orthogonal_start_alone(batch):
    # The page asserts every layer's variance is within tol of 1 after LSUV. The orthogonal
    # weights LSUV starts from, not rescaled, fail that check: the rescaling does the work.
    net = deep_net()
    generator = np.random.default_rng(1)
    for w in net.weights:
        w[...] = weightinit.distributions.orthogonal(w.shape, rng=generator, dtype=w.dtype)
    variances = layer_output_variances(net, batch)
    assert not np.all(np.abs(variances - 1) < 0.1)
    assert np.all(np.abs(lsuv(net, batch, rng=1).final_variances - 1) < 0.1)


def test_the_orthogonality_check_fails_for_rescaled_gaussian_weights(batch):
    # The page's check that LSUV starts from orthogonal weights must fail for Gaussian weights
    # that LSUV only rescaled (orthogonal_start=False keeps the directions it was given).
    net = deep_net()
    lsuv(net, batch, orthogonal_start=False)
    w = net.weights[1]
    gram = w.T @ w / (w.T @ w)[0, 0]
    assert not np.allclose(gram, np.eye(len(gram)), atol=1e-5)


def test_variances_of_a_known_network():
    net = MLP((2, 2, 1), "relu", "he", rng=0)
    net.weights[0][...] = [[1.0, 0.0], [0.0, 1.0]]
    net.weights[1][...] = [[1.0], [1.0]]
    x = np.array([[1.0, -1.0], [-1.0, 1.0]])
    # layer 1: z = x, variance 1; layer 2: relu(x) summed = [1, 1], variance 0
    np.testing.assert_allclose(layer_output_variances(net, x), [1.0, 0.0])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda n, x: lsuv("net", x), TypeError, "network must be"),
        (lambda n, x: lsuv(n, x[:1]), ValueError, "n_samples >= 2"),
        (lambda n, x: lsuv(n, x[:, :5]), ValueError, "shape"),
        (lambda n, x: lsuv(n, x.astype(str)), TypeError, "x must be a real array"),
        (lambda n, x: lsuv(n, np.full_like(x, np.inf)), ValueError, "finite"),
        (lambda n, x: lsuv(n, x, tol=0), ValueError, "tol"),
        (lambda n, x: lsuv(n, x, tol=1.5), ValueError, "tol"),
        (lambda n, x: lsuv(n, x, max_iter=0), ValueError, "max_iter"),
        (lambda n, x: lsuv(n, x, max_iter=True), TypeError, "max_iter must be an int"),
        (lambda n, x: lsuv(n, x, max_iter=2.0), TypeError, "max_iter must be an int"),
        (lambda n, x: lsuv(n, x, orthogonal_start=1), TypeError, "orthogonal_start"),
        (lambda n, x: layer_output_variances(n, x[:, :3]), ValueError, "shape"),
        (lambda n, x: lsuv(MLP((20, 8, 2), batchnorm=True), x), ValueError, "batch normal"),
    ],
)
def test_validation(batch, call, error, match):
    with pytest.raises(error, match=match):
        call(deep_net(depth=1), batch)
