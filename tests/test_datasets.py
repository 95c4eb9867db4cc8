import gzip
import hashlib
import http.server
import re
import socket
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import weightinit.datasets as datasets
from weightinit.datasets import (
    MNIST_FILES,
    SHIPPED_MNIST_DIR,
    DataUnavailableError,
    data_directory,
    load_mnist,
    load_mnist_test_digits,
    read_idx,
)

N_TRAIN, N_TEST = 12, 5


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_mnist_like(directory: Path, seed: int = 0, image_size: int = 28) -> dict:
    """Write four small gzip IDX files like MNIST's; return (arrays, files mapping)."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (N_TRAIN, image_size, image_size), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (N_TEST, image_size, image_size), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for key, array in arrays.items():
        name = MNIST_FILES[key][0]
        content = gzip.compress(idx_bytes(array), mtime=0)
        (directory / name).write_bytes(content)
        files[key] = (name, hashlib.sha256(content).hexdigest())
    return {"arrays": arrays, "files": files}


class _Server:
    """A local HTTP server on 127.0.0.1 serving one directory, counting requests."""

    def __init__(self, directory: Path, handler_class=None) -> None:
        counter = self
        base = handler_class or http.server.SimpleHTTPRequestHandler

        class Handler(base):
            def __init__(self, *args, **kwargs):
                if handler_class is None:
                    kwargs["directory"] = str(directory)
                super().__init__(*args, **kwargs)

            def do_GET(self):
                counter.requests += 1
                super().do_GET()

            def log_message(self, *args):
                pass

        self.requests = 0
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def served(tmp_path):
    data = write_mnist_like(tmp_path / "server")
    server = _Server(tmp_path / "server")
    yield data, server
    server.close()


@pytest.fixture
def closed_url():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def check_arrays(result, arrays):
    assert result.name == "MNIST"
    assert result.image_shape == (28, 28)
    assert result.x_train.shape == (N_TRAIN, 784) and result.x_train.dtype == np.float32
    assert result.x_test.shape == (N_TEST, 784)
    assert result.t_train.dtype == np.int64
    np.testing.assert_array_equal(result.x_train * 255, arrays["train_images"].reshape(N_TRAIN, -1))
    np.testing.assert_array_equal(result.t_test, arrays["test_labels"])
    assert 0.0 <= result.x_train.min() and result.x_train.max() <= 1.0


def test_read_idx_parses_raw_and_gzip_and_paths(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    raw = idx_bytes(array)
    np.testing.assert_array_equal(read_idx(raw), array)
    np.testing.assert_array_equal(read_idx(gzip.compress(raw)), array)
    (tmp_path / "a.idx").write_bytes(raw)
    np.testing.assert_array_equal(read_idx(tmp_path / "a.idx"), array)
    np.testing.assert_array_equal(read_idx(idx_bytes(np.array([7, 8]))), [7, 8])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x01\x00\x08\x01" + bytes(8), "magic"),
        (b"\x00\x00\x0d\x01" + bytes(8), "magic"),  # 0x0D (float) is not MNIST's type
        (b"\x00\x00\x08\x00", "magic"),
        (b"\x00\x00\x08\x03\x00\x00", "ends early"),
        (idx_bytes(np.zeros((2, 3))) + b"\x00", "declares shape"),
        (idx_bytes(np.zeros((2, 3)))[:-1], "declares shape"),
        (b"\x1f\x8bnot gzip", "gzip"),
        (b"", "magic"),
    ],
)
def test_read_idx_rejects_bad_files(content, message):
    with pytest.raises(ValueError, match=message):
        read_idx(content)


def test_download_from_a_local_server_then_cache_hit_without_network(served, tmp_path):
    data, server = served
    cache = tmp_path / "cache"
    result = load_mnist(url=server.url, data_dir=cache, files=data["files"])
    check_arrays(result, data["arrays"])
    assert server.requests == 4
    assert sorted(p.name for p in cache.iterdir()) == sorted(n for n, _ in MNIST_FILES.values())
    server.close()  # the network is gone: the cache must suffice
    again = load_mnist(url=server.url, data_dir=cache, files=data["files"])
    check_arrays(again, data["arrays"])


def test_environment_variables_choose_the_cache_and_the_url(served, tmp_path, monkeypatch):
    data, server = served
    monkeypatch.setenv("WEIGHTINIT_DATA_DIR", str(tmp_path / "env-cache"))
    monkeypatch.setenv("WEIGHTINIT_MNIST_URL", server.url.rstrip("/"))  # the slash is added
    assert data_directory() == tmp_path / "env-cache"
    assert data_directory(tmp_path / "explicit") == tmp_path / "explicit"
    check_arrays(load_mnist(files=data["files"]), data["arrays"])
    assert (tmp_path / "env-cache" / MNIST_FILES["test_labels"][0]).is_file()


def test_default_cache_is_per_user(monkeypatch):
    monkeypatch.delenv("WEIGHTINIT_DATA_DIR", raising=False)
    assert data_directory().name == "weightinit"


def test_a_download_with_the_wrong_hash_is_rejected_and_not_kept(served, tmp_path):
    data, server = served
    files = dict(data["files"])
    files["train_labels"] = (files["train_labels"][0], "0" * 64)
    cache = tmp_path / "cache"
    with pytest.raises(DataUnavailableError, match="hash"):
        load_mnist(url=server.url, data_dir=cache, files=files)
    assert not (cache / MNIST_FILES["train_labels"][0]).exists()
    assert [p.name for p in cache.iterdir() if "labels" in p.name] == []


def test_a_cached_file_with_the_wrong_hash_is_never_used(served, tmp_path, closed_url):
    data, server = served
    cache = tmp_path / "cache"
    load_mnist(url=server.url, data_dir=cache, files=data["files"])
    target = cache / MNIST_FILES["test_labels"][0]
    target.write_bytes(gzip.compress(idx_bytes(np.zeros(N_TEST, dtype=np.uint8))))
    with pytest.raises(DataUnavailableError, match="not available"):
        load_mnist(url=closed_url, data_dir=cache, files=data["files"])  # offline: no use
    result = load_mnist(url=server.url, data_dir=cache, files=data["files"])  # re-downloaded
    check_arrays(result, data["arrays"])
    assert hashlib.sha256(target.read_bytes()).hexdigest() == data["files"]["test_labels"][1]


def test_files_that_are_not_mnist_are_rejected(tmp_path):
    data = write_mnist_like(tmp_path / "cache", image_size=8)  # hashes match, shape does not
    with pytest.raises(DataUnavailableError, match="28"):
        load_mnist(url="http://127.0.0.1:9/", data_dir=tmp_path / "cache", files=data["files"])
    with pytest.raises(ValueError, match="files must have the keys"):
        load_mnist(files={"train_images": data["files"]["train_images"]})


def test_offline_fails_with_a_clear_error(tmp_path, closed_url):
    with pytest.raises(DataUnavailableError, match=r"MNIST is not available: http://127\.0\.0\.1"):
        load_mnist(url=closed_url, data_dir=tmp_path / "cache", timeout=2.0)


class _TrickleHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            for _ in range(200):  # 10 bytes every 50 ms: never a timeout, never done
                self.wfile.write(b"x" * 10)
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass


def test_a_trickling_server_cannot_hang_the_download(tmp_path):
    server = _Server(tmp_path, handler_class=_TrickleHandler)
    try:
        # Reads never time out (10 bytes every 50 ms); only the deadline can end the download.
        with pytest.raises(DataUnavailableError, match="exceeded its time limit"):
            load_mnist(url=server.url, data_dir=tmp_path / "cache", timeout=1.0, max_seconds=0.5)
    finally:
        server.close()


def test_timeouts_are_validated():
    with pytest.raises(ValueError, match="timeout"):
        load_mnist(timeout=0)
    with pytest.raises(ValueError, match="max_seconds"):
        load_mnist(max_seconds=-1)


def test_missing_pooch_gives_a_clear_error(monkeypatch, tmp_path):
    # As if pooch were not installed: Python's own import of it fails.
    monkeypatch.setitem(sys.modules, "pooch", None)
    with pytest.raises(
        ImportError, match=r"^pooch is needed .*`pip install 'weightinit\[data\]'`$"
    ):
        load_mnist(data_dir=tmp_path)
    # the shipped test digits need no pooch
    assert load_mnist_test_digits().name == "MNIST"


def test_the_real_mnist_hashes_are_sha256():
    assert set(MNIST_FILES) == {"train_images", "train_labels", "test_images", "test_labels"}
    for name, digest in MNIST_FILES.values():
        assert name.endswith("-ubyte.gz")
        assert re.fullmatch(r"[0-9a-f]{64}", digest), digest


def test_load_mnist_test_digits_checks_hashes_and_splits(tmp_path, monkeypatch):
    written = write_mnist_like(tmp_path)
    files = dict(MNIST_FILES)
    for key in ("test_images", "test_labels"):
        files[key] = written["files"][key]
    monkeypatch.setattr(datasets, "MNIST_FILES", files)
    data = datasets.load_mnist_test_digits(tmp_path, test_fraction=0.4, rng=1)
    assert data.name == "MNIST" and data.image_shape == (28, 28)
    assert len(data.t_test) == round(0.4 * N_TEST) and len(data.t_train) == N_TEST - 2
    images = written["arrays"]["test_images"].reshape(N_TEST, -1) / 255
    order = np.random.default_rng(1).permutation(N_TEST)
    assert np.allclose(data.x_test, images[order[:2]])
    assert np.array_equal(data.t_train, written["arrays"]["test_labels"][order[2:]])


def test_load_mnist_test_digits_rejects_a_wrong_hash(tmp_path):
    write_mnist_like(tmp_path)  # MNIST's names, other contents: the published hashes differ
    with pytest.raises(DataUnavailableError, match="SHA-256"):
        datasets.load_mnist_test_digits(tmp_path)
    with pytest.raises(ValueError, match="test_fraction"):
        datasets.load_mnist_test_digits(tmp_path, test_fraction=1.0)


# MNIST's test set has these many images of each digit 0-9 (LeCun et al.'s t10k files).
T10K_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# The published SHA-256 of MNIST's test-set files, typed here rather than read from the
# package, so that a change to the shipped files fails even if MNIST_FILES changes with them.
PUBLISHED_T10K = {
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


def test_the_shipped_files_are_mnists_published_test_set():
    assert {MNIST_FILES[key] for key in ("test_images", "test_labels")} == set(
        PUBLISHED_T10K.items()
    )
    for name, sha256 in PUBLISHED_T10K.items():
        assert hashlib.sha256((SHIPPED_MNIST_DIR / name).read_bytes()).hexdigest() == sha256
    licence = (SHIPPED_MNIST_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in licence and "LeCun" in licence


def test_shipped_test_digits_are_the_real_ten_thousand_split_reproducibly():
    data = load_mnist_test_digits()
    assert data.name == "MNIST" and data.image_shape == (28, 28) and data.n_features == 784
    assert data.x_train.shape == (8000, 784) and data.x_test.shape == (2000, 784)
    assert data.x_train.dtype == np.float32 and 0.0 <= data.x_train.min() < data.x_train.max() == 1
    labels = np.concatenate([data.t_train, data.t_test])
    assert np.bincount(labels, minlength=10).tolist() == T10K_LABEL_COUNTS
    again = load_mnist_test_digits()
    np.testing.assert_array_equal(again.x_train, data.x_train)
    other = load_mnist_test_digits(rng=1, test_fraction=0.5)
    assert other.x_test.shape == (5000, 784)
    assert not np.array_equal(other.t_train[:100], data.t_train[:100])


def test_a_copy_with_another_hash_is_refused(tmp_path):
    for key in ("test_images", "test_labels"):
        name = MNIST_FILES[key][0]
        (tmp_path / name).write_bytes((SHIPPED_MNIST_DIR / name).read_bytes())
    labels = tmp_path / MNIST_FILES["test_labels"][0]
    content = bytearray(labels.read_bytes())
    content[-1] ^= 1  # one flipped bit in the last label
    labels.write_bytes(bytes(content))
    with pytest.raises(DataUnavailableError, match="published SHA-256"):
        load_mnist_test_digits(tmp_path)
    with pytest.raises(ValueError, match="test_fraction"):
        load_mnist_test_digits(test_fraction=0)
