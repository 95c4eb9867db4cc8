"""The site's one catalogue of words per language, and the language they are shown in.

Every word the package writes for a reader comes from :func:`label`, which returns the text of
a key in the current language (:func:`get_language`): the figures' axis labels, legends, panel
titles and notes (:mod:`weightinit.plotting`), and the words of the values the pages glue into
their prose (the formatters of :mod:`weightinit.notebook` and the pages' code cells, such as
``"fewer than {share}"``). A key is the English text itself (``"training loss"``, ``"layer
{layer}"``), so the code that uses it reads as its output does; fields in braces are filled in
by :func:`label`'s keyword arguments. The display names of the site's style map
(:data:`weightinit.style.STYLES`, e.g. ``"Xavier (book)"``) and the panel and series
names the pages pass in (``"without batch norm"``) are keys too, so a page's code cell, which
is not translated, draws a Japanese figure and glues a Japanese phrase in the Japanese edition.
Names (Xavier, He, ReLU, tanh, PyTorch, ...), symbols, maths and numbers read the same in both
languages.

The language starts as the environment variable :data:`ENVIRONMENT_VARIABLE`
(``WEIGHTINIT_LANGUAGE``) says, English when it is unset; the Japanese edition's kernels set
it to ``"ja"``, and a downloaded Japanese notebook calls ``set_language("ja")``. What else
follows the language registers with :func:`on_language_change` (the figures' Japanese font,
:mod:`weightinit.plotting.labels`).

>>> get_language()
'en'
>>> label("layer {layer}", layer=2), label("{low} to {high}", low="0.1", high="0.2")
('layer 2', '0.1 to 0.2')
>>> set_language("ja")
>>> label("layer {layer}", layer=2), label("training loss"), label("He")
('2層目', '訓練損失', 'He')
>>> label("{low} to {high}", low="0.1", high="0.2")
'0.1〜0.2'
>>> set_language("en")
>>> localize("tanh"), localize("training loss")
('tanh', 'training loss')
"""

from __future__ import annotations

import os
from collections.abc import Callable

from weightinit._table_words import TABLE_JA
from weightinit._validation import check_callable, check_choice, check_str
from weightinit.explorers._words import EXPLORER_JA, PLAYGROUND_JA
from weightinit.style import STYLES, Style

__all__ = [
    "CATALOGUE",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "get_language",
    "label",
    "localize",
    "on_language_change",
    "set_language",
]

#: The languages of the site.
LANGUAGES = ("en", "ja")
#: The environment variable that gives the language a session starts in.
ENVIRONMENT_VARIABLE = "WEIGHTINIT_LANGUAGE"

#: Japanese for the display names of the site's style map (weightinit/style.py), by key.
_STYLE_JA = {
    "std=0.01": "標準偏差0.01",
    "std=1": "標準偏差1",
    "xavier-book": "Xavier（書籍）",
    "glorot": "Glorot",
    "glorot-uniform": "Glorot（一様分布）",
    "he": "He",
    "he-slide": "スライドの2/√n",
    "zeros": "すべて0",
    "lecun-untruncated": "LeCun",
    "pytorch": "PyTorchのデフォルト",
    "keras": "Kerasのデフォルト",
    "flax": "Flaxのデフォルト",
    "stax": "staxのデフォルト",
    "orthogonal": "直交初期化",
    "lsuv": "LSUV",
    "batchnorm": "Batch Normalization",
    "residual": "残差、Heのブランチ",
    "residual-scaled": "残差、縮小したブランチ",
    "residual-zero": "残差、0で始めるブランチ",
    "residual-none": "全層で σ",
    "residual-gpt2": "σ/√(2N) (GPT-2)",
    "residual-depth": "σ/√(2(ℓ+1)) (_depth_init)",
    "sp": "標準パラメータ化（SP）",
    "mup": "μP",
    "he-uneven": "He、不揃いな幅",
    "pytorch-tanh-gain": "PyTorchのtanhのgain 5/3",
    "ordered": "秩序相、χ₁ < 1",
    "critical": "カオスの縁、χ₁ = 1",
    "chaotic": "カオス相、χ₁ > 1",
    "sigmoid": "シグモイド関数",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "linear": "恒等関数",
}

