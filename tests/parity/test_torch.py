"""weightinit against PyTorch: torch.nn.init, and the defaults of nn.Linear and nn.Conv2d.

Moved here from tests/test_initializers.py. Each random initializer is drawn by both libraries
with the same fans (ours in the x @ W layout, PyTorch's in its transposed one) and compared by
its exact formula (bound, variance, gain) and by a two-sample test (see parity.stats).
"""

import inspect
import math

import numpy as np
import pytest
import torch

import weightinit as wi
from parity.reference import numpy_conv2d
from parity.stats import (
    assert_bound,
    assert_mean_square,
    assert_same_distribution,
    assert_semi_orthogonal,
    ks_sample_size,
    uniform_gap,
    uniform_scale_distance,
)
from weightinit.frameworks import (
    DEFAULTS,
    from_framework_layout,
    init_conv2d,
    init_dense,
    to_framework_layout,
)

TANH = 5 / 3


def torch_draw(init, torch_shape, seed, **kwargs):
    tensor = torch.empty(torch_shape, dtype=torch.float64)
    init(tensor, **kwargs, generator=torch.Generator().manual_seed(seed))
    return tensor.numpy()


def to_ours(torch_shape):
    """(out, in, *kernel) -> (*kernel, in, out), the x @ W layout."""
    return (*torch_shape[2:], torch_shape[1], torch_shape[0])


def torch_fans(torch_shape):
    return torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(torch_shape))


def test_calculate_gain_for_every_nonlinearity():
    for name in wi.NONLINEARITIES:
        assert wi.calculate_gain(name) == torch.nn.init.calculate_gain(name)
    for slope in [0, 0.01, 0.2, 1, 3, -0.5, 100.0, math.sqrt(5)]:
        assert wi.calculate_gain("leaky_relu", slope) == torch.nn.init.calculate_gain(
            "leaky_relu", slope
        )


@pytest.mark.parametrize("torch_shape", [(5, 7), (16, 8, 3), (32, 16, 3, 3), (4, 2, 2, 3, 5)])
def test_fans(torch_shape):
    assert wi.compute_fans(to_ours(torch_shape)) == torch_fans(torch_shape)


TORCH_SHAPES = [(700, 300), (100, 40, 3, 3)]
# (torch name, keyword arguments, distribution, variance as a function of the fans)
TORCH_CASES = [
    ("xavier_uniform_", {}, "uniform", lambda i, o: 2 / (i + o)),
    ("xavier_uniform_", {"gain": TANH}, "uniform", lambda i, o: TANH**2 * 2 / (i + o)),
    ("xavier_normal_", {"gain": 0.7}, "normal", lambda i, o: 0.49 * 2 / (i + o)),
    ("kaiming_uniform_", {}, "uniform", lambda i, o: 2 / i),  # a = 0: the ReLU gain
    ("kaiming_uniform_", {"a": math.sqrt(5)}, "uniform", lambda i, o: 1 / (3 * i)),
    ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}, "uniform",
     lambda i, o: 2 / o),
    ("kaiming_normal_", {"nonlinearity": "relu"}, "normal", lambda i, o: 2 / i),
    ("kaiming_normal_", {"a": 0.2, "mode": "fan_out"}, "normal", lambda i, o: 2 / 1.04 / o),
    ("kaiming_normal_", {"nonlinearity": "selu"}, "normal", lambda i, o: 0.75**2 / i),
]  # fmt: skip


@pytest.mark.parametrize("torch_shape", TORCH_SHAPES)
@pytest.mark.parametrize(("name", "kwargs", "kind", "variance"), TORCH_CASES)
def test_initializers(torch_shape, name, kwargs, kind, variance):
    theirs = torch_draw(getattr(torch.nn.init, name), torch_shape, 0, **kwargs)
    ours = getattr(wi, name.rstrip("_"))(to_ours(torch_shape), **kwargs, rng=0)
    assert ours.shape == from_framework_layout(theirs, "pytorch").shape
    expected = variance(*torch_fans(torch_shape))
    for w in (ours, theirs):
        assert_mean_square(w, expected, kind)
        if kind == "uniform":
            assert_bound(w, math.sqrt(3 * expected), uniform_gap(w.size))
    assert_same_distribution(ours, theirs)


