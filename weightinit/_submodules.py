"""Every package of weightinit loads its submodules on first use, by attribute.

``import weightinit as wi`` imports the core (initializers, activations, schemes); any other
module or subpackage, ``wi.plotting``, ``wi.frameworks.defaults``, ``wi.experiments.training``,
is imported the first time it is named. Each package's ``__init__`` gets its ``__getattr__``
from :func:`submodule_getattr`, which lists the package's submodules with :mod:`pkgutil`, so a
new module is reachable as soon as its file exists (``tests/test_submodules.py``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from types import ModuleType


def submodule_getattr(package: str, path: Iterable[str]) -> Callable[[str], ModuleType]:
    """Make a package's module-level ``__getattr__`` that imports its submodules on first use.

    Parameters
    ----------
    package : str
        The package's name (its ``__name__``).
    path : iterable of str
        The package's ``__path__``, where :func:`pkgutil.iter_modules` finds its submodules.

    Returns
    -------
    callable
        ``__getattr__(name)``: the submodule ``package.name``, imported; ``AttributeError`` for
        a name that is no submodule.

    Examples
    --------
    >>> import weightinit
    >>> getattr_ = submodule_getattr("weightinit", weightinit.__path__)
    >>> getattr_("fans").__name__
    'weightinit.fans'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'weightinit' has no attribute 'nothing'
    """
    names = frozenset(info.name for info in pkgutil.iter_modules(list(path)))

    def __getattr__(name: str) -> ModuleType:
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
