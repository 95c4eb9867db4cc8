"""Argument checks shared by the public functions of :mod:`weightinit`.

Every public function validates its arguments here, before doing any work, and raises a
:class:`ValueError` or :class:`TypeError` that names the argument and what it accepts.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

RngLike = np.random.Generator | int | None


def check_shape(shape: object, name: str = "shape") -> tuple[int, ...]:
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
    dims: list[int] = []
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
        raise TypeError(f"{name} must be an int, got {value!r} of type {type(value).__name__}")
    value = int(value)
    if minimum is not None and value < minimum:
        kind = {0: "a non-negative int", 1: "a positive int"}.get(minimum, f"an int >= {minimum}")
        raise ValueError(f"{name} must be {kind}, got {value}")
    return value


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
        raise TypeError(
            f"{name} must be a real number, got {value!r} of type {type(value).__name__}"
        )
    try:
        value = float(value)
    except OverflowError:  # an int beyond the float range
        value = -math.inf if value < 0 else math.inf
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if non_negative and value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return value


def check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise listing them."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, one of {list(choices)}, got {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


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


def check_real_array(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a non-empty float64 array of finite reals, or raise naming ``name``.

    A :class:`TypeError` if its dtype is not a real number type (strings, complex, objects,
    booleans), a :class:`ValueError` if it is empty or holds NaN or an infinity.
    """
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a real array, got a {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(f"{name} must be a rectangular array: {error}") from error
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real array, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold only finite values")
    return array
