"""weightinit: weight initialization for neural networks, explained and computed.

The package behind the weightinit site: initializers with the conventions of
:mod:`torch.nn.init`, activation functions, the book's schemes by name, and (in submodules)
the experiments, a small numpy MLP, the data loaders and the plotting helpers the pages use.

>>> import weightinit as wi
>>> w = wi.kaiming_normal((784, 100), nonlinearity="relu", rng=0)
>>> w.shape
(784, 100)
"""

from weightinit._submodules import submodule_getattr
from weightinit.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_activation,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from weightinit.distributions import (
    constant,
    normal,
    ones,
    orthogonal,
    trunc_normal,
    uniform,
    zeros,
)
from weightinit.fans import NONLINEARITIES, calculate_gain, compute_fans
from weightinit.initializers import (
    glorot_normal,
    glorot_uniform,
    he_normal,
    he_uniform,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    lecun_uniform,
    scaled_variance,
    variance_scaling,
    xavier_normal,
    xavier_uniform,
)
from weightinit.schemes import Scheme, available_schemes, get_scheme

__version__ = "0.1.0"

# Every other submodule and subpackage (plotting, with matplotlib; the data loaders; ...) loads
# on first use, by attribute: wi.plotting, wi.frameworks.defaults.
__getattr__ = submodule_getattr(__name__, __path__)


__all__ = [
    "ACTIVATIONS",
    "NONLINEARITIES",
    "Activation",
    "Scheme",
    "available_schemes",
    "calculate_gain",
    "compute_fans",
    "constant",
    "get_activation",
    "get_scheme",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "identity_grad",
    "kaiming_normal",
    "kaiming_uniform",
    "leaky_relu",
    "leaky_relu_activation",
    "leaky_relu_grad",
    "lecun_normal",
    "lecun_uniform",
    "normal",
    "ones",
    "orthogonal",
    "relu",
    "relu_grad",
    "scaled_variance",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "trunc_normal",
    "uniform",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]
