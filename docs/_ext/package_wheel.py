"""Ship the project's wheel with the site, so a downloaded notebook has something to install.

The site has no package index entry: readers install the wheel the build puts into
``_downloads/`` next to the notebooks. The wheel is built from the same source as the pages by
pypa's ``build`` (its ``ProjectBuilder``, the API behind ``python -m build``) calling the
project's build backend without network access (``python -m build --no-isolation``: the
backend must be installed, as the ``docs`` extra does), from a copy of the sources with
normalised permissions and with ``SOURCE_DATE_EPOCH`` set, so two clean builds give
byte-identical wheels. It is cached under the build directory by a hash of its inputs, so an
unchanged rebuild does not build it again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import build
import pyproject_hooks

#: Where the wheel goes in the built site (relative to the output directory).
DOWNLOADS = "_downloads"


def wheel_inputs(root: Path) -> list[Path]:
    """The files a wheel of the project is built from: metadata, readme and package files.

    The package files are its sources and the data files ``[tool.setuptools.package-data]``
    names (the figure style ``weightinit/matplotlibrc``, the shipped MNIST digits).
    """
    files = [root / "pyproject.toml"]
    config = tomllib.loads(files[0].read_text(encoding="utf-8"))
    project = config.get("project", {})
    readme = project.get("readme")
    if isinstance(readme, str):
        files.append(root / readme)
    files += sorted(root.glob("LICEN[CS]E*"))
    package = root / "weightinit"
    # The package's sources, its data folder (the shipped MNIST digits with their licence) and
    # any other file pyproject.toml names as package data.
    sources = {
        path
        for path in package.rglob("*")
        if path.suffix == ".py" or path.relative_to(package).parts[0] == "data"
    }
    data = config.get("tool", {}).get("setuptools", {}).get("package-data", {})
    for name, patterns in data.items():
        folder = root.joinpath(*name.split("."))
        sources.update(path for pattern in patterns for path in folder.glob(pattern))
    files += sorted(
        path
        for path in sources
        if path.is_file() and "__pycache__" not in path.relative_to(root).parts
    )
    return files


def inputs_hash(root: Path, files: list[Path], epoch: str) -> str:
    """A digest of every input's path and bytes, the epoch, and the Python that builds."""
    digest = hashlib.sha256(f"{epoch}\0{sys.version}\0".encode())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_wheel(root: Path, cache: Path, epoch: str | None = None) -> Path:
    """Build (or take from ``cache``) the wheel of the project at ``root``; return its path.

    ``epoch`` is the ``SOURCE_DATE_EPOCH`` stamped on the wheel's files (default: the
    environment's, else 0; zip files cannot hold times before 1980, which the backend clamps).
    """
    epoch = epoch if epoch is not None else os.environ.get("SOURCE_DATE_EPOCH", "0")
    files = wheel_inputs(root)
    target = cache / inputs_hash(root, files, epoch)
    built = sorted(target.glob("*.whl")) if target.is_dir() else []
    if len(built) == 1:
        return built[0]
    with tempfile.TemporaryDirectory(prefix="weightinit-wheel-") as scratch:
        source, output = Path(scratch, "src"), Path(scratch, "dist")
        for path in files:
            copy = source / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            copy.chmod(0o644)
        extra = {"SOURCE_DATE_EPOCH": epoch, "PYTHONDONTWRITEBYTECODE": "1"}

        def runner(cmd: Any, cwd: Any = None, extra_environ: Any = None) -> None:
            # the backend runs in a subprocess: quiet, with the epoch, and (by the umask the
            # subprocess inherits) the same modes for the files it generates
            pyproject_hooks.quiet_subprocess_runner(cmd, cwd, {**(extra_environ or {}), **extra})

        previous = os.umask(0o022)
        try:
            builder = build.ProjectBuilder(source, python_executable=sys.executable, runner=runner)
            missing = sorted(next(iter(chain)) for chain in builder.check_dependencies("wheel"))
            if missing:
                raise build.BuildException(f"missing build requirements {missing}")
            name = Path(builder.build("wheel", output)).name
        except (build.BuildException, build.BuildBackendException) as error:
            backend = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
            backend_name = backend.get("build-system", {}).get("build-backend", "setuptools")
            raise RuntimeError(
                f"building the wheel with {backend_name} failed (is the build backend installed? "
                f"`pip install -e .[docs]` installs it): {error}"
            ) from error
        finally:
            os.umask(previous)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(output / name, target / name)
    return target / name


def _build_on_init(app: Any) -> None:
    cache = Path(app.config.package_wheel_cache or Path(app.outdir).parent / "wheel")
    root = Path(app.config.package_wheel_root or Path(app.srcdir).parent)
    app.package_wheel = build_wheel(root, cache)


def _copy_on_finish(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir, DOWNLOADS, app.package_wheel.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(app.package_wheel, target)


def wheel_name(app: Any) -> str:
    """The file name of the wheel this build ships (after ``builder-inited``)."""
    return app.package_wheel.name


def setup(app: Any) -> dict[str, Any]:
    """Build the wheel when the builder starts; copy it into ``_downloads/`` at the end."""
    app.add_config_value("package_wheel_root", None, "env")
    app.add_config_value("package_wheel_cache", None, "env")
    app.connect("builder-inited", _build_on_init)
    app.connect("build-finished", _copy_on_finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
