"""Tests of weightinit.notebook: glue inside and outside a docs build, and the formatters."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from weightinit.notebook import (
    glue,
    glued,
    num,
    pct,
    pct_span,
    sci,
    show_glued,
    span,
    spread,
    superscript,
)

ROOT = Path(__file__).resolve().parents[1]


class TestSci:
    @pytest.mark.parametrize(
        ("value", "digits", "expected"),
        [
            (4.1e-07, 0, "4 × 10⁻⁷"),
            (8.9e14, 0, "9 × 10¹⁴"),
            (2.3e-13, 0, "2 × 10⁻¹³"),
            (9.313225746154785e-10, 1, "9.3 × 10⁻¹⁰"),
            (1.2e5, 0, "10⁵"),  # the mantissa 1 is left out
            (1.04e-5, 1, "10⁻⁵"),
            (1.04e-5, 2, "1.04 × 10⁻⁵"),
            (-2.2e-3, 0, "-2 × 10⁻³"),
            (-1e3, 0, "-10³"),
            (9.6e2, 0, "10³"),  # rounding carries into the exponent
            (5.0, 0, "5"),  # no power of ten for a number between 1 and 10
            (5.04, 1, "5.0"),
            (-3.2, 0, "-3"),
            (1.0, 0, "1"),
            (0.96, 0, "1"),  # rounding carries into the exponent 0
            (9.6, 0, "10¹"),
            (0.0, 0, "0"),
        ],
    )
    def test_values(self, value, digits, expected):
        assert sci(value, digits) == expected

    @pytest.mark.parametrize("kind", [np.float32, np.float64, np.array])
    def test_numpy_scalars_format_like_floats(self, kind):
        assert sci(kind(3.4e-7)) == "3 × 10⁻⁷"

    @pytest.mark.parametrize(
        ("value", "digits", "error", "match"),
        [
            ("1e-7", 0, TypeError, "value must be a real number"),
            ([1e-7], 0, TypeError, "value must be a real number"),
            (np.array([1e-7, 2e-7]), 0, TypeError, r"value must be a real number.*shape \(2,\)"),
            (float("nan"), 0, ValueError, "value must be finite"),
            (float("inf"), 0, ValueError, "value must be finite"),
            (1e-7, 1.0, TypeError, "digits must be an int"),
            (1e-7, True, TypeError, "digits must be an int"),
            (1e-7, -1, ValueError, "digits must be a non-negative int"),
        ],
    )
    def test_rejects(self, value, digits, error, match):
        with pytest.raises(error, match=match):
            sci(value, digits)


class TestSuperscript:
    @pytest.mark.parametrize(
        ("exponent", "expected"),
        [(0, "⁰"), (7, "⁷"), (-13, "⁻¹³"), (1234567890, "¹²³⁴⁵⁶⁷⁸⁹⁰"), (np.int64(-5), "⁻⁵")],
    )
    def test_values(self, exponent, expected):
        assert superscript(exponent) == expected

    @pytest.mark.parametrize("exponent", [2.0, "2", True, None])
    def test_rejects_non_ints(self, exponent):
        with pytest.raises(TypeError, match="exponent must be an int"):
            superscript(exponent)


class TestNumAndPct:
    @pytest.mark.parametrize(
        ("value", "fmt", "expected"),
        [
            (np.log(10), ".3f", "2.303"),
            (np.float32(0.125), ".2f", "0.12"),  # round half to even, as format() does
            (np.array(1.5), ".1f", "1.5"),
            (12345.678, ",.0f", "12,346"),
            (7, ".2f", "7.00"),
        ],
    )
    def test_num(self, value, fmt, expected):
        assert num(value, fmt) == expected

    def test_num_rejects_a_bad_format(self):
        with pytest.raises(ValueError, match="fmt must be a format specification"):
            num(1.0, ".2q")
        with pytest.raises(TypeError, match="fmt must be a str"):
            num(1.0, 2)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(0.317, "32 %"), (0, "0 %"), (1, "100 %"), (np.float32(0.5), "50 %"), (1.5, "150 %")],
    )
    def test_pct(self, value, expected):
        assert pct(value) == expected

    def test_pct_rejects_nan(self):
        with pytest.raises(ValueError, match="value must be finite"):
            pct(float("nan"))


class TestRanges:
    def test_span_is_low_to_high(self):
        assert span(np.array([0.213, 0.05, 0.1])) == "0.05 to 0.21"
        assert span([3, 1, 2], ".0f") == "1 to 3"

    def test_span_collapses_when_the_ends_format_alike(self):
        assert span([0.501, 0.499], ".1f") == "0.5"
        assert span([0.42]) == "0.42"

    def test_pct_span(self):
        assert pct_span([0.62, 0.91, 0.75]) == "62 % to 91 %"
        assert pct_span(np.array([0.998, 1.0])) == "100 %"

    def test_spread_is_median_and_range(self):
        assert spread([0.16, 0.14, 0.15, 0.151]) == "0.15 (0.14–0.16)"
        assert spread(np.array([97.3, 96.9, 97.8]), ".1f") == "97.3 (96.9–97.8)"
        assert spread([2.0, 4.0], ".1f") == "3.0 (2.0–4.0)"  # median of an even count

    @pytest.mark.parametrize("function", [span, pct_span, spread])
    @pytest.mark.parametrize(
        ("values", "error", "match"),
        [
            ([], ValueError, "values must not be empty"),
            ([0.1, float("nan")], ValueError, "values must hold only finite values"),
            ("0.1", TypeError, "values must be a real array"),
            (["a", "b"], TypeError, "values must be a real array"),
            ([True, False], TypeError, "values must be a real array"),
        ],
    )
    def test_reject(self, function, values, error, match):
        with pytest.raises(error, match=match):
            function(values)


class TestGlueOutsideTheSite:
    """Without a running IPython kernel (or without myst-nb), glue only displays."""

    def test_display_false_shows_nothing(self, capsys):
        assert glue("x", "0.05", display=False) is None
        assert capsys.readouterr().out == ""

    def test_display_true_shows_the_value(self, capsys):
        glue("x", "0.05")
        assert capsys.readouterr().out == "0.05\n"

    def test_without_ipython_it_prints(self, monkeypatch, capsys):
        monkeypatch.setitem(sys.modules, "IPython", None)
        monkeypatch.setitem(sys.modules, "IPython.display", None)
        glue("x", "0.05", display=False)
        glue("y", "0.06")
        assert capsys.readouterr().out == "0.06\n"

    @pytest.mark.parametrize(("name", "error"), [(3, TypeError), ("", ValueError)])
    def test_rejects_a_bad_name(self, name, error):
        with pytest.raises(error, match="name must be"):
            glue(name, "1")


def test_in_a_real_kernel_glue_is_myst_nbs_and_degrades_without_it():
    """Executed by a kernel, as the docs build does, then with myst-nb made unimportable."""
    cells = [
        "from weightinit.notebook import glue\nglue('hidden', '0.25', display=False)",
        "glue('shown', '0.50')",
        "import sys\nsys.modules['myst_nb'] = None\nglue('gone', '0.75', display=False)",
        "glue('plain', '1.00')",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = [cell.outputs for cell in nb.cells]
    hidden, shown, gone, plain = outputs
    assert [o.metadata["scrapbook"] for o in hidden] == [
        {"name": "hidden", "mime_prefix": "application/papermill.record/"}
    ]
    assert hidden[0].data == {"application/papermill.record/text/plain": "'0.25'"}
    assert [o.metadata["scrapbook"]["name"] for o in shown] == ["shown"]
    assert shown[0].data == {"text/plain": "'0.50'"}
    assert gone == []
    assert [o.data for o in plain] == [{"text/plain": "'1.00'"}]
    assert "scrapbook" not in plain[0].metadata


def parse_sci(text):
    """The float that sci's output stands for: '6 × 10⁻⁷', '10⁻⁶' or '5.3'."""
    plain = text.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    if not any(c in text for c in "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"):
        return float(text)  # between 1 and 10: no power of ten
    mantissa, _, power = plain.rpartition("10")
    return float(mantissa.replace(" × ", "") or 1) * 10.0 ** int(power)


