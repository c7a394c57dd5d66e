"""Fixtures for the firpath tests (the builders live in firpath_builders.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path; the test
# modules import their builders from this folder.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import pytest  # noqa: E402
from firpath_builders import index  # noqa: E402

from firpath.stages.mapping import CplIndex  # noqa: E402


@pytest.fixture
def cpl_index() -> CplIndex:
    return index()
