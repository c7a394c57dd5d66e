"""Fixtures for the expectation tests (the builders live in expectation_builders.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path; the test
# modules import their builders from this folder.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import pytest  # noqa: E402
from expectation_builders import E1, E2, E3, proposal  # noqa: E402

from firpath.domain import ProposedChange  # noqa: E402


@pytest.fixture
def clean_proposals() -> list[ProposedChange]:
    """E2 on top of E1, E3 on top of E1 and E2: every rule holds."""
    return [proposal(E2, [E1]), proposal(E3, [E1, E2])]
