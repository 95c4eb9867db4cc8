"""The tables the pages show, written by the package, in English and in Japanese.

In English each table is the text it was before it had a Japanese edition (cells asserted by
value); in Japanese its words come from the site's one catalogue (weightinit.language) and
no English word is left but names and symbols, while its maths, numbers and links' targets
are those of the English table.
"""

import re

import pytest
from test_plotting_labels import english_words

from weightinit.frameworks.advice import bottom_line_markdown
from weightinit.frameworks.defaults import BiasDefault, defaults_markdown
from weightinit.language import set_language
from weightinit.parametrization import rules_markdown

#: Names a table shows beyond the figures' allow-list: the optimizers.
NAMES = {"SGD", "Adam"}

TABLES = {
    "bottom line": lambda: bottom_line_markdown("lecture/"),
    "defaults": defaults_markdown,
    "rules of μP": lambda: rules_markdown("mup"),
    "rules of SP": lambda: rules_markdown("sp"),
}


def cells(table: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()]


def in_language(language: str, make) -> str:
    set_language(language)
    try:
        return make()
    finally:
        set_language("en")


def prose(text: str) -> str:
    """``text`` without its maths, inline code and links' targets (kept in every language)."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "] ", text)


def invariants(table: str) -> dict[str, list[str]]:
    """What a translation keeps: maths, code, links' targets, purely numeric cells, shape."""
    return {
        "maths": sorted(re.findall(r"\$[^$]*\$", table)),
        "code": sorted(re.findall(r"`[^`]*`", table)),
        "targets": sorted(re.findall(r"\]\(([^)]*)\)", table)),
        "numbers": [c for row in cells(table) for c in row if re.fullmatch(r"[-+0-9.,× ⁰-⁹⁻]+", c)],
        "shape": [str(len(row)) for row in cells(table)],
    }


@pytest.mark.parametrize("name", TABLES)
def test_the_japanese_table_has_no_english_words(name):
    japanese = in_language("ja", TABLES[name])
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", japanese)
    leftovers = [word for word in english_words(prose(japanese)) if word not in NAMES]
    assert leftovers == [], (name, leftovers)


@pytest.mark.parametrize("name", TABLES)
def test_the_japanese_table_keeps_the_maths_numbers_and_links(name):
    english, japanese = in_language("en", TABLES[name]), in_language("ja", TABLES[name])
    assert english != japanese
    assert invariants(japanese) == invariants(english)


def test_the_english_bottom_line_is_unchanged():
    rows = cells(bottom_line_markdown("lecture/"))
    assert rows[0] == ["your network", "start the weights from"]
    assert [row[0] for row in rows[2:]] == [
        "tanh, or no activation", "ReLU", "sigmoid",
        "a start that still fails (tens of layers, an unusual activation)", "residual blocks",
    ]  # fmt: skip
    assert rows[2][1] == (
        r"Glorot (Xavier), $\operatorname{Var}(W) = 2/(n_\text{in} + n_\text{out})$ "
        "([why](lecture/xavier.md)). The defaults, per square layer: Keras, Flax and JAX stax: "
        "variance kept; PyTorch: variance times $1/3$ ([set it yourself]"
        "(lecture/practice.md#applying-he-initialization-in-each-framework))."
    )
    assert rows[6][1] == (
        r"the rule above in each branch, its last layer then scaled by $1/\sqrt{B}$ ($B$ blocks) "
        "or started at zero ([why](lecture/beyond.md#residual-networks))."
    )


def test_the_english_defaults_and_rules_are_unchanged():
    defaults = cells(defaults_markdown())
    assert defaults[0] == ["framework", "weights", r"$\operatorname{Var}(W)$", "bias"]
    assert defaults[2][1:] == [
        "uniform (`kaiming_uniform_(a=√5)`)", r"$1/(3\,n_\text{in})$",
        r"uniform, $\pm 1/\sqrt{n_\text{in}}$",
    ]  # fmt: skip
    assert defaults[5][1] == "truncated normal (`glorot_normal`)"
    assert defaults[5][3] == "normal, std $10^{-2}$ (`Conv`: std $10^{-6}$)"
    assert BiasDefault("normal", 0.02).describe() == "normal, std 0.02"
    rules = cells(rules_markdown("mup"))
    assert rules[0] == ["layer", "initial variance", "SGD learning rate", "Adam learning rate"]
    assert [row[0] for row in rules[2:]] == ["input", "hidden", "output", "bias"]
    assert rules[5][1] == "0 (this package's choice; Table 3 groups biases with the input weights)"


def test_the_japanese_cells_read_as_the_translators_wrote_them():
    defaults = cells(in_language("ja", defaults_markdown))
    assert defaults[0] == ["フレームワーク", "重み", r"$\operatorname{Var}(W)$", "バイアス"]
    assert defaults[5][3] == "正規分布、標準偏差$10^{-2}$（`Conv`では標準偏差$10^{-6}$）"
    bottom = cells(in_language("ja", lambda: bottom_line_markdown("lecture/")))
    assert bottom[0] == ["ネットワークの種類", "重みの初期値"]
    assert "正規分布" not in bottom[3][1] and "PyTorchは分散を$1/6$倍にする" in bottom[3][1]