#: Japanese for every other text the figures draw, keyed by its English text.
_TEXT_JA = {
    # axes shared by many figures
    "layer": "層",
    "layer {layer}": "{layer}層目",
    "hidden layer": "隠れ層",
    "hidden layers": "隠れ層の数",
    "{depth} hidden layers": "隠れ層{depth}層",
    "step": "ステップ",
    "iteration": "イテレーション",
    "training loss": "訓練損失",
    "final training loss": "最終的な訓練損失",
    "learning rate": "学習率",
    "standard deviation": "標準偏差",
    "fraction": "割合",
    "density": "確率密度",
    # the histograms' x label: アクティベーション would overlap on five narrow panels
    "activation": "出力",
    "output": "出力",
    "value": "値",
    "prediction": "予測",
    "measured": "測定値",
    # histograms, activations and their moments
    "weight value": "重みの値",
    "fraction of weights": "重みの割合",
    "activation value": "アクティベーションの値",
    "back-propagated gradient ∂L/∂z": "逆伝播される勾配 ∂L/∂z",
    "weight layer": "重みの層",
    "{label}, {stage}": "{label}（{stage}）",
    "mean square of z": "z の2乗平均",
    "mean square of x": "x の2乗平均",
    "mean square of ∂L/∂x": "∂L/∂x の2乗平均",
    "mean of {n_runs} runs": "{n_runs}回の試行の平均",
    "10–90 % of runs": "試行の10〜90%",
    "forward: {ylabel}": "順方向：{ylabel}",
    "backward: {ylabel}": "逆方向：{ylabel}",
    "forward factor E[f(z)²] / Var(z)": "順方向の係数 E[f(z)²] / Var(z)",
    "backward factor E[f′(z)²]": "逆方向の係数 E[f′(z)²]",
    "variance of the pre-activation, Var(z)": "プレアクティベーションの分散 Var(z)",
    "{label} f(z)": "{label} f(z)",
    "derivative f′(z)": "導関数 f′(z)",
    "pre-activation z": "プレアクティベーション z",
    "pre-activation z ({label})": "プレアクティベーション z（{label}）",
    "z, {label}": "z、{label}",
    "share of z per bin": "ビンごとの z の割合",
    "std of activations": "アクティベーションの\n標準偏差",
    "std of gradients": "勾配の\n標準偏差",
    "variance of the pre-activations": "プレアクティベーションの分散",
    "variance of the layer's output": "層の出力の分散",
    # the 1-2-1 network and its hidden units
    "parameter value": "パラメータの値",
    "target t": "正解 t",
    "input x": "入力 x",
    "output y": "出力 y",
    "largest difference between units": "ノード間の最大の差",
    # depth and learning rate
    "{label}: overflow at {where} ({hits} of {runs} runs)": (
        "{label}: {where}でオーバーフロー（{runs}回中{hits}回）"
    ),
    "step {step}": "ステップ{step}",
    "steps {first}–{last}": "ステップ{first}〜{last}",
    "{label} at rate {rate}": "{label}（学習率{rate}）",
    # beyond the book
    "singular value of the jacobian": "ヤコビ行列の特異値",
    "share of singular values ≤ x": "x 以下の特異値の割合",
    "depth {depth}": "深さ{depth}",
    "depth L": "深さ L",
    "log of squared-norm ratio": "2乗ノルムの比の対数",
    "10–90 % of networks": "ネットワークの10〜90%",
    "first-order prediction": "1次近似の予測",
    "block b": "ブロック b",
    "second moment,\nrelative to the input": "2次モーメント\n（入力との比）",
    # diagnostics
    " rule of thumb, −3": " 経験則、−3",
    "std of outputs": "出力の標準偏差",
    "saturated units (%)": "飽和した\nノード (%)",
    "dead units (%)": "死んだ\nノード (%)",
    "saturated or dead units (%)": "飽和または死んだノード (%)",
    "std of ∂L/∂outputs": "∂L/∂(出力) の\n標準偏差",
    "log₁₀ update / weight": "log₁₀（更新量\n/ 重み）",
    "layer (last: output)": "層（最後は出力層）",
    "{label}\noutput": "{label}\n出力",
    # signal propagation
    r"edge of chaos, $\chi_1 = 1$": r"カオスの縁、$\chi_1 = 1$",
    "ordered": "秩序相",
    "chaotic": "カオス相",
    r"weight variance $\sigma_w^2$ (times the fan-in)": r"重みの分散 $\sigma_w^2$（fan-in倍）",
    r"weight variance $\sigma_w^2$": r"重みの分散 $\sigma_w^2$",
    r"bias variance $\sigma_b^2$": r"バイアスの分散 $\sigma_b^2$",
    "mean square q of pre-activations": "プレアクティベーションの2乗平均 q",
    "correlation c of two inputs": "2つの入力の相関 c",
    "test accuracy": "テストデータの認識精度",
    r"depth = {depth} $\xi_c$": r"深さ = {depth} $\xi_c$",
    "log₁₀ of output over input mean square": "log₁₀（出力と入力の2乗平均の比）",
    "share of networks at or below": "この値以下のネットワークの割合",
    # transformers and μP
    "blocks passed": "通過したブロック数",
    "variance of the stream": "残差ストリームの分散",
    "hidden 1": "隠れ層1",
    "hidden 2": "隠れ層2",
    "{label}: {layer}": "{label}: {layer}",
    "mean |activation|": "|アクティベーション| の平均",
    "width": "幅",
    "width {width}": "幅{width}",
    "base learning rate η": "基準の学習率 η",
    # panel and series names the pages pass in (their code cells are not translated)
    "without batch norm": "Batch Normalizationなし",
    "with batch norm": "Batch Normalizationあり",
    "4 hidden layers": "隠れ層4層",
    "30 hidden layers": "隠れ層30層",
    "at the start": "学習前",
    "after training": "学習後",
    "start: all 0": "初期値：すべて0",
    "start: all 0.5": "初期値：すべて0.5",
    "start: random": "初期値：ランダム",
    "all weights 0.05": "重みはすべて0.05",
    "all weights 0.05, dropout 0.5": "重みはすべて0.05、Dropout 0.5",
    "mean slope σ′(z)": "傾きの平均 σ′(z)",
    "std of δ = ∂L/∂z": "δ = ∂L/∂z の標準偏差",
    "activation std": "アクティベーションの標準偏差",
    "RMS of ∂L/∂W": "∂L/∂W の2乗平均平方根",
    "layer of the {name} network": "{name}ネットワークの層",
}


