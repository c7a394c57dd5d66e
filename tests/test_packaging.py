"""The wheel installs exactly the declared packages, and building it (or the editable install `make`
does) raises no setuptools warning.

Built from a copy of the sources in tmp_path: setuptools writes build/ and *.egg-info next to the
pyproject.toml it builds, and the tree stays free of generated output. The hooks are called with the
environment's own setuptools, so the test needs no network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = ("firpath", "flows", "extractors", "expectations", "staging")
DATA_SUFFIXES = (".json", ".html", ".css", ".svg")


def _source_copy(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in TOP_LEVEL:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tests", "benchmarks", "tools"):  # beside the packages, as in a checkout; never installed
        (source / name).mkdir()
        (source / name / "__init__.py").write_text("", encoding="utf-8")
    return source


def _build(source: Path, hook: str, out: Path) -> tuple[Path, str]:
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c",
         f"from setuptools import build_meta; print(build_meta.{hook}({str(out)!r}))"],
        check=False, cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out / done.stdout.splitlines()[-1], done.stdout + done.stderr


def _warnings(output: str) -> list[str]:
    """setuptools' warnings (SetuptoolsWarning, BuildBackendWarning, InformationOnly ...) come as
    `file:line: SomeName: title` followed by a block between `!!` lines."""
    return [line for line in output.splitlines() if "Warning" in line or "InformationOnly" in line or line == "!!"]


def test_the_wheel_holds_exactly_the_packages_and_their_data(tmp_path):
    source = _source_copy(tmp_path)
    wheel, output = _build(source, "build_wheel", tmp_path / "wheel")
    assert _warnings(output) == []
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(source).as_posix()
        for name in TOP_LEVEL
        for path in (source / name).rglob("*")
        if path.is_file() and (path.suffix == ".py" or path.suffix in DATA_SUFFIXES)
    }
    installed = {name for name in names if ".dist-info/" not in name}
    assert installed - expected == set()  # nothing the sources do not hold (tests/, benchmarks/, tools/ ...)
    assert expected - installed == set()  # every module and data file: a new subpackage must be declared
    top_level = zipfile.ZipFile(wheel).read("firpath-0.1.0.dist-info/top_level.txt").decode().split()
    assert sorted(top_level) == sorted(TOP_LEVEL)


def test_the_editable_install_raises_no_warning(tmp_path):
    """`make install` installs in editable mode: the one pip prints setuptools' notice for."""
    source = _source_copy(tmp_path)
    wheel, output = _build(source, "build_editable", tmp_path / "editable")
    assert _warnings(output) == []
    assert wheel.name.startswith("firpath-0.1.0-0.editable-")
