import matplotlib.colors as mcolors
import pytest

import weightinit as wi
from weightinit.style import (
    ACTIVATION_STYLES,
    METHOD_STYLES,
    SCHEME_STYLES,
    STYLES,
    Style,
    style_for,
)


def test_every_named_scheme_and_activation_has_a_style():
    named = [name for name in wi.available_schemes() if "<" not in name]
    for name in [*named, "std=0.01", "std=1"]:
        assert style_for(name) is not None, name
    for name in wi.ACTIVATIONS:
        assert style_for(name) is not None, name


def test_no_two_schemes_look_alike():
    looks = [
        (s.color.lower(), s.linestyle) for s in (*SCHEME_STYLES.values(), *METHOD_STYLES.values())
    ]
    assert len(set(looks)) == len(looks)
    labels = [s.label for s in STYLES.values()]
    assert len(set(labels)) == len(labels)


def test_book_xavier_and_glorot_differ_in_colour():
    assert style_for("xavier-book").color != style_for("glorot").color


@pytest.mark.parametrize("style", list(STYLES.values()))
def test_colours_are_valid_and_keys_match(style):
    assert mcolors.is_color_like(style.color)
    assert style_for(style.key) is style


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("std 0.01", "std=0.01"),
        ("STD=0.010", "std=0.01"),
        ("std 1", "std=1"),
        ("Xavier (book)", "xavier-book"),
        ("He", "he"),
        ("leaky_relu", "leaky_relu"),
        ("leaky ReLU", "leaky_relu"),
    ],
)
def test_spellings_resolve_to_one_style(spelling, key):
    assert style_for(spelling) is style_for(key)


def test_objects_are_looked_up_by_name():
    assert style_for(wi.get_scheme("he")) is SCHEME_STYLES["he"]
    assert style_for(wi.get_activation("tanh")) is ACTIVATION_STYLES["tanh"]


@pytest.mark.parametrize("key", ["no such scheme", "", 3, None])
def test_unknown_keys_have_no_style(key):
    assert style_for(key) is None


def test_style_is_frozen():
    with pytest.raises(AttributeError):
        SCHEME_STYLES["he"].color = "red"
    assert isinstance(SCHEME_STYLES["he"], Style)


def test_the_three_style_tables_do_not_share_a_key():
    keys = [*SCHEME_STYLES, *METHOD_STYLES, *ACTIVATION_STYLES]
    assert len(keys) == len(set(keys)) == len(STYLES)