#: Japanese for the words of the values the pages glue into their prose (the formatters of
#: weightinit/notebook.py and the pages' code cells, which are not translated), keyed by the
#: English text. The numbers are filled in as fields, so both editions show the same numbers.
_PROSE_JA = {
    "{low} to {high}": "{low}〜{high}",
    "{low} and {high}": "{low}〜{high}",  # "between {low} and {high}"
    "{first} and {second}": "{first}と{second}",
    "{count} of {total}": "{total}のうち{count}",
    "{count} of the {total}": "{total}のうち{count}",
    ", ": "、",
    "fewer than {share}": "{share}未満",
    "at most {share}": "多くても{share}",
    "none": "ゼロ",
    "{value} times": "{value}倍",
    "at least a factor of {factor}": "少なくとも{factor}倍",
    "{first} in layer {first_layer} to {last} in layer {last_layer}": (
        "第{first_layer}層の{first}から第{last_layer}層の{last}"
    ),
    "{shares} in layers {first} to {last}": "第{first}〜{last}層でそれぞれ{shares}",
    # the errata page's table
    "{slide} (slide) against {he} (√(2/n))": "{slide}（スライド）対{he}（√(2/n)）",
    "{book} (book) against {glorot} (Glorot)": "{book}（書籍）対{glorot}（Glorot）",
    "1/{sigmoid} (sigmoid) against {tanh} (tanh)": "1/{sigmoid}（シグモイド関数）対{tanh}（tanh）",
    "{gap} (while |a₁| reaches {moved})": "{gap}（その間に|a₁|は{moved}に達する）",
    "{factor} per layer; {left} of the input's left at layer {layer}": (
        "層ごとに{factor}、第{layer}層に残るのは入力の{left}"
    ),
    "at most {before} before, at least {after} after": (
        "学習前は最大{before}、学習後は少なくとも{after}"
    ),
    "{off} = 400/50, at any depth": "{off} = 400/50（深さによらない）",
}


