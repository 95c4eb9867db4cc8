# weightinit: `make html` builds the site, `make test` runs every check.
# Both create .venv (with $(PYTHON), 3.11 or newer) and install what they need into it.

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
BUILDDIR := docs/_build
SPHINXOPTS ?= -W --keep-going -n
STAMP_DOCS := $(VENV)/.installed-docs
STAMP_TEST := $(VENV)/.installed-test
STAMP_PARITY := $(VENV)/.installed-parity
# The Japanese edition: its own sphinx-build, into a folder of the English site (the language
# switcher links the two), with its own doctrees and executed notebooks (docs/conf.py).
JA_HTML  := $(BUILDDIR)/html/ja
JA_BUILD := -D language=ja -d $(BUILDDIR)/doctrees-ja

.PHONY: html update-po test lint unit readthedocs-config docs-clean-build browser notebooks parity repro livehtml clean clean-all help

help:
	@echo "make html      build the site: English into $(BUILDDIR)/html, Japanese into $(JA_HTML)"
	@echo "make test      run every check (lint, unit tests and doctests, config, clean docs build,"
	@echo "               its notebooks in a fresh venv, the built site in Chromium, reproducibility)"
	@echo "make browser   test the built site in Chromium; screenshots in $(BUILDDIR)/screenshots"
	@echo "make notebooks run the built site's notebooks in a fresh venv made from its install line"
	@echo "make parity    install PyTorch, JAX, Keras and Flax (the [parity] extra) and compare"
	@echo "               weightinit with them (tests/parity; skipped by make test without them)"
	@echo "make repro     build HEAD twice from fresh clones and compare figures and numbers"
	@echo "make update-po merge the English pages' text into the Japanese catalogues (docs/locale)"
	@echo "make livehtml  rebuild and reload the site in the browser while editing"
	@echo "make clean     remove the built site and the execution cache"
	@echo "make clean-all also remove $(VENV)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "weightinit needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_DOCS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --progress-bar off -e ".[docs]"
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --progress-bar off -e ".[docs,test]"
	@touch $@ $(STAMP_DOCS)

html: $(STAMP_DOCS)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) docs $(BUILDDIR)/html
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) $(JA_BUILD) docs $(JA_HTML)
	@echo "The site is at $(abspath $(BUILDDIR)/html/index.html) (日本語版: $(abspath $(JA_HTML)/index.html))"

# After the English pages change: extract their text (docs/_build/gettext/*.pot) and merge it into
# the Japanese catalogues, docs/locale/ja/LC_MESSAGES/*.po (changed entries become fuzzy; entries
# whose English is gone are dropped, not kept as #~ comments). Then check them:
# .venv/bin/python scripts/check_translations.py [page ...] (coverage, markup, terms).
update-po: $(STAMP_DOCS)
	$(BIN)/sphinx-build -q -b gettext docs $(BUILDDIR)/gettext
	$(BIN)/sphinx-intl update --no-obsolete -p $(BUILDDIR)/gettext -l ja -d docs/locale

livehtml: $(STAMP_DOCS)
	$(BIN)/sphinx-autobuild -b html docs $(BUILDDIR)/html --watch weightinit --ignore "*/_build/*"

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: $(STAMP_TEST)
	$(BIN)/python -m pytest

# The parity tests against the real frameworks. WEIGHTINIT_PARITY=required turns a missing
# framework or a skipped parity test into a failure (tests/parity/conftest.py).
$(STAMP_PARITY): pyproject.toml $(STAMP_TEST)
	$(BIN)/python -m pip install --progress-bar off -e ".[docs,test,parity]"
	@touch $@

parity: $(STAMP_PARITY)
	WEIGHTINIT_PARITY=required $(BIN)/python -m pytest tests/parity

readthedocs-config: $(STAMP_TEST)
	$(BIN)/check-jsonschema --builtin-schema vendor.readthedocs .readthedocs.yaml

# A build from scratch: no cached notebook outputs, every cell executed, warnings are errors.
docs-clean-build: $(STAMP_TEST)
	rm -rf $(BUILDDIR)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -E docs $(BUILDDIR)/html
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -E $(JA_BUILD) docs $(JA_HTML)

# axe-core, which the browser tests inject into each page, from npm at the locked version.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: the browser tests need Node.js and npm to install axe-core (apt-get install npm)"; exit 1; }
	cd tests/browser && npm ci --no-audit --no-fund
	@touch $@

# The built site ($(BUILDDIR)/html) in Chromium: every page in light and dark mode, at desktop
# and phone widths. Chromium is the system's (apt-get install chromium).
browser: $(STAMP_TEST) $(AXE)
	$(BIN)/python -m pytest tests/browser

# Every notebook the built site offers, run as a reader would: in a fresh virtual environment
# made from the install line on the page (the site's wheel) plus ipykernel and nbclient.
# Needs PyPI (or a pip cache) for the dependencies.
notebooks: $(STAMP_TEST)
	$(BIN)/python scripts/check_notebooks.py --html $(BUILDDIR)/html
	$(BIN)/python scripts/check_notebooks.py --html $(JA_HTML)

# Two clean builds of HEAD (committed work only) must give identical figures, glued numbers,
# cell text outputs and downloads (the wheel).
repro: $(STAMP_TEST)
	$(BIN)/python scripts/check_reproducible.py

# The browser tests need the clean build first, so these run one after the other.
test: lint readthedocs-config unit
	$(MAKE) docs-clean-build
	$(MAKE) notebooks
	$(MAKE) browser
	$(MAKE) repro
	@echo "All checks passed."

clean:
	rm -rf $(BUILDDIR) docs/jupyter_execute

clean-all: clean
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/browser/node_modules
