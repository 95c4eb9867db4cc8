"""Helpers for the site's notebooks: ``glue`` and the number formats the prose uses.

Each page of the site is a notebook whose hidden cells compute the numbers quoted in the text
and hand them to the page with myst-nb's ``glue``. The same notebooks can be downloaded and run
in any Jupyter, where myst-nb is usually not installed. :func:`glue` therefore calls
``myst_nb.glue`` when myst-nb is importable inside a running IPython kernel (as in the docs
build, so the site shows the same numbers) and otherwise degrades to a plain display (or to
nothing, with ``display=False``).

The formatters turn numbers (Python or numpy scalars) into the strings the prose shows: glue
needs ``str`` values here, because numpy 2 scalars trip its format specifications.

>>> from weightinit.notebook import pct, sci
>>> sci(2.3e-13), pct(0.317)
('2 × 10⁻¹³', '32 %')
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from importlib import resources
from typing import Any

import numpy as np

from weightinit._validation import (
    check_choice,
    check_int,
    check_real,
    check_real_array,
    check_str,
    check_value,
    value_error,
)
from weightinit.language import label

__all__ = [
    "arrow",
    "glue",
    "glued",
    "num",
    "pct",
    "pct_span",
    "ratio_per_step",
    "sci",
    "show_glued",
    "span",
    "spread",
    "superscript",
    "use_site_style",
]

#: Every value glued in this process, by name: what a downloaded notebook shows in place of the
#: page's glued figures (:func:`show_glued`), and what its check compares with the page.
_GLUED: dict[str, Any] = {}

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

#: How the formatters may round: to the nearest value, or outward for a printed bound ("down"
#: for an "at least", "up" for an "at most"), so that the sentence stays true of the raw value.
ROUNDING = {"nearest": ROUND_HALF_EVEN, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def _running_shell() -> Any:
    """Return the running IPython shell, or None outside IPython (or without IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _myst_nb_glue() -> Any:
    """Return ``myst_nb.glue``, or None when myst-nb is not installed."""
    try:
        return importlib.import_module("myst_nb").glue
    except ImportError:
        return None


def glue(name: str, value: Any, display: bool = True) -> None:
    """Record ``value`` under ``name`` for the page's prose, or just show it outside the site.

    Inside an IPython kernel with myst-nb installed (the docs build), this is
    ``myst_nb.glue(name, value, display)``: the page refers to the value as ``{glue:text}`name```.
    Elsewhere (a downloaded notebook in a plain Jupyter, or a script) ``glue`` displays
    ``value`` when ``display`` is true and shows nothing otherwise. Either way the value is kept
    under ``name`` for :func:`show_glued` and :func:`glued`.

    Parameters
    ----------
    name : str
        The key the page uses for the value.
    value : object
        The value; format numbers into a ``str`` first (see :func:`sci`, :func:`pct`, ...).
    display : bool, optional
        Whether to show the value in the cell's output as well (the default).

    Raises
    ------
    TypeError
        If ``name`` is not a str.
    ValueError
        If ``name`` is empty.

    Examples
    --------
    Outside IPython, ``display=False`` records nothing and shows nothing:

    >>> glue("tour_he_std", f"{0.0632:.4f}", display=False)
    >>> glue("tour_he_std", f"{0.0632:.4f}")
    0.0632
    """
    check_str(name, "name", non_empty=True)
    _GLUED[name] = value
    if _running_shell() is not None:
        myst_glue = _myst_nb_glue()
        if myst_glue is not None:
            myst_glue(name, value, display)
            return
    if not display:
        return
    try:
        from IPython.display import display as show
    except ImportError:
        print(value)
        return
    show(value)


def glued() -> dict[str, Any]:
    """Return the values glued so far in this process, by name (a copy).

    Examples
    --------
    >>> glue("doc_example", "0.5", display=False)
    >>> glued()["doc_example"]
    '0.5'
    """
    return dict(_GLUED)


def show_glued(name: str) -> None:
    """Display the value glued under ``name``, as the page shows it (a figure, a table).

    A downloaded notebook calls this where the page shows a glued figure, since the cell that
    glued it shows nothing (``display=False``).

    Parameters
    ----------
    name : str
        The name the value was glued under.

    Raises
    ------
    TypeError
        If ``name`` is not a str.
    ValueError
        If nothing was glued under ``name``.

    Examples
    --------
    >>> glue("doc_number", "42", display=False)
    >>> show_glued("doc_number")
    42
    """
    check_str(name, "name")
    known = ", ".join(sorted(_GLUED)) or "nothing yet"
    check_value(name in _GLUED, "name", f"be a glued name ({known})", name)
    value = _GLUED[name]
    try:
        from IPython.display import display as show
    except ImportError:
        print(value)
        return
    show(value)


def use_site_style() -> None:
    """Draw matplotlib figures as the site does, from the rc file the package ships.

    The site's kernels read ``weightinit/matplotlibrc`` (figure size, resolution, font sizes);
    a downloaded notebook calls this first so that its figures look like the page's. In a
    Jupyter kernel the inline backend is switched on first, so that it keeps these settings.

    Examples
    --------
    >>> import matplotlib
    >>> use_site_style()
    >>> matplotlib.rcParams["figure.dpi"] > 100
    True
    """
    import matplotlib

    if _running_shell() is not None:
        import matplotlib.pyplot
    with resources.as_file(resources.files("weightinit") / "matplotlibrc") as path:
        matplotlib.rcParams.update(matplotlib.rc_params_from_file(path, use_default_template=False))


def superscript(exponent: int) -> str:
    """Write an integer with Unicode superscript digits, as in ``10⁻⁷``.

    Parameters
    ----------
    exponent : int
        The integer to write.

    Returns
    -------
    str
        The digits (and a leading minus sign) as superscripts.

    Raises
    ------
    TypeError
        If ``exponent`` is not an int.

    Examples
    --------
    >>> "10" + superscript(-13)
    '10⁻¹³'
    """
    return str(check_int(exponent, "exponent")).translate(_SUPERSCRIPTS)


def sci(value: float, digits: int = 0, *, rounding: str = "nearest") -> str:
    """Format a number in scientific notation for the prose, as in ``2 × 10⁻⁷``.

    A mantissa of exactly 1 is left out (``10⁵``, not ``1 × 10⁵``), a number between 1 and 10
    is written without a power (``5``, not ``5 × 10⁰``), and 0 is written ``0``.

    Parameters
    ----------
    value : float
        A finite real number (Python or numpy scalar).
    digits : int, default 0
        Digits after the decimal point of the mantissa.
    rounding : {"nearest", "down", "up"}, default "nearest"
        Round the mantissa to the nearest, or down (towards minus infinity, for a printed
        lower bound) or up (for an upper bound).

    Returns
    -------
    str
        The formatted number.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``digits`` not an int.
    ValueError
        If ``value`` is not finite, ``digits`` is negative or ``rounding`` unknown.

    Examples
    --------
    >>> sci(4.1e-07), sci(8.9e14), sci(9.31e-10, 1), sci(1.2e5), sci(5.04, 1)
    ('4 × 10⁻⁷', '9 × 10¹⁴', '9.3 × 10⁻¹⁰', '10⁵', '5.0')
    >>> sci(5.34e-7, rounding="up"), sci(9.6e-7, rounding="up"), sci(5.34e-7, rounding="down")
    ('6 × 10⁻⁷', '10⁻⁶', '5 × 10⁻⁷')
    """
    number = check_real(_scalar(value, "value"), "value")
    places = _check_digits(digits)
    mode = _check_rounding(rounding)
    if number == 0:
        return "0"
    exact = Decimal(number)
    exponent = exact.adjusted()
    scaled = _round(exact.scaleb(-exponent), places, mode)
    if abs(scaled) >= 10:  # 9.6 rounded up to 10: one more power of ten
        scaled, exponent = _round(scaled / 10, places, mode), exponent + 1
    mantissa = f"{scaled:.{places}f}"
    if exponent == 0:
        return mantissa
    power = superscript(int(exponent))
    if float(mantissa) == 1:
        return f"10{power}"
    if float(mantissa) == -1:
        return f"-10{power}"
    return f"{mantissa} × 10{power}"


def num(value: float, fmt: str = ".2f", *, rounding: str = "nearest") -> str:
    """Format a number with a format specification, as in ``f"{value:.2f}"``.

    Unlike an f-string, it accepts numpy scalars and 0-d arrays of any precision alike.

    Parameters
    ----------
    value : float
        A finite real number (Python or numpy scalar).
    fmt : str, default ".2f"
        A format specification for a float.
    rounding : {"nearest", "down", "up"}, default "nearest"
        Round to the nearest, or down or up for a printed bound; "down" and "up" need a
        fixed-point format such as ``".2f"``.

    Returns
    -------
    str
        The formatted number.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``fmt`` not a str.
    ValueError
        If ``value`` is not finite or ``fmt`` is not a valid float format.

    Examples
    --------
    >>> import numpy as np
    >>> num(np.float32(2.302585)), num(np.log(10), ".3f")
    ('2.30', '2.303')
    >>> num(0.286, rounding="down"), num(0.3125, rounding="up"), num(-4.067, ".1f", rounding="up")
    ('0.28', '0.32', '-4.0')
    """
    number = check_real(_scalar(value, "value"), "value")
    mode = _check_rounding(rounding)
    if rounding == "nearest":
        return _format(number, fmt)
    match = re.fullmatch(r"\.(\d+)f", fmt) if isinstance(fmt, str) else None
    check_value(
        match is not None, "fmt", f"be a format such as '.2f' for rounding={rounding!r}", fmt
    )
    assert match is not None  # check_value raised otherwise
    places = int(match.group(1))
    return f"{_round(Decimal(number), places, mode):.{places}f}"


def pct(value: float, *, rounding: str = "nearest") -> str:
    """Format a share in [0, 1] as a whole percentage, as in ``32 %``.

    Parameters
    ----------
    value : float
        A finite share (values outside [0, 1] are accepted, e.g. growth of 150 %).
    rounding : {"nearest", "down", "up"}, default "nearest"
        Round to the nearest whole percent, or down or up for a printed bound.

    Returns
    -------
    str
        The percentage, rounded to a whole number, with a space before ``%``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is not finite.

    Examples
    --------
    >>> pct(0.317), pct(1), pct(0.5174, rounding="down")
    ('32 %', '100 %', '51 %')
    """
    number = check_real(_scalar(value, "value"), "value")
    mode = _check_rounding(rounding)
    if rounding == "nearest":
        return f"{100 * number:.0f} %"
    return f"{_round(Decimal(number) * 100, 0, mode):.0f} %"


def span(values: Iterable[float], fmt: str = ".2f") -> str:
    """Format the smallest and the largest of some values as ``a to b``.

    When both ends look the same in the format, the one number is returned. The words are the
    current language's (:mod:`weightinit.language`): ``a〜b`` in Japanese.

    Parameters
    ----------
    values : array_like
        Finite real numbers, e.g. one per layer; at least one.
    fmt : str, default ".2f"
        A format specification for a float.

    Returns
    -------
    str
        ``"low to high"``, or ``"low"`` when they format alike.

    Raises
    ------
    TypeError
        If ``values`` is not numeric or ``fmt`` not a str.
    ValueError
        If ``values`` is empty or holds a non-finite value, or ``fmt`` is not a valid format.

    Examples
    --------
    >>> span([0.213, 0.05, 0.1]), span([0.501, 0.499], ".1f")
    ('0.05 to 0.21', '0.5')
    >>> from weightinit.language import set_language
    >>> set_language("ja"); span([0.213, 0.05, 0.1]); set_language("en")
    '0.05〜0.21'
    """
    return _span(values, lambda x: _format(x, fmt))


def pct_span(values: Iterable[float]) -> str:
    """Like :func:`span`, for shares in [0, 1] shown as whole percentages.

    Parameters
    ----------
    values : array_like
        Finite shares; at least one.

    Returns
    -------
    str
        ``"low % to high %"``, or ``"low %"`` when they round alike.

    Raises
    ------
    TypeError
        If ``values`` is not numeric.
    ValueError
        If ``values`` is empty or holds a non-finite value.

    Examples
    --------
    >>> pct_span([0.62, 0.91, 0.75]), pct_span([0.998, 1.0])
    ('62 % to 91 %', '100 %')
    >>> from weightinit.language import set_language
    >>> set_language("ja"); pct_span([0.62, 0.91, 0.75]); set_language("en")
    '62 %〜91 %'
    """
    return _span(values, pct)


def spread(values: Iterable[float], fmt: str = ".2f") -> str:
    """Format the median and the range of some values, as in ``0.15 (0.14–0.16)``.

    Parameters
    ----------
    values : array_like
        Finite real numbers, e.g. one per seed; at least one.
    fmt : str, default ".2f"
        A format specification for a float, used for all three numbers.

    Returns
    -------
    str
        ``"median (min–max)"`` with an en dash.

    Raises
    ------
    TypeError
        If ``values`` is not numeric or ``fmt`` not a str.
    ValueError
        If ``values`` is empty or holds a non-finite value, or ``fmt`` is not a valid format.

    Examples
    --------
    >>> spread([0.16, 0.14, 0.15, 0.151]), spread([97.3, 96.9, 97.8], ".1f")
    ('0.15 (0.14–0.16)', '97.3 (96.9–97.8)')
    """
    array = check_real_array(values, "values")
    median, low, high = (
        _format(float(x), fmt) for x in (np.median(array), array.min(), array.max())
    )
    return f"{median} ({low}–{high})"


def arrow(values: Iterable[float], fmt: str = ".3f") -> str:
    """Format values in order, one per layer, as ``a → b → c``.

    Parameters
    ----------
    values : array_like
        Finite real numbers, in the order the prose reads them; at least one.
    fmt : str, default ".3f"
        A format specification for a float, used for every value.

    Returns
    -------
    str
        The formatted values joined by arrows.

    Raises
    ------
    TypeError
        If ``values`` is not numeric or ``fmt`` not a str.
    ValueError
        If ``values`` is empty or holds a non-finite value, or ``fmt`` is not a valid format.

    Examples
    --------
    >>> arrow([0.5, 0.25, 0.125]), arrow([1.234, 5.678], ".1f")
    ('0.500 → 0.250 → 0.125', '1.2 → 5.7')
    """
    array = check_real_array(values, "values")
    return " → ".join(_format(float(x), fmt) for x in array.ravel())


def ratio_per_step(values: Iterable[float]) -> float:
    r"""Return the geometric mean of the ratios of consecutive values.

    For per-layer values :math:`v_1, \dots, v_L` this is :math:`(v_L / v_1)^{1/(L-1)}`, the
    factor by which the value changes from one layer to the next on average.

    Parameters
    ----------
    values : array_like
        Finite positive numbers, e.g. one standard deviation per layer; at least two.

    Returns
    -------
    float
        The mean factor per step.

    Raises
    ------
    TypeError
        If ``values`` is not numeric.
    ValueError
        If ``values`` holds fewer than two values, or a value that is not finite and positive.

    Examples
    --------
    >>> ratio_per_step([1.0, 0.5, 0.25]), ratio_per_step([2, 2, 2])
    (0.5, 1.0)
    """
    array = check_real_array(values, "values").ravel()
    check_value(array.size >= 2, "values", "hold at least two values", array.size)
    bad = array[array <= 0]
    check_value(bad.size == 0, "values", "be positive", bad[0] if bad.size else None)
    return float(np.exp(np.mean(np.log(array[1:] / array[:-1]))))


def _check_digits(digits: object) -> int:
    return check_int(digits, "digits", minimum=0)


def _check_rounding(rounding: object) -> str:
    return ROUNDING[check_choice(rounding, "rounding", list(ROUNDING))]


def _scalar(value: object, name: str) -> object:
    """Unwrap a 0-d array into its scalar; leave anything else for check_real to judge."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value[()]
    return value


def _format(value: float, fmt: object) -> str:
    fmt = check_str(fmt, "fmt")
    try:
        return format(value, fmt)
    except ValueError as error:
        raise value_error("fmt", "be a format specification for a float", fmt) from error


def _round(exact: Decimal, places: int, mode: str) -> Decimal:
    """``exact`` rounded to ``places`` decimal places in a :data:`ROUNDING` mode."""
    return exact.quantize(Decimal(1).scaleb(-places), rounding=mode)


def _span(values: Iterable[float], formatter: Callable[[float], str]) -> str:
    """The smallest and the largest value as ``low to high``, one value when they read alike."""
    array = check_real_array(values, "values")
    low, high = formatter(float(array.min())), formatter(float(array.max()))
    return low if low == high else label("{low} to {high}", low=low, high=high)