class TestOutwardRounding:
    """A printed bound rounded outward stays true of the raw value ("at least", "at most")."""

    @pytest.mark.parametrize(
        ("call", "expected"),
        [
            (lambda: pct(0.5174, rounding="down"), "51 %"),
            (lambda: pct(0.5174, rounding="up"), "52 %"),
            (lambda: pct(0.52, rounding="down"), "52 %"),  # 0.52 is 0.52000000000000001776...
            (lambda: pct(0.29, rounding="up"), "29 %"),  # 0.29 is 0.28999999999999998002...
            (lambda: sci(5.34e-7, rounding="up"), "6 × 10⁻⁷"),
            (lambda: sci(5.34e-7, rounding="down"), "5 × 10⁻⁷"),
            (lambda: sci(9.6e-7, rounding="up"), "10⁻⁶"),
            (lambda: sci(-5.34e-7, rounding="up"), "-5 × 10⁻⁷"),
            (lambda: sci(1.21e3, 1, rounding="up"), "1.3 × 10³"),
            (lambda: num(0.286, rounding="down"), "0.28"),
            (lambda: num(0.3125, rounding="up"), "0.32"),
            (lambda: num(-4.067, ".1f", rounding="up"), "-4.0"),
            (lambda: num(-4.067, ".1f", rounding="down"), "-4.1"),
        ],
    )
    def test_values(self, call, expected):
        assert call() == expected

    @pytest.mark.parametrize("value", np.random.default_rng(0).lognormal(0, 3, 200))
    def test_down_is_a_lower_and_up_an_upper_bound(self, value):
        low, high = num(value, ".3f", rounding="down"), num(value, ".3f", rounding="up")
        assert float(low) <= value <= float(high) and float(high) - float(low) <= 1.001e-3
        low, high = sci(value, 1, rounding="down"), sci(value, 1, rounding="up")
        assert parse_sci(low) <= value * (1 + 1e-12) and value <= parse_sci(high) * (1 + 1e-12)

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (lambda: pct(0.5, rounding="floor"), ValueError, "rounding must be one of"),
            (lambda: sci(0.5, rounding=1), TypeError, "rounding must be a str"),
            (
                lambda: num(0.5, ".2e", rounding="up"),
                ValueError,
                "fmt must be a format such as .* for rounding='up'",
            ),
        ],
    )
    def test_bad_rounding_names_the_argument(self, call, error, message):
        with pytest.raises(error, match=message):
            call()


