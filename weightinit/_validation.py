"""Argument checks shared by the public functions of :mod:`weightinit`.

Every public function validates its arguments here, before doing any work, and raises a
:class:`ValueError` or :class:`TypeError` that names the argument and what it accepts: a
:class:`TypeError` for a wrong type (from the typed checks: :func:`check_int`,
:func:`check_real`, :func:`check_bool`, :func:`check_instance`, :func:`check_real_array`, ...), a
:class:`ValueError` for a wrong value (theirs, or :func:`check_value` for a rule between
arguments). No other module writes such a ``raise`` by hand
(``tests/test_validation_contract.py``), so one bad input raises the same error everywhere.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import numpy as np

RngLike = np.random.Generator | int | None

T = TypeVar("T")
_NOTHING = object()  # check_value's "no got= given"


def _article(word: str) -> str:
    """``"a"`` or ``"an"`` before a class name ("an MLP", "an SGD", "a ForwardPass")."""
    acronym = word[:2].isupper()
    return "an" if word[0] in ("AEFHILMNORSX" if acronym else "AEIOUaeiou") else "a"


def type_error(name: str, accepted: str, value: object) -> TypeError:
    """The TypeError every check raises: the argument, what it accepts, what it got.

    >>> type_error("scheme", "a name or a callable", 3)
    TypeError('scheme must be a name or a callable, got 3 of type int')
    """
    kind = type(value).__name__
    if isinstance(value, np.ndarray):
        got = f"an array of shape {value.shape}"
    else:  # a long repr (a list of arrays, say) is left out
        shown = repr(value)
        got = f"{shown} of type {kind}" if len(shown) <= 60 else f"{_article(kind)} {kind}"
    return TypeError(f"{name} must be {accepted}, got {got}")


def value_error(name: str, rule: str, got: object = _NOTHING) -> ValueError:
    """The ValueError ``"{name} must {rule}, got {got!r}"``, to raise (``from`` a cause)."""
    message = f"{name} must {rule}"
    return ValueError(message if got is _NOTHING else f"{message}, got {got!r}")


def check_value(condition: bool, name: str, rule: str, got: object = _NOTHING) -> None:
    """Raise a :class:`ValueError` ``"{name} must {rule}, got {got}"`` unless ``condition``.

    For the rules no typed check states: a relation between arguments (``"x_test and t_test"``
    given together, ``low`` below ``high``), an order, a divisibility. The type of each argument
    is checked first, by the typed checks of this module.

    >>> check_value(1 < 2, "low", "be less than high")
    >>> check_value(3 < 2, "low", "be less than high", 3)
    Traceback (most recent call last):
    ...
    ValueError: low must be less than high, got 3
    """
    if not condition:
        raise value_error(name, rule, got)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a bool (numpy's too, as a Python bool), else a TypeError."""
    if not isinstance(value, bool | np.bool_):
        raise type_error(name, "a bool", value)
    return bool(value)


def check_str(value: object, name: str, *, non_empty: bool = False) -> str:
    """Return ``value`` if it is a str (non-empty if asked), else raise naming ``name``."""
    if not isinstance(value, str):
        raise type_error(name, "a str", value)
    check_value(bool(value) or not non_empty, name, "be a non-empty str")
    return value


def check_instance(value: object, name: str, kind: type[T]) -> T:
    """Return ``value`` if it is an instance of the class ``kind``, else a TypeError.

    >>> check_instance(0.1, "optimizer", dict)
    Traceback (most recent call last):
    ...
    TypeError: optimizer must be a dict, got 0.1 of type float
    """
    if not isinstance(value, kind):
        raise type_error(name, f"{_article(kind.__name__)} {kind.__name__}", value)
    return value


def check_callable(value: object, name: str, *, optional: bool = False) -> Callable | None:
    """Return ``value`` if it is callable (or None, if ``optional``), else a TypeError."""
    if not (callable(value) or (optional and value is None)):
        raise type_error(name, "callable or None" if optional else "callable", value)
    return value  # type: ignore[return-value]


