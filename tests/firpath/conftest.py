"""Fixtures for the firpath tests (the builders live in firpath_builders.py)."""

from __future__ import annotations

import pytest  # noqa: E402

from firpath.stages.mapping import CplIndex  # noqa: E402
from tests.builders import index  # noqa: E402


@pytest.fixture
def cpl_index() -> CplIndex:
    return index()
