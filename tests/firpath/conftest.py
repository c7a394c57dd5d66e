"""Fixtures for the firpath tests (the builders live in firpath_builders.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest  # noqa: E402

from firpath.stages.mapping import CplIndex  # noqa: E402
from tests.builders import index  # noqa: E402
from tests.imap.dovecot import Dovecot, running_dovecot  # noqa: E402


@pytest.fixture
def cpl_index() -> CplIndex:
    return index()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A real Dovecot IMAP server on loopback with one user and an empty mailbox (tests/imap)."""
    with running_dovecot() as server:
        yield server