def check_mapping(value: object, name: str) -> Mapping:
    """Return ``value`` if it is a mapping with at least one entry, or raise naming ``name``."""
    if not isinstance(value, Mapping):
        raise type_error(name, "a mapping", value)
    check_value(len(value) > 0, name, "be a mapping with at least one entry")
    return value


def check_shape(shape: int | Sequence[int], name: str = "shape") -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative Python ints, or raise."""
    if isinstance(shape, np.ndarray):
        if shape.ndim > 1:
            raise TypeError(f"{name} must be an int or a 1-D sequence of ints, got {shape.ndim}-D")
        shape = shape.tolist()  # a 0-d array becomes a scalar, numpy ints become Python ints
    if isinstance(shape, bool):
        raise TypeError(f"{name} must be an int or a sequence of ints, got a bool")
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    if isinstance(shape, str | bytes) or not isinstance(shape, Sequence):
        raise TypeError(f"{name} must be an int or a sequence of ints, got {type(shape).__name__}")
    dims = []
    for dim in shape:
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
            raise TypeError(
                f"{name} must contain only ints, got {dim!r} of type {type(dim).__name__}"
            )
        if dim < 0:
            raise ValueError(f"{name} must contain only non-negative ints, got {tuple(shape)}")
        dims.append(int(dim))
    return tuple(dims)


def check_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` as a Python int, or raise naming ``name``.

    A bool or a non-integral number raises :class:`TypeError`; an int below ``minimum``
    raises :class:`ValueError`.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise type_error(name, "an int", value)
    value = int(value)
    if minimum is not None and value < minimum:
        kind = {0: "a non-negative int", 1: "a positive int"}.get(minimum, f"an int >= {minimum}")
        raise ValueError(f"{name} must be {kind}, got {value}")
    return value


def check_count(value: object, name: str) -> int:
    """Return ``value`` as a positive Python int (a size, a number of steps), or raise."""
    return check_int(value, name, minimum=1)


def check_seed(seed: object, name: str = "seed") -> int:
    """Return ``seed`` as a non-negative Python int, or raise naming ``name``."""
    return check_int(seed, name, minimum=0)


def check_sequence(value: object, name: str, *, min_length: int = 1) -> list:
    """Return the items of a sequence (a str is not one) or 1-D array as a list, or raise.

    Something else raises :class:`TypeError`; fewer than ``min_length`` items raise
    :class:`ValueError`.
    """
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence, got {value!r} of type {type(value).__name__}")
    if len(value) < min_length:
        raise ValueError(f"{name} must hold at least {min_length} item(s), got {len(value)}")
    return list(value)


def check_sizes(
    value: object,
    name: str,
    *,
    length: int | None = None,
    min_length: int = 1,
    minimum: int = 1,
) -> tuple[int, ...]:
    """Return a sequence of ints (layer widths, counts) as a tuple, or raise naming ``name``.

    Each item is checked by :func:`check_int` with ``minimum``; ``length``, if given, is the
    exact number of items required.
    """
    items = check_sequence(value, name, min_length=min_length)
    if length is not None and len(items) != length:
        raise ValueError(f"{name} must have {length} entries, got {len(items)}")
    return tuple(check_int(item, f"each entry of {name}", minimum=minimum) for item in items)


def check_widths(width: object, n_layers: int, name: str = "width") -> tuple[int, ...]:
    """Return ``n_layers`` positive widths from one int (every layer) or one per layer."""
    if isinstance(width, numbers.Integral) and not isinstance(width, bool):
        return (check_int(width, name, minimum=1),) * n_layers
    if isinstance(width, np.ndarray | Sequence) and not isinstance(width, str | bytes):
        items = check_sequence(width, name)
        if len(items) != n_layers:
            raise ValueError(f"{name} must have n_layers={n_layers} entries, got {len(items)}")
        return check_sizes(items, name)
    raise TypeError(
        f"{name} must be an int or a sequence of ints, got {width!r} of type {type(width).__name__}"
    )


def check_real(
    value: object,
    name: str,
    *,
    positive: bool = False,
    non_negative: bool = False,
) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise type_error(name, "a real number", value)
    try:
        value = float(value)
    except OverflowError:  # an int beyond the float range
        value = math.inf if value > 0 else -math.inf
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if non_negative and value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return value


def check_interval(
    value: object,
    name: str,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float within ``[low, high]`` (an end excluded if open), or raise.

    >>> check_interval(0.9, "momentum", 0.0, 1.0, high_open=True)
    0.9
    >>> check_interval(1.0, "momentum", 0.0, 1.0, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: momentum must lie in [0.0, 1.0), got 1.0
    """
    number = check_real(value, name)
    above = low < number if low_open else low <= number
    below = number < high if high_open else number <= high
    brackets = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    check_value(above and below, name, f"lie in {brackets}", number)
    return number