def _english_catalogue() -> dict[str, str]:
    styles = {style.label: style.label for style in _all_styles()}
    english = (*_TEXT_JA, *_PROSE_JA, *TABLE_JA, *EXPLORER_JA, *PLAYGROUND_JA)
    return {**styles, **{key: key for key in english}}


def _all_styles() -> tuple[Style, ...]:
    return tuple(STYLES.values())


def _japanese_catalogue() -> dict[str, str]:
    styles = {style.label: _STYLE_JA[style.key] for style in _all_styles()}
    return {**styles, **_TEXT_JA, **_PROSE_JA, **TABLE_JA, **EXPLORER_JA, **PLAYGROUND_JA}


#: Language to key to text. The keys are the English texts; both languages have every key.
CATALOGUE: dict[str, dict[str, str]] = {"en": _english_catalogue(), "ja": _japanese_catalogue()}

_state: dict[str, str] = {"language": "en"}
_LISTENERS: list[Callable[[str], None]] = []


def get_language() -> str:
    """Return the current language, ``"en"`` or ``"ja"``.

    Examples
    --------
    >>> get_language() in LANGUAGES
    True
    """
    return _state["language"]


def _check_language(language: object, name: str) -> str:
    return check_choice(language, name, LANGUAGES)


def on_language_change(listener: Callable[[str], None]) -> None:
    """Call ``listener(language)`` now and on every :func:`set_language` from now on.

    A listener that raises keeps the language as it was (e.g. the Japanese font missing).
    """
    check_callable(listener, "listener")
    listener(_state["language"])
    _LISTENERS.append(listener)


def set_language(language: str) -> None:
    """Show every word from now on in ``language``, ``"en"`` or ``"ja"``.

    Raises
    ------
    TypeError
        When ``language`` is not a str.
    ValueError
        When ``language`` is not one of :data:`LANGUAGES`.
    ModuleNotFoundError
        For ``"ja"`` with the figures loaded but without ``matplotlib-fontja``; the message says
        how to install it (:mod:`weightinit.plotting.labels`, where matplotlib's fonts are then
        followed by IPAexGothic, so every figure has a glyph for each character).

    Examples
    --------
    >>> set_language("ja"); get_language()
    'ja'
    >>> set_language("en"); get_language()
    'en'
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of ['en', 'ja'], got 'fr'
    """
    language = _check_language(language, "language")
    for listener in _LISTENERS:
        listener(language)
    _state["language"] = language


def label(key: str, **fields: object) -> str:
    """Return the text of ``key`` in the current language, with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`CATALOGUE`: the English text, e.g. ``"training loss"`` or
        ``"layer {layer}"``.
    **fields
        The values of the fields in braces, e.g. ``layer=2``.

    Raises
    ------
    TypeError
        When ``key`` is not a str.
    KeyError
        When ``key`` is not in the catalogue, or a field is missing.

    Examples
    --------
    >>> label("depth {depth}", depth=10)
    'depth 10'
    >>> label("no such label")
    Traceback (most recent call last):
    ...
    KeyError: "key 'no such label' is not in the label catalogue (weightinit/language.py)"
    """
    check_str(key, "key")
    texts = CATALOGUE[_state["language"]]
    if key not in texts:
        raise KeyError(f"key {key!r} is not in the label catalogue (weightinit/language.py)")
    try:
        return texts[key].format(**fields) if fields else texts[key]
    except KeyError as error:
        raise KeyError(f"label {key!r} needs the field {error.args[0]!r}") from None


def localize(text: object) -> str:
    """Return ``text`` in the current language when it is a key of the catalogue, else as is.

    For the names callers give to panels and series: a key (``"without batch norm"``) is
    translated, anything else (``"tanh"``, ``"n = 100"``) is shown as given.

    Examples
    --------
    >>> localize("with batch norm"), localize("n = 100")
    ('with batch norm', 'n = 100')
    """
    text = str(text)
    return CATALOGUE[_state["language"]].get(text, text)


def _language_from_environment() -> str:
    value = os.environ.get(ENVIRONMENT_VARIABLE, "") or "en"
    return _check_language(value, f"the environment variable {ENVIRONMENT_VARIABLE}")


_state["language"] = _language_from_environment()
