"""Checks of the training data and scheme lists shared by the training experiments.

Private to :mod:`weightinit.experiments`: the public functions call these at their boundary, so
every experiment that trains on ``(images, labels)`` accepts and rejects the same inputs. The
``(x, t)`` checks live in :mod:`weightinit._validation` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from weightinit._validation import check_classes as check_classes
from weightinit._validation import check_data as check_data
from weightinit._validation import check_sequence, check_value
from weightinit.schemes import Scheme, get_scheme

#: What an experiment accepts as a scheme: a name, a :class:`~weightinit.schemes.Scheme`, or an
#: initializer ``f(shape, *, rng, dtype)``.
InitLike = str | Scheme | Callable[..., np.ndarray]


def scheme_names(inits: object, name: str = "inits") -> list[str]:
    """Return the distinct names of the schemes ``inits``, or raise naming ``name``."""
    names = [get_scheme(init).name for init in check_sequence(inits, name)]
    check_value(len(set(names)) == len(names), name, "have distinct names", names)
    return names
