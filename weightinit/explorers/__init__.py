"""The data behind the site's in-browser explorers.

Each explorer runs in the reader's browser (plain JavaScript in ``docs/_static/explorers/``). Its
page embeds, from a build-time cell, the numbers the package computes for a grid of settings, so
that the browser tests can set the explorer to those settings and compare what it shows with the
package. One submodule per explorer.
"""

from weightinit._submodules import submodule_getattr

__getattr__ = submodule_getattr(__name__, __path__)