@pytest.mark.parametrize(
    ("mean", "std", "a", "b"), [(0.0, 1.0, -2.0, 2.0), (0.5, 2.0, -1.0, 3.0), (0, 0.02, -2, 2)]
)
def test_trunc_normal_bounds_are_absolute(mean, std, a, b):
    kwargs = {"mean": mean, "std": std, "a": a, "b": b}
    theirs = torch_draw(torch.nn.init.trunc_normal_, (400, 500), 1, **kwargs)
    ours = wi.trunc_normal((500, 400), **kwargs, rng=1)
    for w in (theirs, ours):
        assert w.min() >= a and w.max() <= b
    assert_same_distribution(ours, theirs)


def test_trunc_normal_default_bounds_do_not_truncate_a_small_std():
    # The trap: a=-2, b=2 are values, not standard deviations. With std=0.02 they lie 100
    # standard deviations out, so about 4.6 % of the draws exceed 2 std, as in a plain normal.
    theirs = torch_draw(torch.nn.init.trunc_normal_, (1000, 1000), 2, std=0.02)
    share = float(np.mean(np.abs(theirs) > 0.04))
    p = math.erfc(2 / math.sqrt(2))
    assert abs(share - p) <= 5 * math.sqrt(p * (1 - p) / theirs.size)


@pytest.mark.parametrize("torch_shape", [(20, 50), (50, 20), (32, 16, 3, 3), (8, 4, 1, 1)])
def test_orthogonal(torch_shape):
    gain = 1.3
    theirs = torch_draw(torch.nn.init.orthogonal_, torch_shape, 2, gain=gain)
    ours = wi.orthogonal(to_ours(torch_shape), gain, rng=2)
    # PyTorch flattens to (out, in * prod(kernel)); ours is the transpose, (*, out).
    theirs_matrix = theirs.reshape(torch_shape[0], -1).T
    for matrix in (theirs_matrix, ours.reshape(-1, ours.shape[-1])):
        assert matrix.shape == theirs_matrix.shape
        assert_semi_orthogonal(matrix, gain)


@pytest.mark.parametrize(
    ("make_layer", "ours"),
    [
        (lambda: torch.nn.Linear(300, 700), lambda: init_dense("pytorch", 300, 700, rng=4)),
        (lambda: torch.nn.Conv2d(40, 100, 3), lambda: init_conv2d("pytorch", 3, 40, 100, rng=4)),
        (lambda: torch.nn.Conv2d(40, 100, (3, 5)),
         lambda: init_conv2d("pytorch", (3, 5), 40, 100, rng=4)),
    ],
)  # fmt: skip
def test_layer_defaults(make_layer, ours):
    torch.manual_seed(4)
    layer = make_layer()
    weight = from_framework_layout(layer.weight.detach().numpy(), "pytorch")
    bias = layer.bias.detach().numpy()
    our_weight, our_bias = ours()
    assert weight.shape == our_weight.shape and bias.shape == our_bias.shape
    fan_in, fan_out = torch_fans(tuple(layer.weight.shape))
    assert wi.compute_fans(weight.shape) == (fan_in, fan_out)
    variance = DEFAULTS["pytorch"].weight_variance(fan_in, fan_out)
    for w in (weight, our_weight):
        assert_mean_square(w, variance, "uniform")
        assert_bound(w, 1 / math.sqrt(fan_in), uniform_gap(w.size))
    assert_same_distribution(our_weight, weight)
    for b in (bias, our_bias):
        assert np.abs(b).max() <= 1 / math.sqrt(fan_in)
    assert_same_distribution(our_bias, bias)


def test_layer_default_bias_on_many_outputs():
    torch.manual_seed(5)
    layer = torch.nn.Linear(30, 50_000)
    bias = layer.bias.detach().numpy()
    _, ours = init_dense("pytorch", 30, 50_000, rng=5)
    variance = DEFAULTS["pytorch"].dense_bias.variance(30)
    for b in (bias, ours):
        assert_mean_square(b, variance, "uniform")
        assert_bound(b, 1 / math.sqrt(30), uniform_gap(b.size))
    assert_same_distribution(ours, bias)


@pytest.mark.parametrize(
    ("name", "kwargs", "ours"),
    [
        ("normal_", {"mean": 0.3, "std": 0.05}, lambda: wi.normal((300, 700), 0.3, 0.05, rng=6)),
        ("uniform_", {"a": -0.2, "b": 0.5}, lambda: wi.uniform((300, 700), -0.2, 0.5, rng=6)),
    ],
)
def test_plain_distributions(name, kwargs, ours):
    theirs = torch_draw(getattr(torch.nn.init, name), (700, 300), 6, **kwargs)
    assert_same_distribution(ours(), theirs)


