"""The validation contract holds everywhere: argument checks raise through weightinit._validation.

The README promises a :class:`TypeError` for a wrong type and a :class:`ValueError` for a wrong
value, the message naming the argument. Hand-written checks drift from it (the same bad input
raised one error in one experiment and the other in the next), so the package raises its
argument errors only through the helpers of :mod:`weightinit._validation`; this test finds a
hand-written ``raise TypeError(f"... must be ...")`` anywhere else.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

import weightinit as wi
from weightinit.batchnorm import BatchNorm
from weightinit.experiments import (
    compare_deep_relu_starts,
    compare_initializers,
    compare_with_batchnorm,
    jacobian_spectra,
    norm_drift,
    residual_forward,
)
from weightinit.lsuv import lsuv
from weightinit.network import MLP

PACKAGE = Path(wi.__file__).parent
VALIDATION = PACKAGE / "_validation.py"
#: The wording of an argument check: "<name> must ...".
ARGUMENT_CHECK = re.compile(r"\bmust\b")


def _message_text(node: ast.expr) -> str:
    """The literal text of a str or f-string message (placeholders dropped)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_message_text(part) for part in node.values)
    if isinstance(node, ast.BinOp):  # "..." + "..."
        return _message_text(node.left) + _message_text(node.right)
    return ""


def hand_written_argument_checks(source: str) -> list[tuple[int, str]]:
    """Lines and messages of ``raise TypeError/ValueError("... must ...")`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        call = node.exc
        if not (isinstance(call.func, ast.Name) and call.func.id in {"TypeError", "ValueError"}):
            continue
        text = "".join(_message_text(arg) for arg in call.args)
        if ARGUMENT_CHECK.search(text):
            found.append((node.lineno, text))
    return found


def test_the_finder_sees_a_hand_written_check_and_ignores_others():
    source = (
        "def f(n, x):\n"
        "    if n < 0:\n"
        "        raise ValueError(f'n must be non-negative, got {n}')\n"
        "    if x is None:\n"
        "        raise TypeError('x ' 'must be an array')\n"
        "    raise ValueError('not an IDX file')\n"
        "    raise KeyError('k must be known')\n"
    )
    assert [line for line, _ in hand_written_argument_checks(source)] == [3, 5]


def test_no_argument_check_is_hand_written_outside_the_validation_module():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {text}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != VALIDATION
        for line, text in hand_written_argument_checks(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "raise through weightinit._validation:\n" + "\n".join(offenders)


def _task():
    rng = np.random.default_rng(0)
    x = rng.random((40, 6)).astype(np.float32)
    return x, (x[:, 0] > 0.5).astype(int)


#: The same bad argument given to each experiment; before, some raised TypeError, others
#: ValueError (compare_initializers(batch_size=8.0) vs compare_deep_relu_starts(batch_size=8.0)).
CALLS = {
    "compare_initializers": lambda **kw: compare_initializers(*_task(), iterations=2, **kw),
    "compare_deep_relu_starts": lambda **kw: compare_deep_relu_starts(
        *_task(), depth=2, width=4, iterations=2, **kw
    ),
    "compare_with_batchnorm": lambda **kw: compare_with_batchnorm(
        *_task(), hidden=(4,), iterations=2, seeds=(0,), **kw
    ),
}


@pytest.mark.parametrize("function", sorted(CALLS))
@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (8.0, TypeError, r"^batch_size must be an int, got 8.0 of type float$"),
        (True, TypeError, r"^batch_size must be an int, got True of type bool$"),
        ("8", TypeError, r"^batch_size must be an int"),
        (0, ValueError, r"^batch_size must be a positive int, got 0$"),
    ],
)
def test_the_training_experiments_reject_a_batch_size_alike(function, value, error, message):
    with pytest.raises(error, match=message):
        CALLS[function](batch_size=value)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: lsuv(MLP((6, 4, 2), rng=0), _task()[0], max_iter=True), TypeError, "max_iter"),
        (lambda: lsuv(MLP((6, 4, 2), rng=0), _task()[0], max_iter=1.0), TypeError, "max_iter"),
        (lambda: jacobian_spectra((1,), width=8.0), TypeError, "width"),
        (lambda: norm_drift((1,), width=8.0), TypeError, "width"),
        (lambda: norm_drift((1.0,), width=8), TypeError, "each entry of depths"),
        (lambda: residual_forward(np.ones((2, 2)), 2.0, "residual"), TypeError, "n_blocks"),
        (lambda: BatchNorm(3.0), TypeError, "n_features"),
        (
            lambda: compare_with_batchnorm(*_task(), hidden=(4.0,)),
            TypeError,
            "each entry of hidden",
        ),
        (lambda: compare_with_batchnorm(*_task(), inits="he"), TypeError, "inits"),
        (lambda: compare_deep_relu_starts(*_task(), starts="he"), TypeError, "starts"),
        (lambda: compare_deep_relu_starts(*_task(), seed=1.0), TypeError, "seed"),
    ],
)
def test_a_wrong_type_is_a_type_error_naming_the_argument(call, error, message):
    with pytest.raises(error, match=rf"^{message} must be"):
        call()
