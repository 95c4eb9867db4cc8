"""Tests of the Sphinx helpers in docs/_ext: hash, inventories, wheel, run box, figures."""

import hashlib
import importlib
import os
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
DOCS = EXT.parent


@pytest.fixture(scope="module")
def ext():
    """Import docs/_ext modules by inserting the directory into sys.path (as docs/conf.py does)."""
    sys.path.insert(0, str(EXT))
    try:
        yield {
            name: importlib.import_module(name)
            for name in (
                "package_hash",
                "package_wheel",
                "notebook_download",
                "figure_width",
                "page_numbers",
                "japanese",
                "execution_status",
            )
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

    @pytest.mark.parametrize(
        "source",
        [
            'def f():\n    """Return two."""\n    return 2\n',
            "def f():\n    # the answer\n    return 2  # two\n",
            "def f():\n\n    return (\n        2\n    )\n",
            '"""A module."""\ndef f():\n    return 2\n',
        ],
        ids=["docstring", "comments", "layout", "module-docstring"],
    )
    def test_ignores_docstrings_comments_and_layout(self, ext, package, source):
        package_hash = ext["package_hash"].package_hash
        before = package_hash(package)
        (package / "sub" / "mod.py").write_text(source)
        assert package_hash(package) == before

    @pytest.mark.parametrize(
        "source",
        [
            "def f():\n    return 2.0\n",
            "def f():\n    '''Return two.'''\n    return '2'\n",
            "def g():\n    return 2\n",
            "def f():\n    return 2\nf.__doc__ = 'set at run time'\n",
        ],
        ids=["constant", "string-value", "name", "statement"],
    )
    def test_changes_when_the_code_changes(self, ext, package, source):
        package_hash = ext["package_hash"].package_hash
        before = package_hash(package)
        (package / "sub" / "mod.py").write_text(source)
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


@pytest.fixture(scope="module")
def mapping():
    """docs/conf.py's intersphinx_mapping."""
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    saved = dict(os.environ)
    try:  # conf.py sets variables for the kernels: keep them out of this process
        exec(
            compile((DOCS / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"),
            namespace,
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return namespace["intersphinx_mapping"]


class TestCommittedInventories:
    """docs/_intersphinx/: the trimmed inventories intersphinx reads instead of the network."""

    def load(self, mapping, name):
        from sphinx.util.inventory import InventoryFile

        url, path = mapping[name]
        return InventoryFile.loads(Path(path).read_bytes(), uri=url).data

    def test_every_project_reads_a_committed_file(self, mapping):
        assert set(mapping) == {"python", "numpy", "matplotlib", "torch"}
        for url, path in mapping.values():
            assert url.startswith("https://") and url.endswith("/")
            assert Path(path).parent == DOCS / "_intersphinx" and Path(path).is_file()

    def test_the_readme_names_every_file_with_its_source(self, mapping):
        readme = (DOCS / "_intersphinx" / "README.md").read_text(encoding="utf-8")
        for name, (url, path) in mapping.items():
            row = next(line for line in readme.splitlines() if f"`{Path(path).name}`" in line)
            assert url in row, name
        assert sorted(p.name for p in (DOCS / "_intersphinx").glob("*.inv")) == sorted(
            Path(path).name for _, path in mapping.values()
        )

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
            ("python", "py:class", "dict", "https://docs.python.org/3/library/stdtypes.html#dict"),
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
    def test_objects_the_docs_refer_to(self, mapping, name, role, obj, url):
        assert self.load(mapping, name)[role][obj].uri == url


@pytest.fixture(scope="module")
def trim():
    """scripts/trim_inventory.py, imported."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        yield importlib.import_module("trim_inventory")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


class TestTrimInventory:
    def write(self, path, lines, project="Demo", version="1.0"):
        header = (
            "# Sphinx inventory version 2\n"
            f"# Project: {project}\n# Version: {version}\n"
            "# The remainder of this file is compressed using zlib.\n"
        )
        path.write_bytes(header.encode() + zlib.compress("".join(lines).encode()))

    def test_keeps_what_the_target_holds_and_what_is_added(self, trim, tmp_path):
        full, target = tmp_path / "full.inv", tmp_path / "demo.inv"
        self.write(
            full,
            [
                "demo.A py:class 1 api.html#$ -\n",
                "demo.B py:class 1 api.html#$ -\n",
                "demo.B std:label -1 guide.html#$ The B guide\n",
                "demo.C py:function 1 api.html#$ -\n",
            ],
            version="2.0",
        )
        self.write(target, ["demo.A py:class 1 old.html#$ -\n"])
        missing = trim.trim(full, target, [("py:class", "demo.B"), ("py:class", "demo.Z")])
        assert missing == [("py:class", "demo.Z")]
        header, lines = trim.read(target)
        assert header[2] == "# Version: 2.0"  # the full inventory's header
        assert lines == ["demo.A py:class 1 api.html#$ -", "demo.B py:class 1 api.html#$ -"]

        from sphinx.util.inventory import InventoryFile

        data = InventoryFile.loads(target.read_bytes(), uri="https://demo/").data
        assert data["py:class"]["demo.B"].uri == "https://demo/api.html#demo.B"

    def test_refuses_what_is_not_an_inventory(self, trim, tmp_path):
        (tmp_path / "x.inv").write_bytes(b"hello\n")
        with pytest.raises(SystemExit, match="not a Sphinx inventory"):
            trim.read(tmp_path / "x.inv")


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path):
    """A tiny project laid out like this one: pyproject, readme and a weightinit package."""
    root = tmp_path / "project"
    (root / "weightinit" / "sub" / "__pycache__").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "weightinit"\nversion = "9.8.7"\nreadme = "README.md"\n'
        'requires-python = ">=3.11"\n[project.optional-dependencies]\ndata = ["pooch"]\n'
        '[tool.setuptools.packages.find]\ninclude = ["weightinit*"]\n'
    )
    (root / "README.md").write_text("# weightinit\n")
    (root / "weightinit" / "__init__.py").write_text("x = 1\n")
    (root / "weightinit" / "sub" / "__init__.py").write_text("")
    (root / "weightinit" / "sub" / "mod.py").write_text("y = 2\n")
    (root / "weightinit" / "sub" / "__pycache__" / "stale.py").write_text("z = 3\n")
    (root / "weightinit" / "notes.txt").write_text("not source\n")
    (root / "weightinit" / "data" / "set").mkdir(parents=True)
    (root / "weightinit" / "data" / "set" / "digits.gz").write_bytes(b"\x1f\x8b")
    return root


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class TestPackageWheel:
    def test_inputs_are_metadata_readme_sources_and_data(self, ext, project):
        files = ext["package_wheel"].wheel_inputs(project)
        assert [path.relative_to(project).as_posix() for path in files] == [
            "pyproject.toml",
            "README.md",
            "weightinit/__init__.py",
            "weightinit/data/set/digits.gz",
            "weightinit/sub/__init__.py",
            "weightinit/sub/mod.py",
        ]

    def test_inputs_include_the_package_data_pyproject_names(self, ext, project):
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text() + '\n[tool.setuptools.package-data]\nweightinit = ["*.txt"]\n'
        )
        files = ext["package_wheel"].wheel_inputs(project)
        names = [path.relative_to(project).as_posix() for path in files]
        assert "weightinit/notes.txt" in names
        assert "weightinit/sub/__pycache__/stale.py" not in names

    def test_builds_the_same_bytes_from_two_copies(self, ext, project, tmp_path):
        build_wheel = ext["package_wheel"].build_wheel
        first = build_wheel(project, tmp_path / "cache-a", epoch="0")
        copy = tmp_path / "elsewhere" / "project"
        copy.parent.mkdir()
        subprocess.run(["cp", "-r", str(project), str(copy)], check=True)
        (copy / "weightinit" / "__init__.py").chmod(0o600)  # a different mode changes nothing
        second = build_wheel(copy, tmp_path / "cache-b", epoch="0")
        assert first.name == second.name == "weightinit-9.8.7-py3-none-any.whl"
        assert sha(first) == sha(second)
        with zipfile.ZipFile(first) as wheel:
            names = wheel.namelist()
            assert {"weightinit/__init__.py", "weightinit/sub/mod.py"} <= set(names)
            assert "weightinit/notes.txt" not in names
            assert not any("__pycache__" in name for name in names)
            assert {info.date_time for info in wheel.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            metadata = wheel.read("weightinit-9.8.7.dist-info/METADATA").decode()
            assert "Provides-Extra: data" in metadata

    def test_the_epoch_dates_the_files(self, ext, project, tmp_path):
        wheel = ext["package_wheel"].build_wheel(project, tmp_path / "cache", epoch="1700000000")
        with zipfile.ZipFile(wheel) as opened:
            assert {info.date_time[:3] for info in opened.infolist()} == {(2023, 11, 14)}

    def test_an_unchanged_source_reuses_the_cached_wheel(self, ext, project, tmp_path):
        build_wheel = ext["package_wheel"].build_wheel
        first = build_wheel(project, tmp_path / "cache", epoch="0")
        stamp = first.stat().st_mtime_ns
        assert build_wheel(project, tmp_path / "cache", epoch="0") == first
        assert first.stat().st_mtime_ns == stamp
        (project / "weightinit" / "sub" / "mod.py").write_text("y = 3\n")
        changed = build_wheel(project, tmp_path / "cache", epoch="0")
        assert changed != first and sha(changed) != sha(first)

    def test_a_failing_backend_is_reported(self, ext, project, tmp_path):
        pyproject = project / "pyproject.toml"
        pyproject.write_text(pyproject.read_text().replace("setuptools.build_meta", "no_backend"))
        with pytest.raises(RuntimeError, match="building the wheel with no_backend failed"):
            ext["package_wheel"].build_wheel(project, tmp_path / "cache", epoch="0")

    def test_the_real_wheel_installs_offline_and_imports(self, ext, tmp_path):
        wheel = ext["package_wheel"].build_wheel(ROOT, tmp_path / "cache", epoch="0")
        target = tmp_path / "site"
        offline = ["--quiet", "--no-index", "--no-deps", "--target", str(target)]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", *offline, str(wheel)],
            check=True,
            env={**os.environ, "PIP_NO_INPUT": "1"},
        )
        code = (
            "import weightinit.notebook as m; print(m.__file__); print(m.sci(2e-7)); "
            "from weightinit.datasets import load_mnist_test_digits as load; "
            "d = load(); print(d.name, d.source, d.x_train.shape[0] + d.x_test.shape[0])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(target)},
            capture_output=True,
            text=True,
            check=True,
        )
        where, formatted, digits = done.stdout.splitlines()
        assert Path(where).is_relative_to(target)
        assert formatted == "2 × 10⁻⁷"
        name, source, count = digits.split()
        # the wheel carries MNIST's test digits: read from the installed copy, all 10,000
        assert (name, count) == ("MNIST", "10000")
        assert Path(source).is_relative_to(target)


class TestRunBox:
    WHEEL = "weightinit-0.1.0-py3-none-any.whl"

    @pytest.mark.parametrize(
        ("extras", "line"),
        [
            ([], "pip install weightinit-0.1.0-py3-none-any.whl"),
            (["data"], 'pip install "weightinit-0.1.0-py3-none-any.whl[data]"'),
            (["test", "data"], 'pip install "weightinit-0.1.0-py3-none-any.whl[data,test]"'),
        ],
    )
    def test_install_line(self, ext, extras, line):
        assert ext["notebook_download"].install_line(self.WHEEL, extras) == line

    def test_python_requirement_comes_from_pyproject(self, ext, project):
        python_requirement = ext["notebook_download"].python_requirement
        assert python_requirement(project / "pyproject.toml") == "Python 3.11 or newer"
        assert python_requirement(ROOT / "pyproject.toml").startswith("Python 3.")

    def raw_links(self, box):
        from docutils import nodes

        return re.findall(r'href="([^"]+)"', "".join(n.astext() for n in box.findall(nodes.raw)))

    def test_a_lecture_box_links_the_notebook_and_the_wheel_relative_to_the_page(self, ext):
        from docutils import nodes

        box = ext["notebook_download"].run_box(
            "lecture/mnist", self.WHEEL, ["data"], "Python 3.11 or newer", {}
        )
        assert "run-this-page" in box["classes"]
        assert self.raw_links(box) == [
            "../_sources/lecture/mnist.ipynb",
            f"../_downloads/{self.WHEEL}",
        ]
        (code,) = box.findall(nodes.literal_block)
        assert code.astext().splitlines() == [
            f'pip install "{self.WHEEL}[data]"',
            "pip install jupyterlab  # or any other Jupyter",
            "jupyter lab mnist.ipynb",
        ]
        assert "needs the package's data extra" in box.astext()

    def test_the_front_page_box_names_the_pages_that_need_an_extra(self, ext):
        box = ext["notebook_download"].run_box(
            "index",
            self.WHEEL,
            [],
            "Python 3.11 or newer",
            {
                "lecture/mnist": ("Comparing initializations on MNIST", ["data"]),
                "lecture/depth": ("Deeper networks", ["data"]),
            },
        )
        assert self.raw_links(box) == [
            "_sources/index.ipynb",
            f"_downloads/{self.WHEEL}",
            "lecture/mnist.html",
            "lecture/depth.html",
        ]
        text = re.sub("<[^>]+>", "", box.astext())  # the links' text without their tags
        assert f"pip install {self.WHEEL}\n" in text
        line = f'pip install "{self.WHEEL}[data]"'
        # one sentence names every page that needs the extra, and gives its install line once
        assert text.count(line) == 1
        assert (
            f"Comparing initializations on MNIST and Deeper networks need the data extra, "
            f"which {line} installs." in text
        )

    def test_the_box_is_folded_under_its_title(self, ext):
        from docutils import nodes

        box = ext["notebook_download"].run_box(
            "lecture/he", self.WHEEL, [], "Python 3.11 or newer", {}
        )
        raw = [node.astext() for node in box.findall(nodes.raw)]
        assert raw[0].startswith("<details") and "open" not in raw[0].split(">")[0]
        assert "Run this page yourself" in raw[0]
        assert raw[-1].endswith("</details>")

    def test_the_japanese_box_is_in_japanese_and_installs_the_editions_extra(self, ext):
        from docutils import nodes

        box = ext["notebook_download"].run_box(
            "lecture/mnist", self.WHEEL, ["data"], "Python 3.11以降", {}, "ja", ["ja"]
        )
        raw = [node.astext() for node in box.findall(nodes.raw)]
        assert "このページを自分で実行する" in raw[0]
        # the links keep their targets, in the Japanese sentence's order
        links = ["../_sources/lecture/mnist.ipynb", f"../_downloads/{self.WHEEL}"]
        assert self.raw_links(box) == links
        (code,) = box.findall(nodes.literal_block)
        assert code.astext().splitlines()[0] == f'pip install "{self.WHEEL}[data,ja]"'
        text = re.sub("<[^>]+>", "", box.astext())
        assert "Python 3.11以降を使って" in text and "dataエクストラが必要です" in text
        assert "Download" not in text and "needs" not in text


class TestMergeStreams:
    @staticmethod
    def notebook(outputs):
        import nbformat

        cell = nbformat.v4.new_code_cell("print()")
        cell.outputs = [nbformat.from_dict(output) for output in outputs]
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), cell])

    @staticmethod
    def stream(text, name="stdout"):
        return {"output_type": "stream", "name": name, "text": text}

    def test_undoes_what_myst_nb_leaves_in_the_executed_notebook(self, ext):
        import copy

        from myst_nb.core.utils import coalesce_streams

        pieces = [self.stream("a\nb\n"), self.stream("c\n"), self.stream("d\n")]
        notebook = self.notebook(pieces)
        outputs = notebook.cells[1].outputs
        shown = copy.deepcopy(coalesce_streams(copy.deepcopy(outputs)))
        coalesce_streams(outputs)  # what the page renders; it merges into outputs[0] in place
        assert [output.text for output in outputs] == ["a\nb\nc\nd\n", "c\n", "d\n"]
        merged = ext["notebook_download"].merge_streams(notebook)
        assert merged.cells[1].outputs == shown
        assert [output.text for output in merged.cells[1].outputs] == ["a\nb\nc\nd\n"]

    def test_merges_pieces_nobody_merged(self, ext):
        figure = {"output_type": "display_data", "data": {"text/plain": "<Figure>"}, "metadata": {}}
        notebook = self.notebook(
            [
                self.stream("a\n"),
                self.stream("w\n", "stderr"),
                figure,
                self.stream("b"),
                self.stream("x\n", "stderr"),
            ]
        )
        outputs = ext["notebook_download"].merge_streams(notebook).cells[1].outputs
        assert [(output.output_type, output.get("text")) for output in outputs] == [
            ("stream", "a\nb\n"),
            ("stream", "w\nx\n"),
            ("display_data", None),
        ]

    def test_leaves_single_outputs_and_markdown_alone(self, ext):
        import copy

        notebook = self.notebook([self.stream("only\n")])
        before = copy.deepcopy(notebook)
        assert ext["notebook_download"].merge_streams(notebook) == before
        assert notebook.cells[1].outputs[0].text == "only\n"


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


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("原題: Xavierの初期値", ["原題: Xavierの初期値"]),
        ('the deck "6.2 重みの初期値" (chapter 6.2)', ["重みの初期値"]),
        ("vanishing gradients (勾配消失) and 表現力 later", ["勾配消失", "表現力"]),
        ("no Japanese here", []),
    ],
)
def test_japanese_runs(ext, text, runs):
    pieces = ext["japanese"].split_runs(text)
    assert "".join(piece for piece, _ in pieces) == text  # nothing lost or added
    assert [piece for piece, japanese in pieces if japanese] == runs


def test_japanese_runs_are_wrapped_outside_code(ext):
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("test", get_default_settings(Parser))
    paragraph = nodes.paragraph("", "", nodes.emphasis("", "原題: 重みの初期値"))
    paragraph += nodes.literal("", "print('重み')")
    document += paragraph
    transform = ext["japanese"].MarkJapanese(document)
    transform.run()
    (marked,) = document.findall(ext["japanese"].japanese)
    assert marked.astext() == "原題: 重みの初期値"
    assert isinstance(marked.parent, nodes.emphasis)
    assert not list(paragraph.children[1].findall(ext["japanese"].japanese))


def test_execution_status_gets_its_word(ext):
    from docutils import nodes

    def row(*cells, head=False):
        entry = nodes.entry
        return nodes.row("", *[entry("", nodes.paragraph(text=cell)) for cell in cells])

    table = nodes.table(
        "",
        nodes.tgroup(
            "",
            nodes.thead("", row("Document", "Run Time (s)", "Status")),
            nodes.tbody("", row("lecture/he", "1.5", "✅"), row("lecture/mnist", "3", "❌")),
        ),
    )
    assert ext["execution_status"].label_statuses(table) == 2
    statuses = [r.children[2].astext() for r in table.findall(nodes.row)][1:]
    assert statuses == ["✅ succeeded", "❌ failed"]
