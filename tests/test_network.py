import math

import numpy as np
import pytest

import weightinit as wi
from weightinit.activations import Activation
from weightinit.network import MLP, SGD, softmax_cross_entropy
from weightinit.schemes import get_scheme

SIZES = (6, 7, 5, 4)


def _data(n=9, sizes=SIZES, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, sizes[0])), rng.integers(0, sizes[-1], n)


def _numerical_gradient(net, x, t, param, eps=1e-6):
    grad = np.zeros_like(param)
    for index in np.ndindex(param.shape):
        saved = param[index]
        param[index] = saved + eps
        plus = net.loss(x, t)
        param[index] = saved - eps
        minus = net.loss(x, t)
        param[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu", "linear"])
def test_gradients_match_finite_differences(activation):
    net = MLP(SIZES, activation, "he", rng=1, dtype=np.float64)
    for b in net.biases:  # non-zero biases, so their gradients are checked in general position
        b[:] = np.random.default_rng(2).normal(0, 0.3, b.shape)
    x, t = _data()
    grads = net.gradients(x, t)
    assert grads.loss == pytest.approx(net.loss(x, t), rel=1e-12)
    for analytic, param in [
        *zip(grads.weights, net.weights, strict=True),
        *zip(grads.biases, net.biases, strict=True),
    ]:
        numeric = _numerical_gradient(net, x, t, param)
        # central differences of a smooth function in float64: error ~ eps^2 + 1e-16 / eps
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def _softplus(x):
    return np.logaddexp(0.0, x)


def test_a_custom_activation_is_honoured_whatever_its_name():
    # Named "relu" but computing softplus: the network must compute softplus.
    impostor = Activation("relu", _softplus, wi.sigmoid, (0.0, np.inf))
    net = MLP(SIZES, impostor, "he", rng=1, dtype=np.float64)
    x, t = _data()
    h = x
    for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
        h = _softplus(h @ w + b)
    np.testing.assert_allclose(net.forward(x), h @ net.weights[-1] + net.biases[-1], rtol=1e-12)
    grads = net.gradients(x, t)
    for analytic, param in zip(grads.weights, net.weights, strict=True):
        np.testing.assert_allclose(
            analytic, _numerical_gradient(net, x, t, param), rtol=1e-5, atol=1e-8
        )


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "leaky_relu", "linear"])
def test_the_in_place_path_equals_the_generic_path(name):
    fast = wi.get_activation(name)
    generic = Activation(fast.name, fast.function, fast.derivative, fast.output_range)
    assert fast.in_place and not generic.in_place
    x, t = _data(n=12)
    a = MLP(SIZES, fast, "he", rng=4)
    b = MLP(SIZES, generic, "he", rng=4)
    for _ in range(3):
        loss_a = a.train_step(x, t, SGD(lr=0.1))
        loss_b = b.train_step(x, t, SGD(lr=0.1))
        assert loss_a == pytest.approx(loss_b, rel=1e-5)
    for wa, wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_allclose(wa, wb, rtol=1e-4, atol=1e-6)


def test_a_generic_activation_leaves_the_buffers_of_other_batch_sizes_alone():
    net = MLP(SIZES, Activation("softplus", _softplus, wi.sigmoid, (0.0, np.inf)), rng=0)
    x, _ = _data(n=10)
    full = net.forward(x)
    for n in (3, 10, 1, 7, 10):
        np.testing.assert_allclose(net.forward(x[:n]), full[:n], rtol=1e-6)


def test_batch_gradient_is_the_mean_of_per_sample_gradients():
    net = MLP(SIZES, "relu", "he", rng=3, dtype=np.float64)
    x, t = _data(n=8)
    batch = net.gradients(x, t)
    singles = [net.gradients(x[i : i + 1], t[i : i + 1]) for i in range(len(t))]
    for layer in range(len(net.weights)):
        mean = np.mean([s.weights[layer] for s in singles], axis=0)
        np.testing.assert_allclose(batch.weights[layer], mean, rtol=1e-10, atol=1e-14)
    assert batch.loss == pytest.approx(np.mean([s.loss for s in singles]), rel=1e-12)


def test_float32_by_default_and_zero_biases():
    net = MLP((784, 100, 10), rng=0)
    assert all(w.dtype == np.float32 for w in net.weights)
    assert all(b.dtype == np.float32 and not b.any() for b in net.biases)
    assert [w.shape for w in net.weights] == [(784, 100), (100, 10)]
    x = np.random.default_rng(0).random((3, 784))  # float64 input is cast
    assert net.forward(x).dtype == np.float32


