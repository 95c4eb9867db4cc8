"""The μP and SP rules: each layer type's initial variance and learning rate against width."""

import math

import pytest

from weightinit.parametrization import (
    LAYER_TYPES,
    init_variance,
    learning_rate,
    rule_for,
    rules_markdown,
)

# Table 3 of Yang et al. (2021, Tensor Programs V), written relative to a base width as
# microsoft/mup does: (variance power, SGD rate power, Adam rate power) of m = n / n0.
TABLE_3 = {
    "input": (0, 1, 0),
    "hidden": (0, 0, -1),
    "output": (-1, -1, -1),
    "bias": (0, 1, 0),
}


@pytest.mark.parametrize("layer", LAYER_TYPES)
def test_mup_rules_are_table_3(layer):
    # a transcription check of the table only; the rules are tested by the coordinate checks
    # of tests/test_experiments_mup.py, for Adam and for SGD
    rule = rule_for("mup", layer)
    assert (rule.variance_power, rule.sgd_power, rule.adam_power) == TABLE_3[layer]


@pytest.mark.parametrize("layer", LAYER_TYPES)
def test_sp_uses_one_rate_and_the_fan_in_variance(layer):
    for m in (0.5, 1.0, 16.0):
        assert learning_rate("sp", layer, 0.1, m, "sgd") == 0.1
        assert learning_rate("sp", layer, 0.1, m, "adam") == 0.1
        expected = 0.0 if layer == "bias" else 2 / 512
        assert init_variance("sp", layer, 512, m, math.sqrt(2)) == pytest.approx(expected)


def test_mup_equals_sp_at_the_base_width():
    for layer in LAYER_TYPES:
        for optimizer in ("sgd", "adam"):
            assert learning_rate("mup", layer, 0.03, 1.0, optimizer) == 0.03
        assert init_variance("mup", layer, 100, 1.0) == init_variance("sp", layer, 100, 1.0)


def test_mup_output_variance_is_one_over_fan_in_squared_times_base():
    # n0 = 64, n = 1024: 1 / (n * m) = n0 / n^2
    assert init_variance("mup", "output", 1024, 1024 / 64) == pytest.approx(64 / 1024**2)


def test_markdown_lists_every_layer():
    lines = rules_markdown("mup").splitlines()
    assert [line.split("|")[1].strip() for line in lines[2:]] == list(LAYER_TYPES)
    assert r"$\eta\, m^{-1}$" in lines[3] and lines[5].split("|")[2].strip().startswith("0 (")
    assert "m^" not in rules_markdown("sp") and r"\, m" not in rules_markdown("sp")


def test_bad_arguments_raise_naming_them():
    with pytest.raises(ValueError, match="parametrization"):
        rule_for("ntk", "hidden")
    with pytest.raises(ValueError, match="layer"):
        rule_for("mup", "embedding")
    with pytest.raises(ValueError, match="optimizer"):
        learning_rate("mup", "hidden", 0.1, 2.0, "lion")
    with pytest.raises(ValueError, match="width_mult"):
        learning_rate("mup", "hidden", 0.1, 0.0, "sgd")
    with pytest.raises(TypeError, match="base_lr"):
        learning_rate("mup", "hidden", "0.1", 2.0, "sgd")
    with pytest.raises(ValueError, match="fan_in"):
        init_variance("mup", "hidden", 0, 2.0)
