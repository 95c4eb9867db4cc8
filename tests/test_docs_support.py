"""Tests of the Sphinx helpers in docs/_ext: package hash, offline inventories, figure widths."""

import importlib
import re
import sys
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


@pytest.fixture(scope="module")
def ext():
    """Import docs/_ext modules by inserting the directory into sys.path (as docs/conf.py does)."""
    sys.path.insert(0, str(EXT))
    try:
        yield {
            name: importlib.import_module(name)
            for name in ("package_hash", "offline_inventories", "figure_width", "page_numbers")
        }
    finally:
        sys.path.remove(str(EXT))


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("x = 1\n")
    (root / "sub" / "mod.py").write_text("def f():\n    return 2\n")
    (root / "notes.txt").write_text("not source\n")
    return root


class TestPackageHash:
    def test_is_a_stable_hex_digest(self, ext, package):
        package_hash = ext["package_hash"].package_hash
        first = package_hash(package)
        assert re.fullmatch("[0-9a-f]{16}", first)
        assert package_hash(package) == first
        assert package_hash(package, length=40).startswith(first)

    def test_depends_on_content_not_on_location_or_timestamps(self, ext, package, tmp_path):
        package_hash = ext["package_hash"].package_hash
        before = package_hash(package)
        copy = tmp_path / "elsewhere" / "pkg"
        copy.mkdir(parents=True)
        for path in package.rglob("*"):
            target = copy / path.relative_to(package)
            if path.is_dir():
                target.mkdir(exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        assert package_hash(copy) == before
        (package / "sub" / "mod.py").touch()
        assert package_hash(package) == before

    @pytest.mark.parametrize(
        "change",
        [
            lambda root: (root / "sub" / "mod.py").write_text("def f():\n    return 3\n"),
            lambda root: (root / "sub" / "new.py").write_text(""),
            lambda root: (root / "sub" / "mod.py").rename(root / "sub" / "other.py"),
            lambda root: (root / "__init__.py").unlink(),
        ],
        ids=["edit", "add", "rename", "delete"],
    )
    def test_changes_when_a_python_file_changes(self, ext, package, change):
        package_hash = ext["package_hash"].package_hash
        before = package_hash(package)
        change(package)
        assert package_hash(package) != before

    def test_ignores_files_that_are_not_python(self, ext, package):
        package_hash = ext["package_hash"].package_hash
        before = package_hash(package)
        (package / "notes.txt").write_text("edited\n")
        (package / "sub" / "cache.pyc").write_bytes(b"\0\1")
        assert package_hash(package) == before

    def test_the_real_package_hashes(self, ext):
        root = Path(__file__).resolve().parents[1] / "weightinit"
        assert re.fullmatch("[0-9a-f]{16}", ext["package_hash"].package_hash(root))


class TestOfflineInventories:
    @pytest.fixture
    def written(self, ext, tmp_path):
        return ext["offline_inventories"].write_inventories(tmp_path / "nested" / "inv")

    def load(self, name, written):
        from sphinx.util.inventory import InventoryFile

        url, path = written[name]
        return InventoryFile.loads(path.read_bytes(), uri=url).data

    def test_one_inventory_per_project(self, ext, written):
        assert set(written) == set(ext["offline_inventories"].PROJECTS)
        for url, path in written.values():
            assert url.startswith("https://") and url.endswith("/")
            assert path.is_file()

    def test_every_entry_loads_with_sphinx(self, ext, written):
        for name, (project, url, version, entries) in ext["offline_inventories"].PROJECTS.items():
            data = self.load(name, written)
            assert sum(len(objects) for objects in data.values()) == len(entries)
            for object_name, role, uri in entries:
                item = data[role][object_name]
                assert item.project_name == project
                assert item.project_version == version
                assert item.uri == url + uri.replace("$", object_name)

    @pytest.mark.parametrize(
        ("name", "role", "obj", "url"),
        [
            (
                "numpy",
                "py:class",
                "numpy.random.Generator",
                "https://numpy.org/doc/stable/reference/random/generator.html"
                "#numpy.random.Generator",
            ),
            (
                "python",
                "py:exception",
                "ValueError",
                "https://docs.python.org/3/library/exceptions.html#ValueError",
            ),
            (
                "matplotlib",
                "py:class",
                "matplotlib.axes.Axes",
                "https://matplotlib.org/stable/api/_as_gen/matplotlib.axes.Axes.html"
                "#matplotlib.axes.Axes",
            ),
            (
                "torch",
                "py:function",
                "torch.nn.init.kaiming_uniform_",
                "https://docs.pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_uniform_",
            ),
        ],
    )
    def test_objects_the_docs_refer_to(self, written, name, role, obj, url):
        assert self.load(name, written)[role][obj].uri == url

    def test_rewriting_the_same_inventories_leaves_the_files_alone(self, ext, written):
        stamps = {name: path.stat().st_mtime_ns for name, (_, path) in written.items()}
        contents = {name: path.read_bytes() for name, (_, path) in written.items()}
        directory = next(iter(written.values()))[1].parent
        again = ext["offline_inventories"].write_inventories(directory)
        assert again == written
        for name, (_, path) in again.items():
            assert path.read_bytes() == contents[name]
            assert path.stat().st_mtime_ns == stamps[name]

    def test_a_stale_file_is_replaced(self, ext, written):
        _, path = written["numpy"]
        path.write_bytes(b"stale")
        ext["offline_inventories"].write_inventories(path.parent)
        assert "numpy.ndarray" in self.load("numpy", written)["py:class"]


@pytest.mark.parametrize(("dpi", "inches"), [(192, 4.7), (100, 6.4), (200, 7.4)])
def test_figure_width_reads_a_matplotlib_png(ext, tmp_path, dpi, inches):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(inches, 2.0), dpi=dpi)
    path = tmp_path / "figure.png"
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    width, height, read_dpi = ext["figure_width"].png_size(path)
    assert (width, height) == (round(inches * dpi), round(2.0 * dpi))
    assert read_dpi == pytest.approx(dpi, rel=1e-3)  # pHYs stores whole dots per metre
    assert ext["figure_width"].css_width(path) == round(inches * 96)


