"""A content hash of the weightinit package, used to key the notebook execution cache."""

from __future__ import annotations

import hashlib
from pathlib import Path


def package_hash(package_dir: Path, length: int = 16, extra: Path | None = None) -> str:
    """Return a hex digest of every ``.py`` file's path and bytes under ``package_dir``.

    The bytes of the file ``extra``, when given (e.g. the matplotlibrc the pages draw with),
    are part of the digest too.
    """
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    if extra is not None:
        digest.update(b"extra\0")
        digest.update(Path(extra).read_bytes())
    return digest.hexdigest()[:length]
