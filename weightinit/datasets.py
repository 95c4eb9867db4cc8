"""MNIST (LeCun et al., 1998): its 10,000 test digits shipped with the package, or all of it.

:func:`load_mnist_test_digits` reads the copy of MNIST's test set that ships with the package
(``weightinit/data/mnist-t10k``, checked against the published SHA-256) and splits it for
training and testing; it needs no network and nothing beyond numpy. Every page of the site
that trains a network runs on it.

:func:`load_mnist` downloads the four MNIST files, 60,000 training and 10,000 test images, with
``pooch`` on first use, checks each against its SHA-256, parses the IDX format and caches the
files in a per-user directory (override it with the environment variable
``WEIGHTINIT_DATA_DIR``). A file whose hash does not match is never used. Without a network it
fails within a bounded time. pooch is optional (the ``data`` extra) and imported only then.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib
import logging
import os
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from weightinit._validation import RngLike, check_interval, check_real, check_rng, check_value

__all__ = [
    "MNIST_FILES",
    "MNIST_MIRRORS",
    "SHIPPED_MNIST_DIR",
    "DataUnavailableError",
    "Dataset",
    "data_directory",
    "load_mnist",
    "load_mnist_test_digits",
    "read_idx",
]

#: The four MNIST files: key -> (file name, SHA-256 of the gzip-compressed file).
MNIST_FILES: dict[str, tuple[str, str]] = {
    "train_images": (
        "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    "train_labels": (
        "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    "test_images": (
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    "test_labels": (
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
}

#: Public mirrors of the original files, tried in order (``WEIGHTINIT_MNIST_URL`` replaces them).
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

_IDX_TYPES = {0x08: np.dtype(np.uint8)}  # MNIST uses unsigned bytes only


class DataUnavailableError(RuntimeError):
    """Raised when a data set cannot be had: no network, a mirror down, a wrong hash."""


@dataclass(frozen=True)
class Dataset:
    """A classification data set split into training and test parts.

    Attributes
    ----------
    name : str
        The data set's name, ``"MNIST"``.
    x_train, x_test : numpy.ndarray
        Images as rows of float32 pixels in [0, 1], shape ``(n, height * width)``.
    t_train, t_test : numpy.ndarray
        Labels 0–9 as int64, shape ``(n,)``.
    image_shape : tuple of int
        ``(height, width)`` of one image.
    source : str
        Where the data came from: the directory holding the MNIST files.
    """

    name: str
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    image_shape: tuple[int, int]
    source: str

    @property
    def n_features(self) -> int:
        """Pixels per image, the network's input size."""
        return int(self.x_train.shape[1])


def data_directory(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache directory: ``path``, else ``$WEIGHTINIT_DATA_DIR``, else a per-user one.

    Parameters
    ----------
    path : str or os.PathLike, optional
        An explicit directory, which wins over the environment.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> data_directory("/tmp/mnist-cache").as_posix()
    '/tmp/mnist-cache'
    """
    if path is not None:
        return Path(path)
    if os.environ.get("WEIGHTINIT_DATA_DIR"):
        return Path(os.environ["WEIGHTINIT_DATA_DIR"])
    return Path(_import("pooch").os_cache("weightinit"))


def read_idx(source: str | os.PathLike[str] | bytes) -> np.ndarray:
    """Parse an IDX file (the MNIST format), gzip-compressed or not, checking its header.

    The header is two zero bytes, a type code (``0x08``: unsigned byte), the number of
    dimensions and one big-endian 32-bit size per dimension; the data must fill exactly the
    product of the sizes.

    Parameters
    ----------
    source : str, os.PathLike or bytes
        A file path, or the file's content.

    Returns
    -------
    numpy.ndarray
        A uint8 array with the shape given by the header.

    Raises
    ------
    ValueError
        If the magic number, the type code or the size is wrong.

    Examples
    --------
    >>> header = bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3])
    >>> read_idx(header + bytes(range(6)))
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise ValueError(f"IDX data is not valid gzip: {error}") from error
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in _IDX_TYPES or raw[3] == 0:
        raise ValueError(f"not an IDX file: bad magic number {raw[:4].hex() or 'missing'}")
    ndim = raw[3]
    start = 4 + 4 * ndim
    if len(raw) < start:
        raise ValueError(f"IDX header declares {ndim} dimensions but the file ends early")
    shape = tuple(int(n) for n in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = _IDX_TYPES[raw[2]]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) - start != expected:
        raise ValueError(
            f"IDX header declares shape {shape} ({expected} bytes) but the data hold "
            f"{len(raw) - start} bytes"
        )
    return np.frombuffer(raw, dtype=dtype, offset=start).reshape(shape)


