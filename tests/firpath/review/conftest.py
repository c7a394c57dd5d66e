"""Fixtures for the review tests: one real demo run per module, and a fresh copy of its store per test.

The backfill flow runs once per module that asks for it (Prefect's test harness is held only while
the flow runs); each test then works on its own copy of the run's staging store, so one test's
decisions never leak into another's. The web app's fixtures live in tests/review/web/conftest.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

WORKBOOK_IMPORTER = "ingrid"  # who ran the backfill in the workbook tests (a reviewer too)
WORKBOOK_REVIEWERS = ("alice", "bob", WORKBOOK_IMPORTER)


def _sqlite_url(path: Path) -> str:
    return URL.create("sqlite", database=str(path.resolve())).render_as_string(hide_password=False)


@dataclass(frozen=True)
class WorkbookRun:
    """A finished demo run: its workdir and staging store file (copy it, never write to it)."""

    workdir: Path
    store_file: Path
    run_id: str


@pytest.fixture(scope="module")
def workbook_run(tmp_path_factory: pytest.TempPathFactory) -> WorkbookRun:
    """The backfill flow on the demo corpus, run by WORKBOOK_IMPORTER (once per module)."""
    from prefect.testing.utilities import prefect_test_harness

    from firpath.demo import write_demo

    workdir = tmp_path_factory.mktemp("workbook-demo")
    inputs = write_demo(workdir)
    store_file = workdir / "staging.sqlite"
    with prefect_test_harness(server_startup_timeout=180):
        from flows.backfill import backfill_flow

        result = backfill_flow(
            inputs.inbox, inputs.cpl, inputs.fir, workdir, _sqlite_url(store_file), 1, WORKBOOK_IMPORTER
        )
    from staging.store import StagingStore
    from tests.firpath.publish.publish_builders import register_reviewers

    with StagingStore.open(_sqlite_url(store_file)) as store:
        register_reviewers(store, WORKBOOK_REVIEWERS)
    return WorkbookRun(workdir, store_file, result.run_id)


@pytest.fixture
def workbook_store_url(workbook_run: WorkbookRun, tmp_path: Path) -> str:
    """A private copy of the run's store (SQLite's backup API, so WAL content is included)."""
    copy = tmp_path / "store" / "staging.sqlite"
    copy.parent.mkdir()
    source = sqlite3.connect(workbook_run.store_file)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return _sqlite_url(copy)


@pytest.fixture
def workbook_store(workbook_store_url: str) -> Iterator:
    """The staging store on the test's own copy (closed after the test)."""
    from staging.store import StagingStore

    store = StagingStore.open(workbook_store_url)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def workbook_board(workbook_store):
    """The review board on the test's own copy of the demo run."""
    from firpath.review.board import ReviewBoard

    return ReviewBoard.open(workbook_store)
