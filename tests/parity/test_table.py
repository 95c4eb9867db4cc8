"""Every field of the table of defaults is compared with the framework it describes.

A field added to FrameworkDefault fails here until a parity test compares it (and says where).
"""

import dataclasses

from weightinit.frameworks import FRAMEWORKS
from weightinit.frameworks.defaults import FrameworkDefault

#: field -> the parity tests that compare it with the framework (for every key).
COMPARED = {
    "package": "test_the_*table_entry_matches_*: the distribution imported and its version",
    "version": "test_the_*table_entry_matches_*: the installed release",
    "layers": "test_the_*table_entry_matches_*: the layer classes, looked up by these names",
    "weight_name": "test_the_*table_entry_matches_*: the layers' own kernel initializer",
    "layouts": "test_the_*table_entry_matches_*: the shapes of the layers' own weights",
    "scale": "test_layer_defaults, test_the_table_entry_matches_pytorch: the layers' draws",
    "mode": "test_layer_defaults, test_the_table_entry_matches_pytorch: the layers' draws",
    "distribution": "test_layer_defaults, test_the_table_entry_matches_pytorch: the draws",
    "initializer": "test_layer_defaults: init_dense/init_conv2d against the layers' draws",
    "dense_bias": "test_layer_defaults, test_*bias*: the dense layers' biases",
    "conv_bias": "test_layer_defaults, test_*bias*: the convolutions' biases",
}
#: Fields that name the entry for the site and are no fact about the framework.
NAMES = {"key": "the style key", "framework": "the display name"}


def test_every_field_is_compared_with_the_framework():
    fields = {field.name for field in dataclasses.fields(FrameworkDefault)}
    assert fields == set(COMPARED) | set(NAMES)
    assert FRAMEWORKS == ("pytorch", "keras", "flax", "stax")  # the four the tests draw