def _import(name: str):
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ImportError(
            f"{name} is needed to download MNIST; install it with `pip install 'weightinit[data]'`"
        ) from error


class _Downloader:
    # A pooch downloader with a per-read timeout and a deadline for the whole file, so a
    # download can stall neither on a dead network nor on a trickling server.
    def __init__(self, timeout: float, deadline: float) -> None:
        self.timeout, self.deadline = timeout, deadline

    def __call__(self, url: str, output_file: str, pooch: object = None) -> None:
        with urllib.request.urlopen(url, timeout=self.timeout) as response:
            with open(output_file, "wb") as out:
                while chunk := response.read1(1 << 16):
                    if time.monotonic() > self.deadline:
                        raise TimeoutError(f"download of {url} exceeded its time limit")
                    out.write(chunk)


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    # pooch logs "Downloading data from ..." on stderr, which would fail a docs build.
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_mnist(
    *,
    data_dir: str | os.PathLike[str] | None = None,
    url: str | None = None,
    timeout: float = 5.0,
    max_seconds: float = 300.0,
    files: Mapping[str, tuple[str, str]] | None = None,
) -> Dataset:
    """Load MNIST (60,000 training, 10,000 test images), downloading it on first use.

    Parameters
    ----------
    data_dir : str or os.PathLike, optional
        Cache directory; see :func:`data_directory`.
    url : str, optional
        Base URL of the files; by default ``$WEIGHTINIT_MNIST_URL`` if set, else each of
        :data:`MNIST_MIRRORS` in turn.
    timeout : float, default 5.0
        Seconds to wait for a connection or for any read.
    max_seconds : float, default 300.0
        Limit on the time spent downloading, over all files and mirrors.
    files : mapping, optional
        ``key -> (file name, SHA-256)`` for the keys of :data:`MNIST_FILES` (the default).

    Returns
    -------
    Dataset
        ``name="MNIST"``, pixels scaled to [0, 1].

    Raises
    ------
    DataUnavailableError
        If a file can be neither found in the cache with the right hash nor downloaded, or
        does not parse as MNIST.

    Examples
    --------
    Nothing listens on port 9 of this machine, so this fails at once:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as cache:
    ...     try:
    ...         load_mnist(url="http://127.0.0.1:9/", data_dir=cache)
    ...     except DataUnavailableError as error:
    ...         print(str(error)[:26])
    MNIST is not available: ht
    """
    timeout = check_real(timeout, "timeout", positive=True)
    max_seconds = check_real(max_seconds, "max_seconds", positive=True)
    files = dict(MNIST_FILES if files is None else files)
    rule = f"have the keys {sorted(MNIST_FILES)}"
    check_value(set(files) == set(MNIST_FILES), "files", rule, sorted(files))
    pooch = _import("pooch")
    base = url or os.environ.get("WEIGHTINIT_MNIST_URL")
    mirrors = [base] if base else list(MNIST_MIRRORS)
    mirrors = [m if m.endswith("/") else m + "/" for m in mirrors]
    directory = data_directory(data_dir)
    downloader = _Downloader(timeout, time.monotonic() + max_seconds)
    arrays, failures = {}, []
    with _quiet(pooch.get_logger()):
        for key, (name, sha256) in files.items():
            for mirror in mirrors:
                try:
                    path = pooch.retrieve(
                        mirror + name,
                        f"sha256:{sha256}",
                        fname=name,
                        path=directory,
                        downloader=downloader,
                    )
                    arrays[key] = read_idx(path)
                    break
                except (OSError, ValueError) as error:  # network, hash or format
                    failures.append(f"{mirror}{name}: {type(error).__name__}: {error}")
            else:
                raise DataUnavailableError(
                    "MNIST is not available: " + "; ".join(failures) + f" (cache: {directory})"
                )
    return _mnist_dataset(arrays, source=str(directory))


