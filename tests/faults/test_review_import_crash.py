"""`firpath review import` SIGKILLed halfway through a workbook, then run again, on SQLite and PostgreSQL.

Decisions are appended in batches of rows (`ReviewBoard.BATCH_SIZE`), each batch one transaction (not
the workbook all or nothing): after the kill the log holds exactly the decisions of the rows before
the kill point's batch, in sheet order, each whole. Importing the same workbook again records the rest. Rows recorded before the
kill are decided again under the usual rules: an approval is refused ("has already approved"), a
rejection or correction is recorded a second time, which changes nothing; every proposal ends in the
state an uninterrupted import gives.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from firpath.domain import ReviewAction
from firpath.review.board import ReviewBoard
from firpath.review.workbook import import_workbook
from staging.settings import StoreSettings, store_url
from staging.store import StagingStore
from tests.faults.review_store import build_finished_run, identity, returned_workbook
from tests.firpath.publish.publish_builders import REVIEWER_PASSWORDS

pytestmark = pytest.mark.integration

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
DEVICES = 500  # 1,500 proposals, 1,350 of them decided in the workbook: three batches
SEED = 11


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """FIRPATH_STORE_URL for the import: None (the workdir's SQLite file) or a fresh PostgreSQL schema."""
    return None if request.param == "sqlite" else str(request.getfixturevalue("postgres_schema_url"))


def _import(workbook: Path, workdir: Path, url: str | None) -> subprocess.Popen[str]:
    """`firpath review import` as alice, her password on standard input."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRPATH_")}
    if url is not None:
        env["FIRPATH_STORE_URL"] = url
        env["FIRPATH_DECISION_LOG_KEY_FILE"] = os.environ["FIRPATH_DECISION_LOG_KEY_FILE"]  # the test's own
    command = [sys.executable, "-m", "firpath.cli", "review", "import", str(workbook), "--reviewer", "alice",
               "--workdir", str(workdir)]  # fmt: skip
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, start_new_session=True)  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(REVIEWER_PASSWORDS["alice"] + "\n")
    process.stdin.close()
    process.stdin = None  # written and closed: communicate() has nothing to send
    return process


def test_an_import_killed_halfway_keeps_whole_rows_and_a_second_import_finishes_it(
    url: str | None, tmp_path: Path
) -> None:
    # what an uninterrupted import of the workbook records (on a store of its own)
    alone = store_url(tmp_path / "alone", StoreSettings(url=None))
    build_finished_run(alone, DEVICES)
    with StagingStore.open(alone) as store:
        board = ReviewBoard.open(store)
        workbook = tmp_path / "returned.xlsx"
        decided = returned_workbook(board, workbook)
        result = import_workbook(board, workbook, "alice")
        assert result.accepted == decided and not result.refused
        expected = [identity(d) for d in store.reviews.decisions()]
        expected_states = {entry: status.state for entry, status in board.statuses().items()}

    workdir = tmp_path / "wd"
    store_at = url or store_url(workdir, StoreSettings(url=None))
    build_finished_run(store_at, DEVICES)
    with StagingStore.open(store_at) as store:
        kill_at = random.Random(SEED).randint(10, decided // 2)
        process = _import(workbook, workdir, url)
        deadline = time.monotonic() + 120  # a bound on a stuck import, not a timing being tested
        while store.counts().decisions < kill_at and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, process.communicate()
        kept = [identity(d) for d in store.reviews.decisions()]
        assert kill_at <= len(kept) < decided  # killed halfway
        assert kept == expected[: len(kept)]  # the rows before the kill point, in order, each whole
        assert list(store.integrity_check().problems) == []

        again = _import(workbook, workdir, url)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 1 and err == "", (out, err)  # 1: some rows were refused, as said
        recorded_before = Counter(action for _, _, action, *_ in kept)
        first = out.splitlines()[0]
        assert first.startswith(f"Accepted {decided - recorded_before[ReviewAction.APPROVE]} decisions from ")
        refused = [line for line in out.splitlines() if line.startswith("  refused ")]
        assert len(refused) == recorded_before[ReviewAction.APPROVE]
        assert all("alice has already approved this path" in line for line in refused)

        board = ReviewBoard.open(store)
        assert {entry: status.state for entry, status in board.statuses().items()} == expected_states
        final = [identity(d) for d in store.reviews.decisions()]
        # everything of the uninterrupted import, plus the rejections and corrections recorded twice
        assert Counter(final) - Counter(expected) == Counter(
            d for d in kept if d[2] in (ReviewAction.REJECT, ReviewAction.CORRECT)
        )
        assert not Counter(expected) - Counter(final)
        assert list(store.integrity_check().problems) == []