def test_initializer_by_name_scheme_or_callable_and_seeded():
    a = MLP(SIZES, init="he", rng=5)
    b = MLP(SIZES, init=get_scheme("he"), rng=np.random.default_rng(5))
    for wa, wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
    c = MLP(SIZES, init=lambda shape, *, rng, dtype: np.full(shape, 0.5), rng=0)
    assert all(np.all(w == 0.5) for w in c.weights)
    # He's std is sqrt(2 / fan_in); a 400 x 300 draw estimates it to about 1/sqrt(2 * 120000)
    big = MLP((400, 300, 2), init="he", rng=0)
    std = float(big.weights[0].std())
    assert std == pytest.approx(math.sqrt(2 / 400), rel=5 / math.sqrt(2 * 120_000))


def test_every_public_initializer_is_accepted_as_init():
    for init in (wi.he_normal, wi.kaiming_normal, wi.xavier_uniform, wi.orthogonal, wi.zeros):
        net = MLP((4, 8, 3), init=init, rng=3)
        assert [w.dtype for w in net.weights] == [np.float32, np.float32]
    net = MLP((4, 8, 3), init=wi.kaiming_normal, rng=np.random.default_rng(3))
    generator = np.random.default_rng(3)
    expected = wi.kaiming_normal((4, 8), rng=generator, dtype=np.float32)
    np.testing.assert_array_equal(net.weights[0], expected)
    np.testing.assert_array_equal(
        net.weights[1], wi.kaiming_normal((8, 3), rng=generator, dtype=np.float32)
    )


def test_train_step_returns_the_loss_before_the_update_and_learns():
    net = MLP(SIZES, "tanh", "xavier-book", rng=0, dtype=np.float64)
    x, t = _data(n=20)
    before = net.loss(x, t)
    assert net.train_step(x, t, SGD(lr=0.1)) == pytest.approx(before, rel=1e-12)
    assert net.loss(x, t) < before
    for _ in range(300):
        net.train_step(x, t, SGD(lr=0.1))
    assert net.loss(x, t) < 0.5 * before


def test_sgd_update_without_and_with_momentum():
    x, t = _data()
    for momentum in (0.0, 0.9):
        net = MLP(SIZES, "relu", "he", rng=7, dtype=np.float64)
        reference = MLP(SIZES, "relu", "he", rng=7, dtype=np.float64)
        params = [*reference.weights, *reference.biases]
        velocity = [np.zeros_like(p) for p in params]
        for _ in range(3):
            grads = reference.gradients(x, t)
            for w, v, g in zip(params, velocity, grads.weights + grads.biases, strict=True):
                v *= momentum
                v += 0.05 * g
                w -= v
            net.train_step(x, t, SGD(lr=0.05, momentum=momentum))
        for w, expected in zip([*net.weights, *net.biases], params, strict=True):
            np.testing.assert_allclose(w, expected, rtol=1e-12, atol=1e-15)


def test_alternating_batch_sizes_reuse_buffers_correctly():
    net = MLP(SIZES, "relu", "he", rng=0)
    x, _ = _data(n=10)
    full = net.forward(x)
    for n in (3, 10, 1, 7):
        np.testing.assert_allclose(net.forward(x[:n]), full[:n], rtol=1e-6)
    out = net.forward(x)
    out[:] = 0  # forward returns a copy
    np.testing.assert_array_equal(net.forward(x), full)


def test_predict_and_accuracy():
    net = MLP((2, 3), "linear", "zeros", rng=0, dtype=np.float64)
    net.weights[0][:] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    x = np.array([[2.0, 0.0], [0.0, 2.0], [-1.0, -1.0]])
    np.testing.assert_array_equal(net.predict(x), [0, 1, 2])
    assert net.accuracy(x, [0, 1, 1]) == pytest.approx(2 / 3)


def test_softmax_cross_entropy_is_stable_and_correct():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, (5, 4))
    labels = rng.integers(0, 4, 5)
    loss, grad = softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), labels])), rel=1e-12)
    expected = p.copy()
    expected[np.arange(5), labels] -= 1
    np.testing.assert_allclose(grad, expected / 5, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-15)
    # Huge logits: no overflow, no warning (warnings are errors), exact answer.
    loss, grad = softmax_cross_entropy(np.array([[1e4, 0.0], [0.0, 1e4]]), [0, 0])
    assert loss == pytest.approx(1e4 / 2)
    assert np.all(np.isfinite(grad))
    assert softmax_cross_entropy(np.zeros((3, 10)), [0, 1, 2])[0] == pytest.approx(math.log(10))