def test_figure_width_rejects_other_files_and_skips_unknown_resolution(ext, tmp_path):
    import struct
    import zlib

    other = tmp_path / "figure.svg"
    other.write_text("<svg/>")
    with pytest.raises(ValueError, match="not a PNG"):
        ext["figure_width"].png_size(other)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 30, 20, 8, 6, 0, 0, 0))
    bare = tmp_path / "bare.png"
    bare.write_bytes(b"\x89PNG\r\n\x1a\n" + header + chunk(b"IEND", b""))
    assert ext["figure_width"].png_size(bare) == (30, 20, None)
    assert ext["figure_width"].css_width(bare) is None


def test_package_hash_covers_the_extra_file(ext, package, tmp_path):
    rc = tmp_path / "matplotlibrc"
    rc.write_text("figure.dpi: 192\n")
    package_hash = ext["package_hash"].package_hash
    with_rc = package_hash(package, extra=rc)
    assert with_rc != package_hash(package)
    rc.write_text("figure.dpi: 100\n")
    assert package_hash(package, extra=rc) != with_rc


def test_page_numbers_restart_on_every_page_in_page_order(ext):
    restart = ext["page_numbers"].restart_per_page
    numbers = {
        "figure": {"fig-c": (21,), "fig-a": (17,), "fig-b": (18,)},
        "displaymath": {"eq-x": (2, 1), "eq-y": (1, 9)},
    }
    assert restart(numbers) == {
        "figure": {"fig-a": (1,), "fig-b": (2,), "fig-c": (3,)},
        "displaymath": {"eq-y": (1,), "eq-x": (2,)},
    }
    assert restart({}) == {}
