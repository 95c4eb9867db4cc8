"""Sphinx configuration of the weightinit site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Where the execution cache and the built wheel live; override to keep several
# concurrent builds apart (WEIGHTINIT_DOCS_CACHE=/tmp/mine sphinx-build docs /tmp/mine/html).
WORK = Path(os.environ.get("WEIGHTINIT_DOCS_CACHE", DOCS / "_build"))
# The pages multiply small matrices; one BLAS thread per kernel is faster for them on a busy
# machine and makes floating-point sums, and so the figures, the same from build to build,
# whatever the environment says. The one place the build sets it: the pages do not.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"
sys.path.insert(0, str(DOCS / "_ext"))

from package_hash import package_hash  # noqa: E402
from page_reader import SITE_EXTENSIONS  # noqa: E402

import weightinit  # noqa: E402

project = "weightinit"
author = "The weightinit authors"
copyright = "2026, The weightinit authors"
release = weightinit.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "notebook_download",
    "figure_width",
    "phone_figures",
    "page_numbers",
    "going_further",
    "table_text",
    "reading_time",
    "japanese",
    "execution_status",
    "translated_glue",
    "translated_slugs",
    "api_docstrings",
    "glossary_order",
    "edition",
]

exclude_patterns = [
    "_build",
    "_intersphinx",
    "jupyter_execute",
    "Thumbs.db",
    ".DS_Store",
    "**.ipynb_checkpoints",
]
nitpicky = True
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}
# The edition: English is the source; the Japanese edition is translated through gettext
# (docs/locale/ja/LC_MESSAGES/*.po, one catalogue per page). Read the Docs passes the language
# of each project in READTHEDOCS_LANGUAGE; a local build takes -D language=ja (`make html`
# builds both: English into _build/html, Japanese into _build/html/ja). A -D override is applied
# after this file runs, so what depends on the language is set in `apply_edition` below, once
# the configuration is final.
language = os.environ.get("READTHEDOCS_LANGUAGE", "en").split("-")[0] or "en"
#: What differs between the editions, per language (English's values are the defaults above).
EDITIONS: dict[str, dict[str, object]] = {
    "en": {},
    "ja": {
        "numfig_format": {"figure": "図 %s", "table": "表 %s", "code-block": "リスト %s"},
        # Sphinx's Japanese splitter (TinySegmenter, no dependency) indexes and splits queries
        "html_search_language": "ja",
        "html_title": "weightinit 日本語版",
        # citations as the translations write names: "Glorot & Bengio [2010]", "Heら [2015]"
        "bibtex_reference_style": "author_year_ja",
    },
}
locale_dirs = ["locale"]
gettext_compact = False  # one catalogue per page
gettext_location = False  # no source line numbers in the catalogues: stable diffs
gettext_uuid = False
today_fmt = "%Y"  # no build dates in the pages: two builds give the same HTML

# --- MyST and myst-nb -----------------------------------------------------------------------
# One list, which the pages' reader (reading times, tests) parses with too.
myst_enable_extensions = list(SITE_EXTENSIONS)
myst_heading_anchors = 3
myst_dmath_double_inline = True

nb_execution_mode = "cache"
# Reproducible figures. The notebook kernels inherit this environment: matplotlib reads the
# package's weightinit/matplotlibrc (and no reader's own rc file; a downloaded notebook applies
# the same file with weightinit.notebook.use_site_style), and dates the files it writes (PDF,
# SVG) from SOURCE_DATE_EPOCH instead of the clock. The PNG figures carry no date anyway.
MATPLOTLIBRC = ROOT / "weightinit" / "matplotlibrc"
os.environ["MATPLOTLIBRC"] = str(MATPLOTLIBRC)
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
# Every figure wider than a phone's column is drawn a second time, laid out for a phone
# (weightinit.plotting.phone); docs/_ext/phone_figures.py serves it to narrow screens. The
# kernels run this one-line file at startup (IPython runs PYTHONSTARTUP); it only calls into the
# package, whose source keys the cache below.
os.environ["PYTHONSTARTUP"] = str(DOCS / "_ext" / "kernel_startup.py")
# jupyter-cache keys only on a notebook's own text. Key the cache on the package too, so that a
# change to weightinit re-executes every page and an unchanged rebuild executes nothing.
# The matplotlibrc decides how every figure looks, so it keys the cache too.
nb_execution_cache_path = str(
    WORK / ".jupyter_cache" / package_hash(ROOT / "weightinit", extra=MATPLOTLIBRC)
)
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "severe"  # any output on stderr (e.g. a RuntimeWarning) fails the build
nb_merge_streams = True
nb_execution_allow_errors = False
# The gettext builder keeps the figures' images (by default it keeps only text outputs), so that
# their alt texts are extracted into the catalogues and the Japanese edition translates them.
nb_mime_priority_overrides = [("gettext", "image/png", 5)]

# --- API reference ----------------------------------------------------------------------------
autodoc_typehints = "none"
# Defaults as the source writes them (dtype=np.float64), not their repr (<class 'numpy.float64'>).
autodoc_preserve_defaults = True
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_aliases = {
    "Generator": "numpy.random.Generator",
    "ndarray": "numpy.ndarray",
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
    "Activation": "weightinit.activations.Activation",
    "Scheme": "weightinit.schemes.Scheme",
    "JacobianSpectra": "weightinit.experiments.propagation.isometry.JacobianSpectra",
    "LayerMoments": "weightinit.experiments.propagation.variance.LayerMoments",
    "LayerSignals": "weightinit.experiments.training.gradients.LayerSignals",
}
numpydoc_xref_ignore = {
    "optional",
    "default",
    "of",
    "or",
    "and",
    "array_like",
    "callable",
    "int",
    "float",
    "str",
    "bool",
    "sequence",
    "tuple",
    "list",
    "dict",
    "None",
    "dtype",
    "floating",
    "numpy.float64",
    "numpy.float32",
    "Path",
    "path-like",
    "iterable",
    "mapping",
    "object",
    "to",
    "with",  # "str or object with a ``name``" (weightinit.style.style_for)
    "a",
}
# Every numpydoc check but these (a warning, so an error under -W, for each object autodoc shows):
numpydoc_validation_checks = {
    "all",
    "ES01",  # an extended summary: a one-line summary is enough for many small helpers
    "SA01",  # a See Also section: not every function has a neighbour worth pointing to
    "EX01",  # an Examples section: methods and properties of result objects are shown in the
    #          examples of the function that returns them
    "PR01",  # every parameter documented: dataclasses document their fields under Attributes,
    #          and one-line accessor methods name their arguments in the summary
    "RT01",  # a Returns section: likewise for one-line accessors ("Return the ... of ``name``")
    "RT03",  # a description of the returned value: often the type says it (``float``)
    "SS05",  # a summary starting with a verb: numpydoc takes a first word ending in "s" for a
    #          third-person verb, and flags noun-phrase summaries ("Decades between ...")
}
# Summaries may start with a lowercase name (the package's, μP's) and the fans module's docstring
# has its own "Weight layout" section, shown as a heading in the API reference.
# Not validated: a package whose __init__ defines no function or class (numpydoc looks for the
# line of a def and raises StopIteration; their docstrings are short introductions), and module
# constants (UPPER_CASE), whose documentation is a ``#:`` comment that numpydoc would check as a
# docstring (closing quotes, one-line summary).
numpydoc_validation_exclude = {
    r"^weightinit(\.(experiments(\.(propagation|symmetry|training))?|explorers|frameworks|plotting))?$",
    r"\.(?!MLP$|SGD$)[A-Z][A-Z0-9_]*$",  # (MLP and SGD are classes, validated)
}
numpydoc_validation_overrides = {
    "SS02": [r"^(weightinit|μP)"],
    "GL06": [r"\nWeight layout\n-{13}\n"],
    "GL07": [r"\nWeight layout\n-{13}\n"],
}

# --- Cross-project links, from trimmed inventories committed in docs/_intersphinx/ ----------
# (the build needs no network; the README there says where each file comes from)
INTERSPHINX = DOCS / "_intersphinx"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", str(INTERSPHINX / "python.inv")),
    "numpy": ("https://numpy.org/doc/stable/", str(INTERSPHINX / "numpy.inv")),
    "matplotlib": ("https://matplotlib.org/stable/", str(INTERSPHINX / "matplotlib.inv")),
    "torch": ("https://docs.pytorch.org/docs/stable/", str(INTERSPHINX / "torch.inv")),
}
intersphinx_timeout = 5

# --- Citations --------------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# --- HTML -------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "weightinit"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["custom.css", ("print.css", {"media": "print"})]
html_js_files = [
    ("workarounds.js", {"defer": "defer"}),
    ("narrow-screens.js", {"defer": "defer"}),
    ("print.js", {"defer": "defer"}),
]
# The in-browser explorers (weightinit/explorers/): the shared generator first; each explorer
# starts only on a page that holds its container.
html_css_files += ["explorers/explorers.css", "explorers/playground.css"]
html_js_files += [
    ("explorers/random.js", {"defer": "defer"}),
    ("explorers/activations.js", {"defer": "defer"}),
    ("explorers/playground.js", {"defer": "defer"}),
]
# Search: a page whose own title holds the query ranks first; snippets without TeX or chrome.
html_search_scorer = str(DOCS / "_static" / "search-scorer.js")
html_favicon = "_static/favicon.svg"  # without one, browsers ask for /favicon.ico and get a 404
html_last_updated_fmt = None
# No Python module index: it repeats the API reference, and its collapse icons have no alt text.
html_domain_indices = False
# "auto" follows the reader's system setting; an empty mode makes the theme log a console error.
html_context = {"default_mode": "auto"}
html_theme_options = {
    "repository_url": "https://github.com/weightinit/weightinit",
    "path_to_docs": "docs",
    "repository_branch": "main",
    "use_download_button": True,
    "use_repository_button": False,
    "use_source_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # Workaround for sphinx-book-theme issue 999 (sphinx-book-theme 1.4 with pydata-sphinx-theme
    # 0.20): pydata fills the top navbar with a second search field unless navbar_persistent is
    # set, and that navbar carries a second pair of sidebar toggles which the theme's scripts bind
    # instead of the visible ones. With every navbar slot empty the navbar is not rendered.
    "navbar_persistent": [],
    # The language switcher (docs/_ext/edition.py), before the theme's header buttons.
    "article_header_end": ["language-switcher.html", "article-header-buttons.html"],
}
html_sourcelink_suffix = ""

# --- Running a page outside the site (docs/_ext/notebook_download.py, package_wheel.py) -------
# Where the site is published, when the build knows it (Read the Docs says so): the downloaded
# notebooks then link the site's pages where the page links them, else they keep the text.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
# The build ships the package's wheel in _downloads/ and each page with code says how to run it.
package_wheel_cache = str(WORK / "wheel")
# The pages that need an extra, page -> extras. None does: the pages that train read MNIST's
# test digits, which ship inside the wheel (weightinit.datasets.load_mnist_test_digits).
notebook_install_extras: dict[str, list[str]] = {}
# The extras every notebook of an edition needs: the Japanese figures' font (matplotlib-fontja).
notebook_edition_extras = {"ja": ["ja"]}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"


def apply_edition(app: object, config: object) -> None:
    """Set what depends on the language actually in effect (after any -D override).

    The notebook kernels read ``WEIGHTINIT_LANGUAGE`` (``weightinit.plotting.labels``: the
    figures' labels); jupyter-cache keys only on the code cells, which are the same in every
    edition, so each language other than English gets its own cache (English keeps the plain
    package key), and the Japanese edition never reuses the English figures.
    """
    edition = config.language or "en"  # type: ignore[attr-defined]
    if edition not in EDITIONS:
        raise ValueError(f"language: no edition {edition!r}; the editions are {sorted(EDITIONS)}")
    for name, value in EDITIONS[edition].items():
        setattr(config, name, value)
    os.environ["WEIGHTINIT_LANGUAGE"] = edition
    if edition != "en":
        config.nb_execution_cache_path = f"{nb_execution_cache_path}-{edition}"  # type: ignore[attr-defined]


def edition_output_folder(app: object) -> None:
    """Write another edition's executed notebooks next to its doctrees, not into the site.

    myst-nb writes them to ``jupyter_execute`` next to the output folder, which for the Japanese
    edition of a local build (``_build/html/ja``) is inside the English site; runs after
    myst-nb's own ``builder-inited`` handler.
    """
    edition = app.config.language or "en"  # type: ignore[attr-defined]
    if edition != "en":
        folder = Path(app.doctreedir).parent / f"jupyter_execute-{edition}"  # type: ignore[attr-defined]
        config = app.env.mystnb_config  # type: ignore[attr-defined]
        app.env.mystnb_config = config.copy(output_folder=str(folder.resolve()))  # type: ignore[attr-defined]


def setup(app: object) -> None:
    """Connect :func:`apply_edition`, ahead of every extension's own config-inited handler."""
    app.connect("config-inited", apply_edition, priority=100)  # type: ignore[attr-defined]
    app.connect("builder-inited", edition_output_folder, priority=900)  # type: ignore[attr-defined]