def check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise listing them."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, one of {list(choices)}, got {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_names(
    value: object, name: str, choices: Sequence[str] | None = None, *, distinct: bool = True
) -> tuple[str, ...]:
    """Return a non-empty sequence of names as a tuple, or raise naming ``name``.

    Each name must be a str (:class:`TypeError`), one of ``choices`` if given, and, if
    ``distinct``, not repeated (:class:`ValueError`).
    """
    items = check_sequence(value, name)
    for item in items:
        if choices is None:
            check_str(item, f"each entry of {name}")
        else:
            check_choice(item, f"each entry of {name}", choices)
    check_value(not distinct or len(set(items)) == len(items), name, "not repeat a name", items)
    return tuple(items)


def check_float_dtype(dtype: object, name: str = "dtype") -> np.dtype:
    """Return ``dtype`` as a floating :class:`numpy.dtype`, or raise."""
    try:
        result = np.dtype(dtype)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a floating numpy dtype, got {dtype!r}") from error
    if not np.issubdtype(result, np.floating):
        raise TypeError(
            f"{name} must be a floating dtype such as numpy.float32 or numpy.float64, got {result}"
        )
    return result


def check_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` built from ``rng``, or raise.

    Accepts a Generator (returned as is), an int seed, or None (fresh OS entropy).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(
            f"{name} must be a numpy.random.Generator, an int seed or None, "
            f"got {type(rng).__name__}"
        )
    if rng < 0:
        raise ValueError(f"{name} as a seed must be a non-negative int, got {rng}")
    return np.random.default_rng(int(rng))


def check_fits_dtype(magnitude: float, dtype: np.dtype, names: str) -> None:
    """Raise a ValueError naming ``names`` if values of ``magnitude`` would overflow ``dtype``.

    ``magnitude`` is the largest absolute value the result can take (``inf`` if it overflowed
    while being computed). Call it before drawing, so that no array holds ``inf``.
    """
    largest = float(np.finfo(dtype).max) if dtype.itemsize <= 8 else float(np.finfo(float).max)
    if not magnitude <= largest:
        raise ValueError(
            f"{names} too large for {dtype}: values up to {magnitude:.3g} in magnitude would "
            f"overflow its largest finite value {largest:.3g}"
        )


def _real_array(value: object, name: str) -> np.ndarray:
    """Return ``np.asarray(value)`` if it holds real numbers and is not empty, or raise."""
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a real array, got a {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(f"{name} must be a rectangular array: {error}") from error
    if array.dtype.kind not in "fiu":  # floats, signed and unsigned ints: not bool nor complex
        raise TypeError(f"{name} must be a real array, got dtype {array.dtype}")
    check_value(array.size > 0, name, "not be empty")
    return array


def _finite(array: np.ndarray, name: str) -> np.ndarray:
    check_value(bool(np.all(np.isfinite(array))), name, "hold only finite values")
    return array


def check_real_array(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a non-empty float64 array of finite reals, or raise naming ``name``.

    A :class:`TypeError` if its dtype is not a real number type (strings, complex, objects,
    booleans), a :class:`ValueError` if it is empty or holds NaN or an infinity.
    """
    return _finite(_real_array(value, name).astype(np.float64, copy=False), name)


def check_matrix(
    value: object,
    name: str,
    *,
    n_columns: int | None = None,
    min_rows: int = 1,
    dtype: type | np.dtype = np.float64,
    contiguous: bool = False,
    finite: bool = True,
) -> np.ndarray:
    """Return ``value`` as a 2-D array of finite reals in ``dtype``, or raise naming ``name``.

    Rows are samples: at least ``min_rows`` of them, and exactly ``n_columns`` features if
    given. A wrong dtype raises :class:`TypeError`, a wrong shape or (if ``finite``) a
    non-finite entry :class:`ValueError`. The array is converted with :func:`numpy.asarray`
    (no copy if it already has ``dtype``), or :func:`numpy.ascontiguousarray` if ``contiguous``.

    >>> check_matrix([[1, 2]], "x", n_columns=3)
    Traceback (most recent call last):
    ...
    ValueError: x must have shape (n_samples >= 1, 3), got (1, 2)
    """
    array = _real_array(value, name)
    shape_ok = array.ndim == 2 and array.shape[0] >= min_rows and array.shape[1] > 0
    if not (shape_ok and (n_columns is None or array.shape[1] == n_columns)):
        columns = "n_features" if n_columns is None else n_columns
        raise value_error(name, f"have shape (n_samples >= {min_rows}, {columns})", array.shape)
    array = (np.ascontiguousarray if contiguous else np.asarray)(array, dtype=dtype)
    return _finite(array, name) if finite else array


def check_labels(
    value: object, name: str, n_samples: int, *, n_classes: int | None = None, rows_of: str = "x"
) -> np.ndarray:
    """Return integer class labels, one per sample, as an ``intp`` array, or raise.

    A non-integer dtype raises :class:`TypeError`; a shape other than ``(n_samples,)`` (one
    label per row of the samples ``rows_of``), a negative label or one not below ``n_classes``
    (if given) raise :class:`ValueError`.
    """
    labels = np.asarray(value)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an array of integer labels, got dtype {labels.dtype}")
    if labels.shape != (n_samples,):
        rule = f"have shape ({n_samples},), one label per row of {rows_of}"
        raise value_error(name, rule, labels.shape)
    if labels.size:
        check_value(int(labels.min()) >= 0, name, "hold non-negative class numbers")
        if n_classes is not None:
            below = int(labels.max()) < n_classes
            check_value(below, name, f"be below n_classes={n_classes}", int(labels.max()))
    return labels.astype(np.intp, copy=False)


def check_data(
    x: object,
    t: object,
    name_x: str = "x",
    name_t: str = "t",
    *,
    min_samples: int = 1,
    n_features: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return training data ``(x, t)`` as float32 rows and ``intp`` labels, or raise.

    ``x`` is checked by :func:`check_matrix` (``min_samples`` rows, ``n_features`` columns if
    given; C-contiguous float32), ``t`` by :func:`check_labels` (one label per row of ``x``).
    """
    images = check_matrix(
        x, name_x, n_columns=n_features, min_rows=min_samples, dtype=np.float32, contiguous=True
    )
    return images, check_labels(t, name_t, len(images), rows_of=name_x)


def check_classes(labels: np.ndarray, n_classes: object, name_t: str = "t") -> int:
    """Return the number of classes: ``n_classes``, or one more than the largest label if None.

    ``labels`` are checked labels (:func:`check_labels`); a label not below ``n_classes``
    raises :class:`ValueError` naming ``name_t``.
    """
    if n_classes is None:
        return int(labels.max()) + 1
    classes = check_count(n_classes, "n_classes")
    check_labels(labels, name_t, len(labels), n_classes=classes)
    return classes
