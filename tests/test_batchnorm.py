import numpy as np
import pytest

from weightinit.batchnorm import BatchNorm


def make(k=4, seed=0, **kwargs):
    bn = BatchNorm(k, dtype=np.float64, **kwargs)
    rng = np.random.default_rng(seed)
    bn.gamma[:] = rng.uniform(0.5, 2.0, k)
    bn.beta[:] = rng.normal(0.0, 1.0, k)
    return bn


def loss_and_grads(bn, z, upstream):
    """L = sum(y * upstream) and its analytic gradients."""
    y = bn.forward(z)
    return float(np.sum(y * upstream)), bn.backward(upstream)


def numeric(f, array, eps=1e-6):
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + eps
        plus = f()
        array[index] = saved - eps
        minus = f()
        array[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


@pytest.fixture()
def data():
    rng = np.random.default_rng(1)
    return rng.normal(3.0, 2.0, (7, 4)), rng.standard_normal((7, 4))


def test_forward_standardizes_then_scales_and_shifts(data):
    z, _ = data
    bn = make()
    y = bn.forward(z)
    expected = (z - z.mean(0)) / np.sqrt(z.var(0) + bn.eps) * bn.gamma + bn.beta
    np.testing.assert_allclose(y, expected, rtol=1e-12)


def test_backward_matches_finite_differences(data):
    z, upstream = data
    bn = make()
    _, grad_z = loss_and_grads(bn, z, upstream)
    grad_gamma, grad_beta = bn.grad_gamma.copy(), bn.grad_beta.copy()

    def loss():
        return float(np.sum(make().forward(z) * upstream))

    np.testing.assert_allclose(grad_z, numeric(loss, z), rtol=1e-6, atol=1e-8)
    probe = make()

    def loss_params():
        return float(np.sum(probe.forward(z) * upstream))

    np.testing.assert_allclose(grad_gamma, numeric(loss_params, probe.gamma), rtol=1e-6)
    np.testing.assert_allclose(grad_beta, numeric(loss_params, probe.beta), rtol=1e-6)


def test_backward_of_a_constant_upstream_vanishes(data):
    # Adding a constant to all samples of a unit does not change the output.
    z, _ = data
    bn = make()
    bn.forward(z)
    np.testing.assert_allclose(bn.backward(np.ones_like(z)), 0.0, atol=1e-12)


def test_running_statistics_and_evaluation_mode(data):
    z, _ = data
    bn = make(momentum=0.5)
    bn.forward(z)
    np.testing.assert_allclose(bn.running_mean, 0.5 * z.mean(0))
    np.testing.assert_allclose(bn.running_var, 0.5 + 0.5 * z.var(0))
    for _ in range(60):
        bn.forward(z)
    np.testing.assert_allclose(bn.running_mean, z.mean(0))
    np.testing.assert_allclose(bn.running_var, z.var(0))
    # With converged running averages, evaluation equals training on the same batch...
    np.testing.assert_allclose(bn.forward(z, training=False), bn.forward(z), rtol=1e-10)
    # ...and a single sample is normalized with them, independently of any batch.
    one = bn.forward(z[:1], training=False)
    np.testing.assert_allclose(
        one, (z[:1] - z.mean(0)) / np.sqrt(z.var(0) + bn.eps) * bn.gamma + bn.beta
    )
    before = bn.running_mean.copy()
    bn.forward(z + 10, training=False)
    np.testing.assert_array_equal(bn.running_mean, before)  # evaluation leaves them alone


def test_float32_and_two_batch_sizes():
    rng = np.random.default_rng(0)
    bn = BatchNorm(5)
    for n in (8, 3, 8):
        z = rng.normal(0, 3, (n, 5))
        y = bn.forward(z)
        assert y.dtype == np.float32 and y.shape == (n, 5)
        np.testing.assert_allclose(y.mean(0), 0.0, atol=1e-5)
        assert bn.backward(rng.standard_normal((n, 5))).dtype == np.float32
    assert len(bn._normalized) <= 2


def test_forward_does_not_modify_its_input(data):
    z, _ = data
    copy = z.copy()
    make().forward(z)
    np.testing.assert_array_equal(z, copy)


def test_backward_needs_a_training_forward(data):
    z, upstream = data
    bn = make()
    with pytest.raises(RuntimeError, match="training-mode forward"):
        bn.backward(upstream)
    bn.forward(z, training=False)
    with pytest.raises(RuntimeError, match="training-mode forward"):
        bn.backward(upstream)
    bn.forward(z)
    bn.backward(upstream)
    with pytest.raises(RuntimeError, match="training-mode forward"):  # once per forward
        bn.backward(upstream)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: BatchNorm(0), ValueError, "n_features"),
        (lambda: BatchNorm(2.5), TypeError, "n_features"),
        (lambda: BatchNorm(3, momentum=1.0), ValueError, "momentum"),
        (lambda: BatchNorm(3, eps=0.0), ValueError, "eps"),
        (lambda: BatchNorm(3, dtype=int), TypeError, "dtype"),
        (lambda: BatchNorm(3).forward(np.ones((4, 2))), ValueError, r"\(n_samples >= 1, 3\)"),
        (lambda: BatchNorm(3).forward(np.full((4, 3), np.nan)), ValueError, "z must hold only"),
        (lambda: BatchNorm(3).forward(np.ones((1, 3))), ValueError, "two samples"),
        (lambda: BatchNorm(3).forward(np.ones((4, 3)), training=1), TypeError, "training"),
        (lambda: BatchNorm(3).forward(np.full((4, 3), "a")), TypeError, "z must be a real array"),
    ],
)
def test_validation(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_backward_checks_the_shape(data):
    z, _ = data
    bn = make()
    bn.forward(z)
    with pytest.raises(ValueError, match="shape of the last forward batch"):
        bn.backward(np.ones((3, 4)))
