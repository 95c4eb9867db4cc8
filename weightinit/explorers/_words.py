"""The explorers' words in Japanese, keyed by their English text: part of the site's one catalogue.

:mod:`weightinit.language` reads these tables into its catalogue, so the explorers (like every
other module) look their words up with :func:`weightinit.language.label`. This module is data
and imports nothing, so the language module, which sits below the explorers, can read it;
``weightinit/explorers/__init__.py`` imports none of its submodules, so reading this one loads
no explorer.
"""

__all__ = ["EXPLORER_JA", "PLAYGROUND_JA"]

#: Japanese for the training playground's controls and summary (:mod:`.playground`).
PLAYGROUND_JA = {
    "Training playground": "学習の実験場",
    "data": "データ",
    "start": "初期値",
    "hidden layers' activation": "隠れ層の活性化関数",
    "two moons": "2つの三日月",
    "circles": "同心円",
    "XOR": "XOR",
    "spiral": "渦巻き",
    "all zeros": "すべて0",
    "all weights 0.5": "重みをすべて0.5",
    "too small: std 0.01": "小さすぎる：標準偏差0.01",
    "too large: std 100": "大きすぎる：標準偏差100",
    "Play": "再生",
    "Pause": "一時停止",
    "Step": "1ステップ",
    "Reset": "リセット",
    "Nudge the weights": "重みを少し揺らす",
    "decision boundary and data": "決定境界とデータ",
    "training loss (log scale) against step": "ステップごとの訓練損失（対数目盛）",
    "first hidden layer: one row per unit (incoming weights, bias, outgoing weights)": (
        "第1隠れ層：1行が1ノード（入る重み、バイアス、出る重み）"
    ),
    "{count} distinct of {total} units in hidden layer {layer}": (
        "第{layer}隠れ層の{total}ノードのうち互いに異なるもの{count}個"
    ),
    "{data}, {start}, {activation}: step {steps}, loss {loss}; {units}.": (
        "{data}、{start}、{activation}：ステップ{steps}、損失{loss}。{units}。"
    ),
    "The data points of the two classes, circles and squares, over the regions where the "
    "network predicts each class.": (
        "2クラスのデータ点（丸と四角）と、ネットワークが各クラスを予測する領域。"
    ),
}


#: Japanese for the words of the activation explorer (:mod:`.activations`), keyed by the English
#: text.
EXPLORER_JA = {
    "activation explorer": "アクティベーション分布を試す",
    (
        "The same experiment, run in your browser: choose the activation, the standard deviation "
        "s of the weights, the width n and the depth L; each layer's histogram, or the "
        "back-propagated gradient, and the table follow at once."
    ): (
        "同じ実験をブラウザーの中で実行します。活性化関数、重みの標準偏差 s、幅 n、深さ L を"
        "選ぶと、各層のヒストグラム（または逆伝播される勾配）と表がすぐに変わります。"
    ),
    "activation function": "活性化関数",
    "weight standard deviation s": "重みの標準偏差 s",
    "width n (units per layer)": "幅 n（各層のノード数）",
    "depth L (layers)": "深さ L（層の数）",
    "show": "表示",
    "activations": "アクティベーション",
    "saturated": "飽和",
    "collapsed": "集中",
    "dead units": "死んだノード",
    "std": "標準偏差",
    "std of δ": "δ の標準偏差",
    "histograms of the activations of each layer": "各層のアクティベーションのヒストグラム",
    "standard deviation of the back-propagated gradient in each layer, on a logarithmic scale": (
        "各層で逆伝播される勾配の標準偏差（対数目盛）"
    ),
    "{n_inputs} inputs feed layer 1: its weights have standard deviation s·√(n/{n_inputs}).": (
        "1層目への入力は{n_inputs}個なので、その重みの標準偏差は s·√(n/{n_inputs}) です。"
    ),
    "{activation}, s = {scale}, {width} units, {depth} layers.": (
        "{activation}、s = {scale}、{width}ノード、{depth}層。"
    ),
    "Layer {depth}: std {std}.": "{depth}層目：標準偏差{std}。",
    "Saturated {saturated}, collapsed {collapsed}.": "飽和{saturated}、集中{collapsed}。",
    "Dead units {dead}.": "死んだノード{dead}。",
    "The gradient's std is {ratio} times as large in layer 1 as in layer {depth}.": (
        "勾配の標準偏差は、1層目では{depth}層目の{ratio}倍です。"
    ),
}