def test_argument_validation():
    with pytest.raises(ValueError, match="sizes"):
        MLP((5,))
    with pytest.raises(ValueError, match="sizes"):
        MLP((5, 0, 2))
    with pytest.raises(TypeError, match=r"^each entry of sizes must be an int"):
        MLP((5, 2.0))
    with pytest.raises(TypeError, match=r"^sizes must be a sequence"):
        MLP("52")
    with pytest.raises(ValueError, match="activation"):
        MLP(SIZES, activation="softplus")
    with pytest.raises(ValueError, match="scheme"):
        MLP(SIZES, init="lecun")
    with pytest.raises(TypeError, match="dtype"):
        MLP(SIZES, dtype=np.int32)
    net = MLP(SIZES, rng=0)
    x, t = _data()
    with pytest.raises(ValueError, match="x must have shape"):
        net.forward(x[:, :3])
    with pytest.raises(ValueError, match="labels must be below n_classes=4"):
        net.gradients(x, np.full(len(t), 4))
    with pytest.raises(TypeError, match="labels must be an array of integer labels"):
        net.gradients(x, t.astype(float))
    with pytest.raises(ValueError, match="labels must have shape"):
        net.gradients(x, t[:-1])
    with pytest.raises(TypeError, match="optimizer"):
        net.train_step(x, t, 0.01)
    with pytest.raises(ValueError, match="lr"):
        SGD(lr=0.0)
    with pytest.raises(ValueError, match="momentum"):
        SGD(momentum=1.0)
    with pytest.raises(ValueError, match="logits"):
        softmax_cross_entropy(np.zeros(3), [0])


# --- batch normalization ----------------------------------------------------------------------


def _training_loss(net, x, t):
    from weightinit.network import softmax_cross_entropy

    return softmax_cross_entropy(net._forward(x, training=True).outputs[-1].copy(), t)[0]


@pytest.mark.parametrize("activation", ["relu", "tanh", "leaky_relu"])
def test_batchnorm_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(0)
    x = rng.normal(0.5, 1.0, (16, 5))
    t = rng.integers(0, 3, 16)
    net = MLP((5, 6, 4, 3), activation, "he", rng=1, dtype=np.float64, batchnorm=True)
    for bn in net.batchnorms:
        bn.gamma[:] = rng.uniform(0.5, 1.5, bn.n_features)
        bn.beta[:] = rng.normal(0, 0.3, bn.n_features)
    grads = net.gradients(x, t)
    assert len(grads.batchnorm) == 2
    probes = [
        (net.weights[0], (1, 2), grads.weights[0]),
        (net.weights[2], (3, 1), grads.weights[2]),
        (net.biases[1], (0,), grads.biases[1]),
        (net.batchnorms[0].gamma, (4,), grads.batchnorm[0][0]),
        (net.batchnorms[1].beta, (2,), grads.batchnorm[1][1]),
    ]
    eps = 1e-6
    for array, index, analytic in probes:
        saved = array[index]
        array[index] = saved + eps
        plus = _training_loss(net, x, t)
        array[index] = saved - eps
        minus = _training_loss(net, x, t)
        array[index] = saved
        assert math.isclose(analytic[index], (plus - minus) / (2 * eps), rel_tol=1e-5, abs_tol=1e-9)


def test_batchnorm_is_off_by_default_and_validated():
    net = MLP((4, 5, 3), rng=0)
    assert net.batchnorms == []
    assert net.gradients(np.ones((2, 4)), [0, 1]).batchnorm == []
    with pytest.raises(TypeError, match="batchnorm must be a bool"):
        MLP((4, 5, 3), batchnorm=1)


def test_batchnorm_steps_update_scale_and_shift_and_forward_uses_running_averages():
    rng = np.random.default_rng(2)
    x = rng.normal(1.0, 2.0, (64, 6)).astype(np.float32)
    t = rng.integers(0, 2, 64)
    for momentum in (0.0, 0.9):
        net = MLP((6, 8, 2), "relu", "std=0.01", rng=3, batchnorm=True)
        gamma0 = net.batchnorms[0].gamma.copy()
        for _ in range(30):
            net.train_step(x, t, SGD(lr=0.1, momentum=momentum))
        assert not np.allclose(net.batchnorms[0].gamma, gamma0)
        if momentum:
            assert len(net._velocity) == 2 * len(net.weights) + 2
    bn = net.batchnorms[0]
    z = x @ net.weights[0] + net.biases[0]
    h = np.maximum((z - bn.running_mean) / np.sqrt(bn.running_var + bn.eps) * bn.gamma + bn.beta, 0)
    expected = h @ net.weights[1] + net.biases[1]
    np.testing.assert_allclose(net.forward(x), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(net.forward(x[:1]), expected[:1], rtol=1e-4, atol=1e-5)


def test_batchnorm_hides_the_weight_scale_from_the_hidden_layers():
    x = np.random.default_rng(4).random((32, 6), dtype=np.float32)
    small = MLP((6, 8, 8, 2), "relu", "std=0.01", rng=5, dtype=np.float64, batchnorm=True)
    large = MLP((6, 8, 8, 2), "relu", "he", rng=5, dtype=np.float64, batchnorm=True)
    for bn in (*small.batchnorms, *large.batchnorms):
        bn.eps = 1e-12  # the only place the scale enters: sqrt(var + eps)
    hidden_small = [h.copy() for h in small._forward(x).outputs[:-1]]
    for a, b in zip(hidden_small, large._forward(x).outputs[:-1], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
