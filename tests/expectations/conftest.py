"""Fixtures for the expectation tests (the builders live in expectation_builders.py)."""

from __future__ import annotations

import pytest  # noqa: E402

from firpath.domain import ProposedChange  # noqa: E402
from tests.expectations.expectation_builders import E1, E2, E3, proposal  # noqa: E402


@pytest.fixture
def clean_proposals() -> list[ProposedChange]:
    """E2 on top of E1, E3 on top of E1 and E2: every rule holds."""
    return [proposal(E2, [E1]), proposal(E3, [E1, E2])]