def test_show_glued_displays_in_a_kernel_what_was_glued_and_the_site_style_applies():
    """A downloaded notebook: a figure glued unseen is shown later; figures as the site's."""
    cells = [
        "import sys\nsys.modules['myst_nb'] = None\n"
        "from weightinit.notebook import glue, show_glued, use_site_style\nuse_site_style()",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1])\n"
        "glue('fig_line', fig, display=False)\nplt.close(fig)",
        "show_glued('fig_line')",
        "import matplotlib\nprint(matplotlib.rcParams['figure.dpi'], "
        "tuple(matplotlib.rcParams['figure.figsize']))",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert nb.cells[1].outputs == []
    assert [sorted(o.data) for o in nb.cells[2].outputs] == [["image/png", "text/plain"]]
    rc = {}
    for line in (ROOT / "weightinit" / "matplotlibrc").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("#")[0].partition(":")
        rc[key.strip()] = value.strip()
    width, height = (float(x) for x in rc["figure.figsize"].split(","))
    assert nb.cells[3].outputs[0].text == f"{float(rc['figure.dpi'])} {(width, height)}\n"


def test_glued_keeps_every_value_and_show_glued_checks_its_name(capsys):
    glue("test_kept", "0.125", display=False)
    assert glued()["test_kept"] == "0.125"
    show_glued("test_kept")
    assert capsys.readouterr().out == "0.125\n"
    with pytest.raises(ValueError, match=r"name must be a glued name .*, got 'test_never'"):
        show_glued("test_never")
    with pytest.raises(TypeError, match="name must be a str"):
        show_glued(3)