def test_constants():
    for init, ours in [
        (lambda t: torch.nn.init.constant_(t, 0.25), wi.constant((3, 4), 0.25)),
        (torch.nn.init.zeros_, wi.zeros((3, 4))),
        (torch.nn.init.ones_, wi.ones((3, 4))),
    ]:
        tensor = torch.empty((4, 3), dtype=torch.float64)
        init(tensor)
        np.testing.assert_array_equal(ours, tensor.numpy().T)


def test_conv2d_default_bias_on_enough_channels():
    # A bias drawn at 40-50 % of PyTorch's variance: U(±s b) with s = sqrt(0.5) at worst, its
    # distribution function at most (1 - s) / 2 = 0.146 from U(±b). The two-sample test at
    # false-alarm rate ALPHA misses that with probability at most ALPHA from this many channels
    # on (parity.stats.ks_sample_size); the mean square is then off by 35 standard errors.
    channels = ks_sample_size(uniform_scale_distance(0.5))
    torch.manual_seed(8)
    layer = torch.nn.Conv2d(4, channels, 3)
    bias = layer.bias.detach().numpy()
    fan_in = 4 * 3 * 3
    _, ours = init_conv2d("pytorch", 3, 4, channels, rng=8)
    variance = DEFAULTS["pytorch"].conv_bias.variance(fan_in)
    assert variance == pytest.approx(1 / (3 * fan_in))
    for b in (bias, ours):
        assert_mean_square(b, variance, "uniform")
        assert_bound(b, 1 / math.sqrt(fan_in), uniform_gap(b.size))
    assert_same_distribution(ours, bias)


def test_the_layout_conversion_runs_through_pytorchs_own_forward_pass():
    rng = np.random.default_rng(9)
    weight, bias = init_dense("pytorch", 7, 5, rng=rng)
    layer = torch.nn.Linear(7, 5).double()
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(to_framework_layout(weight, "pytorch")))
        layer.bias.copy_(torch.from_numpy(bias))
    x = rng.standard_normal((11, 7))
    np.testing.assert_allclose(
        layer(torch.from_numpy(x)).detach().numpy(), x @ weight + bias, rtol=1e-12
    )
    # a kernel with every axis of a different length, so that any swap of axes shows
    kernel, bias = init_conv2d("pytorch", (2, 3), 4, 6, rng=rng)
    conv = torch.nn.Conv2d(4, 6, (2, 3)).double()
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(to_framework_layout(kernel, "pytorch")))
        conv.bias.copy_(torch.from_numpy(bias))
    x = rng.standard_normal((2, 5, 7, 4))  # (n, h, w, in)
    theirs = conv(torch.from_numpy(x).permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
    np.testing.assert_allclose(theirs.detach().numpy(), numpy_conv2d(x, kernel, bias), rtol=1e-10)
    back = from_framework_layout(conv.weight.detach().numpy(), "pytorch")
    np.testing.assert_array_equal(back, kernel)


def layout_of(shape, sizes):
    """The layout string of a framework weight's shape, e.g. (5, 3) -> "(out, in)"."""
    names = {size: name for name, size in sizes.items()}
    return "(" + ", ".join(names[n] for n in shape) + ")"


def test_the_table_entry_matches_pytorch():
    entry = DEFAULTS["pytorch"]
    assert torch.__version__.split("+")[0] == entry.version and entry.package == "torch"
    sizes = {"in": 3, "out": 5, "kh": 2, "kw": 4}
    dense, conv = (getattr(torch.nn, name.removeprefix("nn.")) for name in entry.layers)
    assert layout_of(dense(3, 5).weight.shape, sizes) == entry.layouts[0]
    assert layout_of(conv(3, 5, (2, 4)).weight.shape, sizes) == entry.layouts[1]
    # weight_name is the call in the layers' own reset_parameters
    name, argument = entry.weight_name.removesuffix(")").split("(")
    call = f"init.{name}(self.weight, {argument.replace('√5', 'math.sqrt(5)')})"
    for layer in (dense, conv):
        assert call in inspect.getsource(layer.reset_parameters), (layer, call)
    # scale, mode and distribution: the rule they name, drawn, against nn.Linear's own draws
    torch.manual_seed(13)
    theirs = from_framework_layout(dense(300, 700).weight.detach().numpy(), "pytorch")
    ours = wi.variance_scaling((300, 700), entry.scale, entry.mode, entry.distribution, rng=13)
    assert_same_distribution(ours, theirs)
