from fractions import Fraction

import pytest

from weightinit.frameworks import DEFAULTS
from weightinit.frameworks.advice import bottom_line_markdown, per_layer_factor


def test_per_layer_factor_is_the_square_layers_variance_times_what_the_activation_passes_on():
    n = 64
    for entry in DEFAULTS.values():
        n_var = entry.weight_variance(n, n) * n
        assert float(per_layer_factor(entry, "tanh")) == pytest.approx(n_var)
        assert float(per_layer_factor(entry, "relu")) == pytest.approx(n_var / 2)
    # PyTorch's 1/(3 n_in) is a sixth of He's 2/n_in (practice.md)
    assert per_layer_factor(DEFAULTS["pytorch"], "relu") == Fraction(1, 6)
    with pytest.raises(ValueError, match="activation"):
        per_layer_factor(DEFAULTS["keras"], "sigmoid")


def test_bottom_line_rows_state_each_frameworks_factor_and_link_a_page():
    table = bottom_line_markdown().splitlines()
    assert len(table) == 2 + 5 and all(line.count(" | ") == 1 for line in table)  # fits a phone
    tanh, relu = table[2], table[3]
    pytorch = DEFAULTS["pytorch"].framework
    assert f"{pytorch}: variance times $1/3$" in tanh and f"{pytorch}: variance times $1/6$" in relu
    for entry in DEFAULTS.values():
        if entry.key != "pytorch":  # Glorot's or LeCun's variance: 1/n in a square layer
            assert entry.framework in tanh.split("variance kept")[0]
            assert entry.framework in relu.split("variance times $1/2$")[0]
    for row in table[2:]:
        assert "(lecture/" in row.split(" | ")[-1]  # every row links the page that shows it
    assert "(../" in bottom_line_markdown("../").splitlines()[2]
    with pytest.raises(TypeError, match="pages"):
        bottom_line_markdown(1)
