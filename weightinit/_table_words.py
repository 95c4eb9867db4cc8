"""The tables' words in Japanese, keyed by their English text: part of the site's one catalogue.

:mod:`weightinit.language` reads this table into its catalogue, so the functions and the pages
that write the tables look their words up with :func:`weightinit.language.label`. This module is
data and imports nothing.
"""

__all__ = ["TABLE_JA"]

#: Japanese for the words of the tables the pages show (jatables): the functions that write
#: them (weightinit.frameworks.advice and .defaults, weightinit.parametrization) and the
#: pages' code cells that build them, keyed by the English text. Numbers, maths and links'
#: targets are fields, so both editions show the same numbers and link the same pages.
TABLE_JA = {
    # the bottom line (index, quick tour): weightinit/frameworks/advice.py
    "your network": "ネットワークの種類",
    "start the weights from": "重みの初期値",
    "tanh, or no activation": "tanh、または活性化関数なし",
    ("Glorot (Xavier), {rule} ([why]({why})). The defaults, per square layer: {defaults}."): (
        "Glorot（Xavier）、{rule}（[理由]({why})）。正方形の層でのデフォルト：{defaults}。"
    ),
    (
        "He, {rule}; for a leaky ReLU of slope $a$, {leaky} ([why]({why})). "
        "The defaults, per square layer: {defaults}."
    ): (
        "He、{rule}。傾き$a$のLeaky ReLUでは{leaky}（[理由]({why})）。"
        "正方形の層でのデフォルト：{defaults}。"
    ),
    (
        "tanh or ReLU instead: even under Glorot's rule, a sigmoid network's gradient vanishes "
        "towards the input ([why]({why}), [activations]({activations}))."
    ): (
        "代わりにtanhかReLUを使う。Glorotの規則を使っても、シグモイド関数のネットワークでは"
        "入力側に向かって勾配が消失する（[理由]({why})、[アクティベーション分布]({activations})）。"
    ),
    "a start that still fails (tens of layers, an unusual activation)": (
        "それでもうまくいかない初期値（数十層、珍しい活性化関数）"
    ),
    (
        "batch normalization, which removes the weights' scale from the forward pass "
        "([batch norm]({batchnorm})), or LSUV, which rescales each layer on real data "
        "([LSUV]({lsuv}))."
    ): (
        "順伝播から重みのスケールを取り除くBatch Normalization（[Batch Normalization]"
        "({batchnorm})）、または実際のデータで各層をスケールし直すLSUV（[LSUV]({lsuv})）。"
    ),
    "residual blocks": "残差ブロック",
    (
        "the rule above in each branch, its last layer then scaled by {scale} ($B$ blocks) "
        "or started at zero ([why]({why}))."
    ): (
        "各ブランチで上の規則を使い、その最後の層をさらに{scale}倍する（$B$はブロック数）か、"
        "0から始める（[理由]({why})）。"
    ),
    "{names}: variance kept": "{names}は分散を保つ",
    "{names}: variance times {factor}": "{names}は分散を{factor}倍にする",
    "{names} and {last}": "{names}、{last}",
    "; ": "。",
    "{parts} ([set it yourself]({how}))": "{parts}（[自分で設定する]({how})）",
    # the frameworks' defaults (practice): weightinit/frameworks/defaults.py and the page
    "framework": "フレームワーク",
    "weights": "重み",
    "bias": "バイアス",
    "uniform (`{function}`)": "一様分布（`{function}`）",
    "truncated normal (`{function}`)": "切断正規分布（`{function}`）",
    "uniform, {bound}": "一様分布、{bound}",
    "zero": "ゼロ",
    "normal, {std}": "正規分布、{std}",
    "std {std}": "標準偏差{std}",
    "{bias} (`{layer}`: {other})": "{bias}（`{layer}`では{other}）",
    "default": "デフォルト",
    "He (reference)": "He（比較用）",
    "dense layer": "全結合層",
    "2-D convolution": "2次元畳み込み",
    # the transformer page's tables, and the rules of μP: weightinit/parametrization.py
    "width $d$": "幅$d$",
    "{name} std, {shape}": "{name}の標準偏差、{shape}",
    "spread, unscaled ({scale})": "ばらつき、スケーリングなし（{scale}）",
    "spread, scaled": "ばらつき、スケーリングあり",
    "largest weight, unscaled / scaled": "最大の重み、スケーリングなし / あり",
    "initial variance": "初期値の分散",
    "{optimizer} learning rate": "{optimizer}の学習率",
    "input": "入力",
    "hidden": "隠れ層",
    "0 (this package's choice; Table 3 groups biases with the input weights)": (
        "0（このパッケージの選択。表3ではバイアスを入力の重みと同じグループにしています）"
    ),
    # the diagnostics page's table of initial losses
    "network": "ネットワーク",
    "initial loss": "初期の損失",
    "loss {difference}": "損失 {difference}",
    "std of the logits": "ロジットの標準偏差",
    "{activation}, {init}": "{activation}、{init}",
}