def _mnist_dataset(arrays: Mapping[str, np.ndarray], source: str) -> Dataset:
    parts = []
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise DataUnavailableError(
                f"MNIST {split} images must be n × 28 × 28, got {images.shape}"
            )
        if labels.shape != images.shape[:1] or (labels.size and labels.max() > 9):
            raise DataUnavailableError(f"MNIST {split} labels must be {images.shape[0]} values 0–9")
        parts += [images.reshape(len(images), -1).astype(np.float32) / 255, labels.astype(np.int64)]
    return Dataset("MNIST", parts[0], parts[1], parts[2], parts[3], (28, 28), source)


#: The folder inside the package holding MNIST's two test-set files, their licence and README.
SHIPPED_MNIST_DIR: Path = Path(__file__).resolve().parent / "data" / "mnist-t10k"


def load_mnist_test_digits(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    test_fraction: float = 0.2,
    rng: RngLike = 0,
) -> Dataset:
    """Load MNIST's 10,000 test digits, split for training and testing.

    By default the digits come from the copy that ships with the package
    (:data:`SHIPPED_MNIST_DIR`: ``t10k-images-idx3-ubyte.gz`` and ``t10k-labels-idx1-ubyte.gz``,
    the original files of LeCun, Cortes and Burges, under CC BY-SA 3.0), so they need no
    network. ``data_dir`` reads the same two files from another directory. Each file is checked
    against its published SHA-256 (:data:`MNIST_FILES`), and a random ``test_fraction`` of the
    images is held out. The images are real MNIST digits, 28 × 28 pixels, so the result has
    ``name="MNIST"``; only the training set is smaller than MNIST's 60,000 (for the full set,
    see :func:`load_mnist`).

    Parameters
    ----------
    data_dir : str or os.PathLike, optional
        Directory holding the two files; default: the package's own copy.
    test_fraction : float, default 0.2
        Share of images in the test part, in (0, 1).
    rng : numpy.random.Generator, int or None, default 0
        Randomness of the split, or a seed for it.

    Returns
    -------
    Dataset
        ``name="MNIST"``, pixels scaled to [0, 1].

    Raises
    ------
    DataUnavailableError
        If a file is missing or its hash does not match.

    Examples
    --------
    >>> data = load_mnist_test_digits()
    >>> data.name, data.x_train.shape, data.x_test.shape, data.image_shape
    ('MNIST', (8000, 784), (2000, 784), (28, 28))
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     try:
    ...         load_mnist_test_digits(empty)
    ...     except DataUnavailableError as error:
    ...         print(str(error)[:30])
    MNIST test file not found: t10
    """
    test_fraction = check_interval(
        test_fraction, "test_fraction", 0.0, 1.0, low_open=True, high_open=True
    )
    directory = SHIPPED_MNIST_DIR if data_dir is None else Path(data_dir)
    arrays = {}
    for key in ("test_images", "test_labels"):
        name, sha256 = MNIST_FILES[key]
        path = directory / name
        if not path.is_file():
            raise DataUnavailableError(f"MNIST test file not found: {name} in {directory}")
        content = path.read_bytes()
        if hashlib.sha256(content).hexdigest() != sha256:
            raise DataUnavailableError(f"{path} does not have the published SHA-256 {sha256}")
        arrays[key] = read_idx(content)
    images, labels = arrays["test_images"], arrays["test_labels"]
    order = check_rng(rng).permutation(len(labels))
    n_test = round(test_fraction * len(labels))
    test, train = order[:n_test], order[n_test:]
    split = {
        "train_images": images[train],
        "train_labels": labels[train],
        "test_images": images[test],
        "test_labels": labels[test],
    }
    return _mnist_dataset(split, source=str(directory))
