"""Type aliases shared by the package's signatures (no code runs here).

``Shape`` is what every initializer, distribution and framework default takes as ``shape``:
an int (a vector) or a sequence of ints, checked and normalised by
:func:`weightinit._validation.check_shape`.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Shape"]

#: A shape as the initializers take it: ``3`` or ``(fan_in, fan_out)`` or a conv kernel's
#: ``(kh, kw, in_channels, out_channels)``.
Shape = int | Sequence[int]
