"""The experiments behind the pages: they take arrays and settings and return arrays.

Nothing here plots; :mod:`weightinit.plotting` draws the results.

- :mod:`weightinit.experiments.stacks`: activations and back-propagated gradients through a
  stack of fully connected layers (the hidden-layer histograms, the Xavier and He pages).
- :mod:`weightinit.experiments.symmetry`: the 1-2-1 sigmoid network of slides 3–4, whose
  hidden units stay identical when they start identical.
- :mod:`weightinit.experiments.variance`: the variance recursions behind Xavier and He,
  predicted and measured layer by layer (the Xavier and He pages).
- :mod:`weightinit.experiments.signals` and :mod:`weightinit.experiments.starts`: numbers that
  several pages quote (the signal left in the MNIST network, backward factors, a gain's fixed
  point, the 1-2-1 network over seeds), computed once.
- :mod:`weightinit.experiments.profiles`: forward and backward spread against depth for every
  initialization and activation (the front page's summary).
- :mod:`weightinit.experiments.mnist`: the book's comparison of initializations by training
  a small network on MNIST, over several seeds.
- :mod:`weightinit.experiments.depth`: ReLU networks of increasing depth trained from five
  schemes (He et al., 2015, Fig. 3, scaled down); overflow caught and recorded.
- :mod:`weightinit.experiments.learning_rate`: the book's Xavier against He over a sweep of
  learning rates, and the factor :math:`2^{-L/2}` between their outputs.
- :mod:`weightinit.experiments.gradients`: activations and back-propagated gradients layer by
  layer, at initialization and after training (Glorot & Bengio, 2010, Figs. 6–7).
- :mod:`weightinit.experiments.permutation`: the symmetry of all hidden units of a layer, zero
  biases, and dropout breaking the tie.
- :mod:`weightinit.experiments.isometry`, :mod:`weightinit.experiments.deep_relu`,
  :mod:`weightinit.experiments.normalization`, :mod:`weightinit.experiments.residual`: beyond
  the book (orthogonal weights and dynamical isometry, LSUV against He and PyTorch's default,
  batch normalization, residual branches).
- :mod:`weightinit.experiments.transformer` and :mod:`weightinit.experiments.mup`: a stack of
  pre-LN transformer blocks at initialization (the residual stream, the attention logits, tied
  embeddings), and MLPs of several widths trained in the standard parametrization and in μP
  (the coordinate check, a learning-rate sweep).
- :mod:`weightinit.experiments.signal_propagation`: random networks of finite width next to
  the mean-field maps of :mod:`weightinit.theory`, the spread of one network's length ratio,
  and tanh networks trained over a grid of weight variances and depths.
"""

from weightinit.experiments.depth import DepthSweep, train_depths
from weightinit.experiments.gradients import (
    LayerSignals,
    SignalTrack,
    layer_signals,
    track_signals,
)
from weightinit.experiments.learning_rate import (
    LearningRateSweep,
    output_ratio,
    sweep_learning_rates,
)
from weightinit.experiments.mnist import (
    Comparison,
    SeedComparison,
    compare_initializers,
    compare_over_seeds,
    initial_gradient_scales,
    moving_average,
    seed_streams,
)
from weightinit.experiments.permutation import TieHistory, train_hidden_layer, unit_spread
from weightinit.experiments.profiles import DepthProfiles, depth_profiles
from weightinit.experiments.stacks import (
    BackwardPass,
    ForwardPass,
    activation_derivatives,
    backward_stack,
    forward_stack,
    fraction_near,
    layer_std,
)
from weightinit.experiments.symmetry import (
    PARAMETER_NAMES,
    SYMMETRIC_PAIRS,
    SymmetryHistory,
    TinyForward,
    bump_data,
    initial_parameters,
    numerical_gradients,
    slide_gradients,
    tiny_forward,
    tiny_loss,
    train_symmetric,
)
from weightinit.experiments.variance import (
    ActivationMoments,
    LayerMoments,
    ScaledNormal,
    activation_moments,
    measure_moments,
    per_layer_gain,
    predict_moments,
    weight_variance,
)

__all__ = [
    "PARAMETER_NAMES",
    "SYMMETRIC_PAIRS",
    "BackwardPass",
    "ForwardPass",
    "SymmetryHistory",
    "TinyForward",
    "activation_derivatives",
    "backward_stack",
    "bump_data",
    "forward_stack",
    "fraction_near",
    "initial_parameters",
    "layer_std",
    "numerical_gradients",
    "slide_gradients",
    "tiny_forward",
    "tiny_loss",
    "train_symmetric",
]
__all__ += [  # weightinit.experiments.variance
    "ActivationMoments",
    "LayerMoments",
    "ScaledNormal",
    "activation_moments",
    "measure_moments",
    "per_layer_gain",
    "predict_moments",
    "weight_variance",
]
__all__ += [  # weightinit.experiments.mnist
    "Comparison",
    "SeedComparison",
    "compare_initializers",
    "compare_over_seeds",
    "initial_gradient_scales",
    "moving_average",
    "seed_streams",
]
__all__ += ["DepthProfiles", "depth_profiles"]  # weightinit.experiments.profiles
# signals.py and starts.py: imported as modules (weightinit.experiments.signals, .starts).
__all__ += [  # depth, learning_rate, gradients, permutation
    "DepthSweep",
    "LayerSignals",
    "LearningRateSweep",
    "SignalTrack",
    "TieHistory",
    "layer_signals",
    "output_ratio",
    "sweep_learning_rates",
    "track_signals",
    "train_depths",
    "train_hidden_layer",
    "unit_spread",
]

from weightinit.experiments.deep_relu import (  # noqa: E402
    DEEP_RELU_STARTS,
    DeepReluStarts,
    compare_deep_relu_starts,
)
from weightinit.experiments.isometry import (  # noqa: E402
    JacobianSpectra,
    NormDrift,
    jacobian_spectra,
    norm_drift,
)
from weightinit.experiments.normalization import compare_with_batchnorm  # noqa: E402
from weightinit.experiments.residual import (  # noqa: E402
    BRANCH_INITS,
    ResidualForward,
    predicted_residual_moments,
    residual_forward,
)

__all__ += [  # beyond the book
    "BRANCH_INITS",
    "DEEP_RELU_STARTS",
    "DeepReluStarts",
    "JacobianSpectra",
    "NormDrift",
    "ResidualForward",
    "compare_deep_relu_starts",
    "compare_with_batchnorm",
    "jacobian_spectra",
    "norm_drift",
    "predicted_residual_moments",
    "residual_forward",
]

from weightinit.experiments.signal_propagation import (  # noqa: E402
    LengthRatios,
    NetworkSignals,
    TrainableDepth,
    length_ratios,
    network_signals,
    pool_images,
    trainable_depth,
)

__all__ += [  # signal propagation: mean field against finite networks
    "LengthRatios",
    "NetworkSignals",
    "TrainableDepth",
    "length_ratios",
    "network_signals",
    "pool_images",
    "trainable_depth",
]
